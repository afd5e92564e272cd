// The map page: the initiatives of a search on the base map (basemap.js), one marker per initiative
// and municipality, clustered with counts. window.symbiosMap tells tests what it drew.
(function () {
  const holder = document.getElementById("map");
  const source = document.getElementById("map-data");
  if (!holder || !source || typeof L === "undefined" || !window.symbiosBasemap) return;
  const data = JSON.parse(source.textContent);
  const base = window.symbiosBasemap;
  const built = base.basemap(holder);
  const map = built.map;
  const clusters = base.clusterLayer();
  for (const m of data.markers) clusters.addLayer(base.initiativeMarker(m, data.lang));
  clusters.addTo(map);
  if (data.markers.length) map.fitBounds(clusters.getBounds().pad(0.08), { maxZoom: 7 });
  window.symbiosMap = {
    map: map,
    markers: data.markers.length,
    clusters: clusters,
    // Markers in the cluster group (clustered ones are not in the DOM), and the clusters drawn now.
    inGroup: () => clusters.getLayers().length,
    drawn: () => {
      const shown = [];
      map.eachLayer((layer) => {
        if (layer.getChildCount) shown.push({ count: layer.getChildCount(), lat: layer.getLatLng().lat, lon: layer.getLatLng().lng });
      });
      return shown;
    },
    outline: built.outline.then((layer) => (layer ? layer.getLayers().length : 0)),
  };
})();
