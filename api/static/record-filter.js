// The dashboard's record filter (/curate): as a name is typed, only the records whose names (either
// language) contain it stay listed, per kind, with the counts; without JavaScript the same form asks
// the server (?q=…&kind=…).
const input = document.querySelector("[data-record-filter]");
const kindSelect = document.querySelector("[data-record-kind]");
const count = document.querySelector("[data-record-count]");
const groups = Array.from(document.querySelectorAll("[data-group-kind]"));
const sv = document.documentElement.lang === "sv";

function filter() {
  const wanted = input.value.trim().toLocaleLowerCase();
  const kind = kindSelect.value;
  let shown = 0;
  for (const group of groups) {
    const items = Array.from(group.querySelectorAll("li[data-search]"));
    let here = 0;
    for (const item of items) {
      const match = (!kind || group.dataset.groupKind === kind) && item.dataset.search.includes(wanted);
      item.hidden = !match;
      if (match) here += 1;
    }
    group.hidden = Boolean(kind) && group.dataset.groupKind !== kind;
    const label = group.querySelector("[data-shown]");
    if (label) label.textContent = here === items.length ? `(${here})` : `(${here} ${sv ? "av" : "of"} ${items.length})`;
    shown += group.hidden ? 0 : here;
  }
  if (count) count.textContent = wanted ? `${sv ? "Poster vars namn innehåller" : "Records whose name contains"} ”${input.value.trim()}”: ${shown}.` : "";
}

if (input && kindSelect && groups.length) {
  input.addEventListener("input", filter);
  kindSelect.addEventListener("change", filter);
}
