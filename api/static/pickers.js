// Searchable pickers for the edit form (#20 item 2): every <select data-picker> in a [data-record-form]
// (and in blocks added later: the form dispatches "symbios:blocks-added" with the new element as detail)
// becomes a WAI-ARIA combobox with a listbox popup. What is chosen shows as removable chips (multiple)
// or as the input's text (single). The search matches each option's data-search (all its names in
// Swedish and English, lower case) without accents ("vaxthus" finds "växthus"); options with
// data-depth show as an indented tree whose matches keep their broader concepts in view.
// The <select> stays the source of truth: the widget only sets its options' selected state and
// dispatches "change", so the form posts what it posts without JavaScript, and other scripts that
// change the select (or add options) and dispatch "change" see the widget follow.
(function () {
  "use strict";
  const SV = {chosen: "Valda", remove: "Ta bort", none: "Inga träffar", results: (n) => n + (n === 1 ? " träff" : " träffar"),
              under: "under", added: "Vald:", removed: "Borttagen:", placeholder: "Sök …", more: "Skriv för att söka bland fler"};
  const EN = {chosen: "Chosen", remove: "Remove", none: "No matches", results: (n) => n + (n === 1 ? " match" : " matches"),
              under: "under", added: "Chosen:", removed: "Removed:", placeholder: "Search …", more: "Type to search among more"};
  const texts = () => (document.documentElement.lang === "en" ? EN : SV);
  const widgets = new WeakMap();
  let counter = 0;

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function labelOf(select) {
    if (select.id) {
      const label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
      if (label) return label;
    }
    return null;
  }

  class Picker {
    constructor(select) {
      this.select = select;
      this.multiple = select.multiple;
      this.tree = Array.from(select.options).some((o) => o.dataset.depth !== undefined);
      this.id = "picker-" + (++counter);
      this.active = -1;
      this.shown = [];
      this.build();
      this.render();
      select.addEventListener("change", () => { if (!this.changing) this.render(); });
      new MutationObserver(() => this.render()).observe(select, {childList: true, subtree: true});
    }

    build() {
      const t = texts(), select = this.select;
      const box = document.createElement("div");
      box.className = "picker-box" + (this.multiple ? " picker-multiple" : " picker-single") + (this.tree ? " picker-tree" : "");
      box.dataset.pickerWidget = "";
      const input = document.createElement("input");
      input.type = "text";
      input.id = this.id + "-input";
      input.className = "picker-input";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", this.id + "-list");
      input.placeholder = t.placeholder;
      const label = labelOf(select);
      if (label) {
        if (!label.id) label.id = this.id + "-label";
        input.setAttribute("aria-labelledby", label.id);
        label.addEventListener("click", (event) => { event.preventDefault(); input.focus(); });
      } else if (select.getAttribute("aria-label")) {
        input.setAttribute("aria-label", select.getAttribute("aria-label"));
      }
      for (const name of ["aria-describedby", "aria-invalid", "aria-required"]) {
        if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
      }
      if (select.required) input.setAttribute("aria-required", "true");
      const chips = document.createElement("ul");
      chips.className = "picker-chips";
      chips.setAttribute("aria-label", t.chosen);
      const list = document.createElement("ul");
      list.id = this.id + "-list";
      list.className = "picker-list";
      list.setAttribute("role", "listbox");
      list.tabIndex = -1;
      if (this.multiple) list.setAttribute("aria-multiselectable", "true");
      if (label) list.setAttribute("aria-labelledby", label.id);
      else if (select.getAttribute("aria-label")) list.setAttribute("aria-label", select.getAttribute("aria-label"));
      list.hidden = true;
      const status = document.createElement("p");
      status.className = "visually-hidden picker-status";
      status.setAttribute("role", "status");
      const control = document.createElement("div");
      control.className = "picker-control";
      control.append(input);
      if (this.multiple) box.append(chips);
      box.append(control, list, status);
      select.classList.add("picker-native");
      select.tabIndex = -1;
      select.setAttribute("aria-hidden", "true");
      select.after(box);
      Object.assign(this, {box, input, chips, list, status});

      input.addEventListener("input", () => this.open(true));
      input.addEventListener("focus", () => { if (!this.multiple) input.select(); });
      input.addEventListener("click", () => { if (this.list.hidden) this.open(false); });
      input.addEventListener("keydown", (event) => this.key(event));
      input.addEventListener("blur", () => setTimeout(() => {
        if (!this.box.contains(document.activeElement)) this.close(true);
      }, 120));
      list.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus in the input
      list.addEventListener("click", (event) => {
        const item = event.target.closest("[role=option]");
        if (item) this.choose(this.shown[Number(item.dataset.index)]);
      });
      chips.addEventListener("click", (event) => {
        const button = event.target.closest("button[data-value]");
        if (button) this.removeChip(button.dataset.value, true);
      });
    }

    options() {
      return Array.from(this.select.options);
    }

    // The options the query finds: each match, its broader options (tree) and, under a match, its narrower ones.
    matches(query) {
      const words = fold(query).split(/\s+/).filter(Boolean);
      const all = this.options().filter((o) => !(this.multiple && o.value === ""));
      if (!words.length) return all;
      const hit = (o) => { const text = fold((o.dataset.search || "") + " " + o.text); return words.every((w) => text.includes(w)); };
      if (!this.tree) return all.filter(hit);
      const keep = new Set();
      const path = [];  // the broader options of the current one, by depth
      let under = -1;   // depth of the match we are below, or -1
      for (const o of all) {
        const depth = Number(o.dataset.depth || 0);
        path.length = depth;
        if (under >= 0 && depth <= under) under = -1;
        if (hit(o)) {
          path.forEach((p) => keep.add(p));
          keep.add(o);
          if (under < 0) under = depth;
        } else if (under >= 0) {
          keep.add(o);
        }
        path[depth] = o;
      }
      return all.filter((o) => keep.has(o));
    }

    render() {
      const t = texts();
      const chosen = this.options().filter((o) => o.selected && o.value !== "");
      if (this.multiple) {
        this.chips.replaceChildren(...chosen.map((o) => {
          const li = document.createElement("li");
          li.className = "picker-chip";
          const name = document.createElement("span");
          name.textContent = o.text.trim();
          const button = document.createElement("button");
          button.type = "button";
          button.dataset.value = o.value;
          button.setAttribute("aria-label", t.remove + " " + o.text.trim());
          button.textContent = "×";
          button.addEventListener("keydown", (event) => this.chipKey(event, o.value));
          li.append(name, button);
          return li;
        }));
        this.chips.hidden = chosen.length === 0;
      } else if (document.activeElement !== this.input || this.list.hidden) {
        this.input.value = chosen.length ? chosen[0].text.trim() : "";
      }
      if (!this.list.hidden) this.fill(this.query());
    }

    query() {
      if (!this.multiple) {
        const chosen = this.options().find((o) => o.selected && o.value !== "");
        if (chosen && this.input.value === chosen.text.trim()) return "";
      }
      return this.input.value;
    }

    fill(query) {
      const t = texts();
      this.shown = this.matches(query);
      const items = this.shown.map((o, index) => {
        const li = document.createElement("li");
        li.id = this.id + "-o" + index;
        li.setAttribute("role", "option");
        li.className = "picker-option";
        li.dataset.index = String(index);
        li.setAttribute("aria-selected", o.selected && o.value !== "" ? "true" : "false");
        li.textContent = o.text.trim();
        if (o.value === "") li.classList.add("picker-empty");
        if (this.tree) {
          const depth = Number(o.dataset.depth || 0);
          li.style.paddingLeft = (0.5 + 1.25 * depth) + "rem";  // CSSOM, which the page's CSP allows
          if (depth === 0) li.classList.add("picker-root");
        }
        return li;
      });
      if (!items.length) {
        const li = document.createElement("li");
        li.className = "picker-nothing";
        li.setAttribute("aria-hidden", "true");
        li.textContent = t.none;
        items.push(li);
      }
      this.list.replaceChildren(...items);
      const selectedIndex = this.shown.findIndex((o) => o.selected);
      this.setActive(query.trim() ? this.shown.findIndex((o) => o.value !== "") : selectedIndex);
      this.status.textContent = query.trim() ? (this.shown.length ? t.results(this.shown.length) : t.none) : "";
    }

    open(fromTyping) {
      if (this.list.hidden) {
        this.list.hidden = false;
        this.input.setAttribute("aria-expanded", "true");
        this.box.classList.add("picker-open");
      }
      this.fill(fromTyping ? this.input.value : this.query());
    }

    close(restore) {
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.box.classList.remove("picker-open");
      this.active = -1;
      if (restore) {
        if (this.multiple) this.input.value = "";
        else this.render();
      }
    }

    setActive(index) {
      const items = this.list.querySelectorAll("[role=option]");
      items.forEach((li) => li.classList.remove("picker-active"));
      this.active = index;
      if (index < 0 || index >= items.length) {
        this.input.removeAttribute("aria-activedescendant");
        return;
      }
      const li = items[index];
      li.classList.add("picker-active");
      this.input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({block: "nearest"});
    }

    move(step) {
      if (this.list.hidden) { this.open(false); return; }
      const count = this.shown.length;
      if (!count) return;
      const next = this.active < 0 ? (step > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, this.active + step));
      this.setActive(next);
    }

    key(event) {
      switch (event.key) {
        case "ArrowDown": event.preventDefault(); if (event.altKey) this.open(false); else this.move(1); break;
        case "ArrowUp": event.preventDefault(); if (event.altKey) this.close(false); else this.move(-1); break;
        case "PageDown": if (!this.list.hidden) { event.preventDefault(); this.move(10); } break;
        case "PageUp": if (!this.list.hidden) { event.preventDefault(); this.move(-10); } break;
        case "Enter":
          if (!this.list.hidden) {
            event.preventDefault();  // never submit the form from the picker
            if (this.active >= 0) this.choose(this.shown[this.active]);
          } else if (this.input.value.trim()) {
            event.preventDefault();
            this.open(true);
          }
          break;
        case "Escape":
          if (!this.list.hidden) { event.preventDefault(); event.stopPropagation(); this.close(true); }
          else if (this.input.value) { event.preventDefault(); event.stopPropagation(); this.input.value = ""; if (!this.multiple) this.render(); }
          break;
        case "Backspace":
          if (this.multiple && this.input.value === "") {
            const chosen = this.options().filter((o) => o.selected && o.value !== "");
            if (chosen.length) { event.preventDefault(); this.removeChip(chosen[chosen.length - 1].value, false); }
          }
          break;
        case "Tab":
          this.close(true);
          break;
      }
    }

    chipKey(event, value) {
      if (event.key === "Backspace" || event.key === "Delete") {
        event.preventDefault();
        this.removeChip(value, true);
      }
    }

    changed() {
      this.changing = true;
      this.select.dispatchEvent(new Event("input", {bubbles: true}));
      this.select.dispatchEvent(new Event("change", {bubbles: true}));
      this.changing = false;
    }

    choose(option) {
      if (!option) return;
      const t = texts();
      if (this.multiple) {
        if (option.value === "") return;
        option.selected = !option.selected;
        this.changed();
        this.input.value = "";
        this.render();
        this.open(false);
        this.setActive(this.shown.indexOf(option));
        this.status.textContent = (option.selected ? t.added : t.removed) + " " + option.text.trim();
      } else {
        this.select.value = option.value;
        this.changed();
        this.close(false);
        this.render();
        this.status.textContent = option.value ? t.added + " " + option.text.trim() : "";
      }
    }

    removeChip(value, fromButton) {
      const t = texts();
      const option = this.options().find((o) => o.value === value);
      if (!option) return;
      const buttons = Array.from(this.chips.querySelectorAll("button[data-value]"));
      const at = buttons.findIndex((b) => b.dataset.value === value);
      option.selected = false;
      this.changed();
      this.render();
      this.status.textContent = t.removed + " " + option.text.trim();
      if (fromButton) {  // the focus goes to the chip that took its place, else to the search box
        const left = this.chips.querySelectorAll("button[data-value]");
        (left[Math.min(at, left.length - 1)] || this.input).focus();
      }
    }
  }

  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    const selects = root.matches && root.matches("select[data-picker]") ? [root] : root.querySelectorAll("select[data-picker]");
    for (const select of selects) {
      if (widgets.has(select)) continue;
      // a block cloned from one already enhanced carries a copy of its widget: drop it, then build this one's
      const copy = select.nextElementSibling;
      if (copy && copy.matches("[data-picker-widget]")) copy.remove();
      widgets.set(select, new Picker(select));
    }
  }

  function start() {
    for (const form of document.querySelectorAll("[data-record-form]")) {
      enhance(form);
      form.addEventListener("symbios:blocks-added", (event) => enhance(event.detail));
    }
  }

  window.SymbiosPickers = {enhance, fold};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
