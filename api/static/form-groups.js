// The record's parts in the edit form (#20 item 2): roles, exchanges, drivers, barriers, success
// factors, outcomes, funding and status history are groups (section[data-group]) of items. The server
// always renders one blank item at the end of a group (details[data-blank], "Add: role"), so the form
// works without JavaScript: fill it in, save, and the page comes back with another blank one. With
// JavaScript, opening the last blank item adds a fresh closed one after it, copied from the group's
// <template data-group-template> (its item number "__n__" replaced by the next free number), so a
// curator can add several roles in one save; the pickers, the quote picker and the "New actor" button
// enhance the new item when the form announces it with "symbios:blocks-added".
(function () {
  "use strict";

  function next(section) {
    let highest = -1;
    for (const item of section.querySelectorAll("[data-group-item]")) {
      const number = Number(item.dataset.number);
      if (Number.isInteger(number) && number > highest && item.closest("section[data-group]") === section) highest = number;
    }
    return highest + 1;
  }

  function addBlank(section) {
    const template = section.querySelector(":scope > template[data-group-template]");
    if (!template) return;
    const html = template.innerHTML.split("__n__").join(String(next(section)));
    const holder = document.createElement("div");
    holder.innerHTML = html;  // the page's own markup, from its <template>
    const item = holder.firstElementChild;
    template.before(item);
    watch(item);
    const form = section.closest("[data-record-form]");
    if (form) form.dispatchEvent(new CustomEvent("symbios:blocks-added", {detail: item, bubbles: true}));
  }

  function watch(item) {
    if (!item.matches("details[data-blank]")) return;
    item.addEventListener("toggle", () => {
      const section = item.closest("section[data-group]");
      const blanks = section.querySelectorAll(":scope > details[data-blank]");
      if (item.open && blanks[blanks.length - 1] === item) addBlank(section);
    });
  }

  window.SymbiosFormGroups = {addBlank};

  function start() {
    for (const item of document.querySelectorAll("section[data-group] > details[data-blank]")) watch(item);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
