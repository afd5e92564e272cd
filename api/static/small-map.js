// Small maps on record pages: the locator map of an initiative (#locator-map) and the map of a
// place's initiatives (#place-map). Each container carries its points in data-markers (a JSON list of
// {slug, label, place, lat, lon, status, resources}) and may carry data-center ([lat, lon]); the
// points go on the base map of basemap.js, clustered like the map page's.
(function () {
  if (typeof L === "undefined" || !window.symbiosBasemap) return;
  const base = window.symbiosBasemap;
  const lang = document.documentElement.lang || "sv";
  const drawn = {};
  for (const id of ["locator-map", "place-map"]) {
    const holder = document.getElementById(id);
    if (!holder || !holder.dataset.markers) continue;
    let points;
    try {
      points = JSON.parse(holder.dataset.markers);
    } catch (error) {
      continue;
    }
    points = (Array.isArray(points) ? points : []).filter((m) => m && Number.isFinite(m.lat) && Number.isFinite(m.lon));
    const built = base.basemap(holder, { short: true });
    const map = built.map;
    const clusters = base.clusterLayer();
    for (const m of points) clusters.addLayer(base.initiativeMarker(Object.assign({ label: "", place: "", resources: [] }, m), lang));
    clusters.addTo(map);
    if (points.length) {
      // an initiative's locator shows its part of Sweden; a place's map shows the place
      map.fitBounds(clusters.getBounds().pad(0.5), { maxZoom: id === "locator-map" ? 5 : 7 });
    } else if (holder.dataset.center) {
      const center = JSON.parse(holder.dataset.center);
      map.setView(center, 7);
    }
    drawn[id] = { map: map, markers: points.length, clusters: clusters };
  }
  window.symbiosSmallMaps = drawn;
})();
