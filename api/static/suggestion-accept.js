// Accepting a suggestion from the source (#20 item 4) puts it into the edit form — nothing is saved
// until the curator saves. suggestions.js dispatches "symbios:accept-suggestion" on document with the
// suggestion (see catalogue/suggestions.py): its target names the record's own field ({group: null,
// key: "startYear"}) or a field of a part ({group: "hasRole", key: "agent"}). A field of the record
// gets the value and the suggestion's quote in its evidence block; a part is a new item — the group's
// blank item is opened (form-groups.js then offers another blank one) and filled: the value, for a
// quantity or an outcome its numbers, unit and indicator, and the item's evidence block.
(function () {
  "use strict";

  function named(root, name) {
    return root.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  function choose(select, value, text) {
    if (!select) return;
    let option = Array.from(select.options).find((o) => o.value === value);
    if (!option) {
      option = new Option(text || value, value);
      select.append(option);
    }
    if (select.multiple) option.selected = true;
    else select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function put(root, name, value, text) {
    const element = named(root, name);
    if (!element || value === undefined || value === null) return;
    if (element.tagName === "SELECT") choose(element, String(value), text);
    else {
      element.value = String(value);
      element.dispatchEvent(new Event("input", {bubbles: true}));
    }
  }

  function fillEvidence(root, prefix, evidence) {
    for (const part of ["source", "locator", "quote", "prefix", "suffix"]) put(root, prefix + part, evidence[part] || "");
    const block = named(root, prefix + "quote");
    const details = block && block.closest("details");
    if (details) details.open = true;
  }

  function newItem(form, group) {
    const section = form.querySelector('section[data-group="' + CSS.escape(group) + '"]');
    if (!section) return null;
    const blanks = section.querySelectorAll(":scope > details[data-blank]");
    const item = blanks[blanks.length - 1];
    if (!item) return null;
    item.open = true;
    item.removeAttribute("data-blank");  // taken: the next suggestion for this group gets a fresh one
    item.dataset.fromSuggestion = "";
    if (window.SymbiosFormGroups) window.SymbiosFormGroups.addBlank(section);
    return item;
  }

  function name(item) {
    const field = item.querySelector("[name$='.ev.quote'], [name]");
    const match = field && field.getAttribute("name").match(/^([A-Za-z]+\.\d+)\./);
    return match ? match[1] : null;
  }

  function accept(suggestion) {
    const form = document.querySelector("[data-record-form]");
    if (!form) return;
    const target = suggestion.target || {};
    const label = suggestion.label && (suggestion.label[document.documentElement.lang] || suggestion.label.sv);
    if (!target.group) {
      put(form, target.key, suggestion.value, label);
      fillEvidence(form, "ev." + target.key + ".", suggestion.evidence);
      const field = form.querySelector('[data-field="' + CSS.escape(target.key) + '"]');
      if (field) field.scrollIntoView({block: "center"});
      return;
    }
    const item = newItem(form, target.group);
    const prefix = item && name(item);
    if (!prefix) return;
    if (suggestion.kind === "quantity") {
      for (const [key, value] of Object.entries(suggestion.values || {})) put(item, prefix + ".quantity.0." + key, value);
      put(item, prefix + ".quantity.0.unit", suggestion.unit);
      put(item, prefix + ".quantity.0.valueText.sv", label);  // the words the number was found in: "12 GWh per år"
    } else if (suggestion.kind === "outcome") {
      put(item, prefix + ".indicator", suggestion.indicator, label);
      for (const [key, value] of Object.entries(suggestion.values || {})) put(item, prefix + "." + key, value);
      put(item, prefix + ".unit", suggestion.unit);
    } else {
      put(item, prefix + "." + target.key, suggestion.value, label);
    }
    fillEvidence(item, prefix + ".ev.", suggestion.evidence);
    item.scrollIntoView({block: "center"});
  }

  document.addEventListener("symbios:accept-suggestion", (event) => accept(event.detail));
})();
