// The search page on a small screen: facet panels start closed (but those with a chosen value), so the
// results are near the top. Without JavaScript the panels simply stay as the page sent them.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 48rem)").matches) return;
  document.querySelectorAll("details.facet").forEach(function (panel) {
    if (!panel.querySelector(".facet-value.selected")) panel.open = false;
  });
})();
