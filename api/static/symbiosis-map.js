// Draws the symbiosis map of an initiative page with Cytoscape.js (installed from npm).
// The data is in <script id="symbiosis-data" type="application/json">; without JavaScript
// the exchange table below the map says the same.
(function () {
  const holder = document.getElementById("symbiosis-map");
  const source = document.getElementById("symbiosis-data");
  if (!holder || !source || typeof cytoscape !== "function") return;
  const data = JSON.parse(source.textContent);
  if (!data.edges.length && data.nodes.length < 2) { holder.hidden = true; return; }
  const colours = { energy: "#b23a1d", water: "#1f5fa8", materials: "#7a5200", gases: "#6b3fa0", "shared-resources": "#2f6b3b" };
  const lines = { existing: "solid", "in-test": "dashed", planned: "dashed", potential: "dotted", ended: "solid" };
  const elements = [
    ...data.nodes.map((n) => ({ data: n, classes: n.kind })),
    ...data.edges.map((e) => ({ data: e, classes: [e.status, e.category].filter(Boolean).join(" ") })),
  ];
  const cy = cytoscape({
    container: holder,
    elements: elements,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "text-max-width": 130, "font-size": 12,
        "background-color": "#2f6b3b", color: "#1b1b1b", "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22,
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
      { selector: "node.described", style: { "background-color": "#fff", "border-width": 2, "border-style": "dashed", "border-color": "#666", shape: "round-rectangle" } },
      { selector: "edge", style: { label: "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle", width: 3,
        "font-size": 11, "text-background-color": "#fafaf7", "text-background-opacity": 1,
        "line-color": (e) => colours[e.data("category")] || "#444", "target-arrow-color": (e) => colours[e.data("category")] || "#444",
        "line-style": (e) => lines[e.data("status")] || "solid" } },
      { selector: "edge.ended", style: { "line-color": "#999", "target-arrow-color": "#999", opacity: 0.7 } },
    ],
    // Providers above receivers: the flow reads top to bottom.
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.3, avoidOverlap: true, animate: false, padding: 30 },
  });
  cy.on("tap", "node.actor", (event) => { window.location.href = "/id/actor/" + event.target.data("slug") + window.location.search; });
  window.symbiosisMap = cy;  // for tests and curious readers
})();
