// "New actor" from inside the edit form (#20 item 2). In each <div data-inline-actor-slot> of a
// [data-record-form] (and in blocks added later) a button opens a dialog (GET /curate/actors/inline,
// loaded once) asking for the actor's names, type, places and the evidence that names it. Saving
// posts it as JSON to the same address, which stores the actor as a draft; the new actor is then
// added to every actor picker on the page and chosen in the one whose button opened the dialog.
// Problems come back at the dialog's fields and in a summary at its top. Without JavaScript there is
// no button: actors are then made on their own form (/curate/new?kind=actor).
(function () {
  "use strict";
  const SV = {
    open: "Ny aktör", saving: "Sparar …",
    created: (name) => "Aktören " + name + " är sparad som utkast och vald.",
    fix: "Något i formuläret behöver rättas:", choose: (name) => "Välj " + name + " i stället",
    login: "Du är utloggad. Logga in igen (i en ny flik) och spara sedan aktören.",
    stale: "Sidan är för gammal för att spara. Ladda om den och försök igen.",
    network: "Kunde inte nå servern. Försök igen om en stund.", failed: "Aktören kunde inte sparas.",
    load: "Kunde inte öppna formuläret för ny aktör.",
  };
  const EN = {
    open: "New actor", saving: "Saving …",
    created: (name) => "The actor " + name + " is saved as a draft and chosen.",
    fix: "Something in the form needs fixing:", choose: (name) => "Choose " + name + " instead",
    login: "You are logged out. Log in again (in a new tab), then save the actor.",
    stale: "The page is too old to save. Reload it and try again.",
    network: "Could not reach the server. Try again in a while.", failed: "The actor could not be saved.",
    load: "Could not open the new actor form.",
  };
  const lang = () => (document.documentElement.lang === "en" ? "en" : "sv");
  const t = () => (lang() === "en" ? EN : SV);
  const FIELDS = ["name_sv", "name_en", "actor_type", "places", "source", "locator", "quote"];
  let dialog = null, loading = null, opener = null, target = null;

  function actorPickers() {
    return document.querySelectorAll('select[data-picker="record"][data-kind="actor"]');
  }

  // The actor picker a slot belongs to: the nearest one in the slot's field (walking outwards).
  function pickerOf(slot) {
    for (let node = slot.parentElement; node; node = node.parentElement) {
      const found = node.querySelector('select[data-picker="record"][data-kind="actor"]');
      if (found) return found;
      if (node.matches("[data-record-form]")) break;
    }
    return null;
  }

  function control(name) {  // what the curator types in for a field: the picker's search box when there is one
    const element = dialog.querySelector('[name="' + name + '"]');
    const widget = element && element.nextElementSibling;
    return widget && widget.matches("[data-picker-widget]") ? widget.querySelector(".picker-input") : element;
  }

  async function load(form) {
    if (dialog) return dialog;
    if (!loading) {
      loading = fetch("/curate/actors/inline?lang=" + lang(), {credentials: "same-origin", headers: {Accept: "text/html"}})
        .then((response) => { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
        .then((html) => {
          const holder = document.createElement("div");
          holder.innerHTML = html;  // our own server's fragment; the page's CSP runs no script in it
          dialog = holder.querySelector("[data-inline-actor-dialog]");
          document.body.append(dialog);
          if (window.SymbiosPickers) window.SymbiosPickers.enhance(dialog);
          form.dispatchEvent(new CustomEvent("symbios:blocks-added", {detail: dialog, bubbles: true}));  // the evidence picker too
          wire(dialog);
          return dialog;
        })
        .finally(() => { loading = null; });
    }
    return loading;
  }

  function wire(element) {
    const form = element.querySelector("[data-inline-actor-form]");
    form.addEventListener("submit", (event) => { event.preventDefault(); save(form); });
    element.querySelector("[data-inline-cancel]").addEventListener("click", () => element.close());
    element.addEventListener("close", () => {
      if (opener && document.contains(opener)) opener.focus();
    });
  }

  function clearProblems(form) {
    for (const p of form.querySelectorAll("[data-error-for]")) { p.hidden = true; p.textContent = ""; }
    for (const name of FIELDS) { const c = control(name); if (c) c.removeAttribute("aria-invalid"); }
    const summary = form.querySelector("[data-inline-summary]");
    summary.hidden = true;
    summary.replaceChildren();
  }

  function showProblems(form, problems, fallback) {
    const summary = form.querySelector("[data-inline-summary]");
    const heading = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = t().fix;
    heading.append(strong);
    const list = document.createElement("ul");
    for (const problem of problems.length ? problems : [{message_sv: fallback, message_en: fallback}]) {
      const message = (lang() === "en" ? problem.message_en : problem.message_sv) || fallback;
      const field = FIELDS.includes(problem.field) ? problem.field : null;
      const li = document.createElement("li");
      if (field) {
        const at = form.querySelector('[data-error-for="' + field + '"]');
        at.textContent = at.textContent ? at.textContent + " " + message : message;
        at.hidden = false;
        const c = control(field);
        if (c) {
          c.setAttribute("aria-invalid", "true");
          if (!c.id) c.id = "inline-actor-" + field + "-control";
          if (at.id && !(c.getAttribute("aria-describedby") || "").includes(at.id)) {
            c.setAttribute("aria-describedby", ((c.getAttribute("aria-describedby") || "") + " " + at.id).trim());
          }
        }
        const link = document.createElement("a");
        link.href = "#" + (c ? c.id : at.id);
        link.textContent = message;
        link.addEventListener("click", (event) => { event.preventDefault(); if (c) c.focus(); });
        li.append(link);
      } else {
        li.textContent = message;
      }
      if (problem.value && problem.value.startsWith("https://w3id.org/symbios/id/actor/") && target) {
        const known = Array.from(target.options).find((o) => o.value === problem.value);
        if (known) {
          const choose = document.createElement("button");
          choose.type = "button";
          choose.className = "secondary";
          choose.textContent = t().choose(known.text.trim());
          choose.addEventListener("click", () => { select(target, known); dialog.close(); });
          li.append(" ", choose);
        }
      }
      list.append(li);
    }
    summary.replaceChildren(heading, list);
    summary.hidden = false;
    summary.focus();
  }

  function select(picker, option) {
    if (picker.multiple) option.selected = true;
    else picker.value = option.value;
    picker.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function addEverywhere(record) {
    const copies = Array.from(document.querySelectorAll("template[data-group-template]"))  // items added later too
      .flatMap((t) => Array.from(t.content.querySelectorAll('select[data-picker="record"][data-kind="actor"]')));
    for (const picker of [...actorPickers(), ...copies]) {
      let option = Array.from(picker.options).find((o) => o.value === record.record);
      if (!option) {
        option = new Option(record.label, record.record);
        option.dataset.search = record.search;
        const after = Array.from(picker.options).find((o) => o.value && o.text.localeCompare(record.label, "sv") > 0);
        picker.insertBefore(option, after || null);
      }
      if (picker === target) select(picker, option);
    }
  }

  function valueOf(form, name) {
    const element = form.querySelector('[name="' + name + '"]');
    return element ? element.value : "";
  }

  async function save(form) {
    clearProblems(form);
    const button = form.querySelector("[data-inline-save]");
    const places = Array.from(form.querySelector('[name="places"]').selectedOptions).map((o) => o.value);
    const body = {
      name: {sv: valueOf(form, "name_sv"), en: valueOf(form, "name_en")},
      actor_type: valueOf(form, "actor_type") || null, places: places,
      evidence: {source: valueOf(form, "source") || null, locator: valueOf(form, "locator"), quote: valueOf(form, "quote"),
                 prefix: valueOf(form, "prefix"), suffix: valueOf(form, "suffix")},
    };
    const label = button.textContent;
    button.disabled = true;
    button.textContent = t().saving;
    let response, answer = {};
    try {
      response = await fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": form.dataset.csrf},
        body: JSON.stringify(body),
      });
      answer = await response.json().catch(() => ({}));
    } catch (error) {
      showProblems(form, [], t().network);
      return;
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
    if (response.status === 201) {
      addEverywhere(answer);
      announce(t().created(answer.label));
      form.reset();
      for (const s of form.querySelectorAll("select")) s.dispatchEvent(new Event("change", {bubbles: true}));
      dialog.close();
      const widget = target && target.nextElementSibling;
      if (widget && widget.matches("[data-picker-widget]")) opener = widget.querySelector(".picker-input") || opener;
      if (opener) opener.focus();
      return;
    }
    const message = response.status === 401 ? t().login : response.status === 403 ? t().stale : t().failed;
    showProblems(form, response.status === 401 || response.status === 403 ? [] : answer.problems || [], message);
  }

  function announce(text) {
    const slot = opener && opener.closest("[data-inline-actor-slot]");
    const status = slot && slot.querySelector("[data-inline-status]");
    if (status) status.textContent = text;
  }

  async function open(button, slot) {
    const form = slot.closest("[data-record-form]") || document.querySelector("[data-record-form]");
    opener = button;
    target = pickerOf(slot);
    try {
      await load(form);
    } catch (error) {
      const status = slot.querySelector("[data-inline-status]");
      if (status) status.textContent = t().load;
      return;
    }
    const inner = dialog.querySelector("[data-inline-actor-form]");
    clearProblems(inner);
    const typed = target && target.nextElementSibling && target.nextElementSibling.querySelector(".picker-input");
    const name = inner.querySelector('[name="name_sv"]');
    if (typed && typed.value.trim() && !name.value && !(target.selectedOptions[0] && target.selectedOptions[0].text.trim() === typed.value.trim())) {
      name.value = typed.value.trim();  // what the curator searched for and did not find
    }
    dialog.showModal();
    name.focus();
  }

  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    for (const slot of root.querySelectorAll("[data-inline-actor-slot]")) {
      const old = slot.querySelector("[data-inline-open]");
      if (old && old.inlineReady) continue;
      if (old) old.remove();  // a copy from a cloned block
      const button = document.createElement("button");
      button.type = "button";
      button.className = "inline-actor-open";
      button.dataset.inlineOpen = "";
      button.inlineReady = true;
      button.setAttribute("aria-haspopup", "dialog");
      button.textContent = t().open;
      button.addEventListener("click", () => open(button, slot));
      let status = slot.querySelector("[data-inline-status]");
      if (!status) {
        status = document.createElement("p");
        status.className = "inline-actor-saved";
        status.dataset.inlineStatus = "";
        status.setAttribute("role", "status");
      }
      slot.prepend(button);
      slot.append(status);
    }
  }

  function start() {
    for (const form of document.querySelectorAll("[data-record-form]")) {
      enhance(form);
      form.addEventListener("symbios:blocks-added", (event) => enhance(event.detail));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
