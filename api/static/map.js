// The map page: Leaflet (installed from npm) with one marker per initiative and municipality.
// Tiles come from the deployment's SYMBIOS_MAP_TILES; without it the markers stand on a plain map.
(function () {
  const holder = document.getElementById("map");
  const source = document.getElementById("map-data");
  if (!holder || !source || typeof L === "undefined") return;
  const data = JSON.parse(source.textContent);
  const map = L.map(holder, { scrollWheelZoom: false }).setView([62.5, 16.5], 4);
  if (data.tiles.url) {
    L.tileLayer(data.tiles.url, { maxZoom: 12, attribution: data.tiles.attribution }).addTo(map);
  }
  const colour = { active: "#2f6b3b", planned: "#1f5fa8", inactive: "#7a2e12", ended: "#7a2e12", "not-realised": "#7a2e12" };
  const layer = L.featureGroup();
  for (const m of data.markers) {
    const marker = L.circleMarker([m.lat, m.lon], { radius: 7, weight: 2, color: "#fff", fillColor: colour[m.status] || "#444", fillOpacity: 0.9 });
    const link = document.createElement("a");
    link.href = "/id/initiative/" + encodeURIComponent(m.slug) + "?lang=" + data.lang;
    link.textContent = m.label;
    const box = document.createElement("div");
    box.append(link, document.createElement("br"), document.createTextNode(m.place));
    if (m.resources.length) box.append(document.createElement("br"), document.createTextNode(m.resources.join(", ")));
    const tip = document.createElement("span");  // Leaflet puts a string in as HTML, an element as it is
    tip.textContent = m.label;
    marker.bindPopup(box).bindTooltip(tip);
    layer.addLayer(marker);
  }
  layer.addTo(map);
  if (data.markers.length) map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 8 });
  window.symbiosMap = { map: map, markers: data.markers.length };
})();
