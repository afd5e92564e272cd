// The finding pages' pickers: a filter box over each concept tree (the pages work without it).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // Show an item when its label or a narrower one matches; return whether any did.
  function filterItems(list, wanted) {
    let any = false;
    for (const item of list.children) {
      const label = item.querySelector(":scope > .tree-item span");
      const sub = item.querySelector(":scope > ul");
      const names = label.textContent + " | " + (item.dataset.also || "");  // other names: spillvärme finds Restvärme
      const own = !wanted || fold(names).includes(wanted);
      const below = sub ? filterItems(sub, own ? "" : wanted) : false;
      const shown = own || below;
      item.classList.toggle("filtered-out", !shown);
      any = any || shown;
    }
    return any;
  }
  for (const picker of document.querySelectorAll("[data-picker]")) {
    const box = picker.querySelector(".picker-filter");
    const input = box && box.querySelector("[data-filter]");
    const tree = picker.querySelector("[data-tree]");
    if (!input || !tree) continue;
    box.hidden = false;
    input.addEventListener("input", function () { filterItems(tree, fold(input.value.trim())); });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
  }
})();
