// Draws the symbiosis map of an initiative page with Cytoscape.js (installed from npm).
// The data is in <script id="symbiosis-data" type="application/json">; without JavaScript (and on a
// phone, where the diagram is hidden) the exchange table says the same. An edge label that would
// overlap another label is shown only while the edge, or its row in the table, is pointed at or focused.
(function () {
  const holder = document.getElementById("symbiosis-map");
  const source = document.getElementById("symbiosis-data");
  if (!holder || !source || typeof cytoscape !== "function") return;
  const data = JSON.parse(source.textContent);
  if (!data.edges.length && data.nodes.length < 2) return;
  const figure = holder.closest("figure");
  if (figure) figure.hidden = false;
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
    minZoom: 0.3,
    maxZoom: 2.5,
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "text-max-width": 130, "font-size": 14,
        "background-color": "#2f6b3b", color: "#1b1b1b", "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22,
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2 } },
      { selector: "node.described", style: { "background-color": "#fff", "border-width": 2, "border-style": "dashed", "border-color": "#666", shape: "round-rectangle" } },
      { selector: "edge", style: { label: "data(label)", "curve-style": "bezier", "control-point-step-size": 60,
        "target-arrow-shape": "triangle", width: 3, "font-size": 13, "text-wrap": "wrap", "text-max-width": 120,
        "text-background-color": "#fafaf7", "text-background-opacity": 1, "text-background-padding": 2,
        "line-color": (e) => colours[e.data("category")] || "#444", "target-arrow-color": (e) => colours[e.data("category")] || "#444",
        "line-style": (e) => lines[e.data("status")] || "solid" } },
      { selector: "edge.ended", style: { "line-color": "#999", "target-arrow-color": "#999", opacity: 0.7 } },
      { selector: "edge.quiet", style: { label: "" } },
      { selector: "edge.pointed", style: { label: "data(label)", width: 5, "z-index": 10, "font-weight": "bold" } },
    ],
    // Providers above receivers: the flow reads top to bottom, with room for the labels between ranks.
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.6, avoidOverlap: true, animate: false, padding: 30 },
  });

  // The label box of an element in model coordinates, without the edge's line or the node's body.
  const labelBox = (ele) => ele.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
  const overlap = (a, b) => a.w > 0 && b.w > 0 && a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

  // Each edge label tries a few places along its edge; one that still meets another label is shown
  // only when pointed at.
  const shifts = [[0, 0], [0, -14], [0, 14], [-40, 0], [40, 0], [0, -28], [0, 28]];
  function quieten() {
    cy.edges().removeClass("quiet").style({ "text-margin-x": 0, "text-margin-y": 0 });
    const kept = cy.nodes().map(labelBox);
    cy.edges().forEach((edge) => {
      for (const [x, y] of shifts) {
        edge.style({ "text-margin-x": x, "text-margin-y": y });
        const box = labelBox(edge);
        if (!kept.some((other) => overlap(box, other))) { kept.push(box); return; }
      }
      edge.style({ "text-margin-x": 0, "text-margin-y": 0 }).addClass("quiet");
    });
  }
  quieten();

  const rows = new Map();
  document.querySelectorAll("table.exchanges tr[data-edge]").forEach((row) => rows.set(row.dataset.edge, row));
  function point(id, on) {
    const edge = cy.getElementById(id);
    if (edge.nonempty()) edge.toggleClass("pointed", on);
    const row = rows.get(id);
    if (row) row.classList.toggle("highlight", on);
  }
  cy.on("mouseover", "edge", (event) => point(event.target.id(), true));
  cy.on("mouseout", "edge", (event) => point(event.target.id(), false));
  cy.on("tap", "edge", (event) => { cy.edges(".pointed").forEach((e) => point(e.id(), false)); point(event.target.id(), true); });
  rows.forEach((row, id) => {
    row.addEventListener("mouseenter", () => point(id, true));
    row.addEventListener("mouseleave", () => point(id, false));
    row.addEventListener("focusin", () => point(id, true));
    row.addEventListener("focusout", () => point(id, false));
  });
  cy.on("tap", "node.actor", (event) => { window.location.href = "/id/actor/" + event.target.data("slug") + window.location.search; });

  // Hidden on a phone (the table is shown instead): draw again when the diagram becomes visible.
  const wide = window.matchMedia("(min-width: 40.01rem)");
  wide.addEventListener("change", () => { if (wide.matches) { cy.resize(); cy.fit(undefined, 30); quieten(); } });
  window.symbiosisMap = cy;  // for tests and curious readers
})();
