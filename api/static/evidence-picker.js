// The quote picker of the edit form (#20 item 3). Every evidence block (fieldset[data-evidence], see
// the form's DOM contract) gets a button that opens the chosen source's text in a dialog: search it
// (spaces, non-breaking and thin spaces and line-break hyphens do not matter), step through the hits,
// select the quote with the mouse (or take the current hit) and "Use the quote": the server turns the
// picked range into the quote as the write's check reads it, the text just before and after it (a Web
// Annotation TextQuoteSelector) and the locator, which fill the block. Typing a quote by hand still works;
// the save checks it either way. Blocks added later announce themselves with `symbios:blocks-added`.
(function () {
  "use strict";
  const sv = (document.documentElement.lang || "sv").startsWith("sv");
  const T = sv ? {
    pick: "Välj citatet i källans text", title: "Välj citat i", search: "Sök i texten", previous: "Föregående",
    next: "Nästa", use: "Använd citatet", close: "Stäng", noSource: "Välj först källan.", hits: (n, i) => n ? `Träff ${i} av ${n}` : "Inga träffar",
    help: "Markera citatet i texten med musen, eller sök och ta träffen. Texten före och efter citatet sparas så att det kan hittas igen.",
    nothing: "Markera citatet i texten först (eller sök efter det).", loading: "Hämtar källans text …", section: "Gå till avsnitt",
    failed: "Källans text kunde inte hämtas: ", picked: "Citatet är ifyllt: kontrollera var i källan det står.",
  } : {
    pick: "Pick the quote in the source's text", title: "Pick a quote in", search: "Search the text", previous: "Previous",
    next: "Next", use: "Use the quote", close: "Close", noSource: "Choose the source first.", hits: (n, i) => n ? `Hit ${i} of ${n}` : "No hits",
    help: "Select the quote in the text with the mouse, or search and take the hit. The text before and after the quote is kept so it can be found again.",
    nothing: "Select the quote in the text first (or search for it).", loading: "Fetching the source's text …", section: "Go to section",
    failed: "The source's text could not be fetched: ", picked: "The quote is filled in: check where in the source it stands.",
  };
  const lang = sv ? "sv" : "en";
  const texts = new Map(); // source slug -> {title, text, sections}
  let dialog = null;
  let state = null; // {block, slug, source, hits: [[start, end]], current}

  function slugOf(iri) { return iri.replace(/\/+$/, "").split("/").pop(); }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === "text") node.textContent = value; else node.setAttribute(key, value);
    }
    children.forEach((child) => node.append(child));
    return node;
  }

  function buildDialog() {
    dialog = element("dialog", {class: "evidence-picker", "aria-labelledby": "evidence-picker-title"});
    dialog.innerHTML = `
      <div class="picker-head">
        <h2 id="evidence-picker-title"></h2>
        <button type="button" class="picker-close" data-close></button>
      </div>
      <p class="muted picker-help"></p>
      <div class="picker-tools">
        <label class="picker-search"><span></span> <input type="search" data-search autocomplete="off"></label>
        <button type="button" data-previous></button><button type="button" data-next></button>
        <span class="picker-hits" role="status" aria-live="polite" data-hits></span>
        <label class="picker-section"><span></span> <select data-section></select></label>
      </div>
      <div class="picker-text" data-text tabindex="0" lang="sv"></div>
      <p class="field-error" data-message role="alert" hidden></p>
      <div class="picker-actions"><button type="button" class="primary" data-use></button></div>`;
    dialog.querySelector("[data-close]").textContent = T.close;
    dialog.querySelector(".picker-help").textContent = T.help;
    dialog.querySelector(".picker-search span").textContent = T.search;
    dialog.querySelector("[data-previous]").textContent = T.previous;
    dialog.querySelector("[data-next]").textContent = T.next;
    dialog.querySelector(".picker-section span").textContent = T.section;
    dialog.querySelector("[data-use]").textContent = T.use;
    dialog.querySelector("[data-text]").setAttribute("aria-label", T.title);
    dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
    const search = dialog.querySelector("[data-search]");
    let timer = null;
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => find(search.value), 150); });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); step(event.shiftKey ? -1 : 1); }
    });
    dialog.querySelector("[data-previous]").addEventListener("click", () => step(-1));
    dialog.querySelector("[data-next]").addEventListener("click", () => step(1));
    dialog.querySelector("[data-section]").addEventListener("change", (event) => goTo(Number(event.target.value)));
    dialog.querySelector("[data-use]").addEventListener("click", use);
    // the latest selection in the text, kept when a click on a button collapses it
    document.addEventListener("selectionchange", () => {
      if (!state || !dialog.open) return;
      const range = selected();
      if (range) state.selection = range;
    });
    document.body.append(dialog);
  }

  // A pattern that finds the words of `query` whatever spaces, soft hyphens or line-break hyphens stand between
  // or inside them (the seed texts are PDF extractions: "spill-\nvärme", U+2009, U+00A0).
  function pattern(query) {
    const words = query.trim().split(/[\s\u00a0\u2009\u202f]+/).filter(Boolean);
    if (!words.length) return null;
    const gap = "(?:-[ \\t\\u00a0]*\\n[ \\t\\u00a0]*|\\u00ad)?";
    const word = (w) => Array.from(w).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(gap);
    return new RegExp(words.map(word).join("[\\s\\u00a0\\u2009\\u202f\\u00ad-]+"), "giu");
  }

  function render() {
    const {text, sections} = texts.get(state.slug);
    const box = dialog.querySelector("[data-text]");
    const cuts = new Set([0, text.length]);
    sections.forEach((s) => cuts.add(s.startUnits));
    state.hits.forEach(([s, e]) => { cuts.add(s); cuts.add(e); });
    const points = [...cuts].sort((a, b) => a - b);
    const hitAt = new Map(state.hits.map(([s, e], i) => [s, [e, i]]));
    const fragment = document.createDocumentFragment();
    let inHit = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      if (hitAt.has(start)) inHit = {end: hitAt.get(start)[0], index: hitAt.get(start)[1]};
      const span = element(inHit ? "mark" : "span", {"data-start": String(start), text: text.slice(start, end)});
      if (inHit) {
        span.dataset.hit = String(inHit.index);
        if (inHit.index === state.current) span.className = "current";
      }
      fragment.append(span);
      if (inHit && end >= inHit.end) inHit = null;
    }
    box.replaceChildren(fragment);
  }

  function find(query) {
    const {text} = texts.get(state.slug);
    const re = pattern(query);
    state.hits = [];
    if (re && query.trim().length >= 2) {
      for (const match of text.matchAll(re)) {
        state.hits.push([match.index, match.index + match[0].length]);
        if (state.hits.length >= 500) break;
      }
    }
    state.current = state.hits.length ? 0 : -1;
    state.selection = null;
    render();
    showCurrent();
  }

  function step(by) {
    if (!state.hits.length) return;
    state.current = (state.current + by + state.hits.length) % state.hits.length;
    state.selection = null;
    render();
    showCurrent();
  }

  function showCurrent() {
    const counter = dialog.querySelector("[data-hits]");
    const query = dialog.querySelector("[data-search]").value.trim();
    counter.textContent = query.length >= 2 ? T.hits(state.hits.length, state.current + 1) : "";
    const mark = dialog.querySelector("[data-text] mark.current");
    if (mark) mark.scrollIntoView({block: "center"});
  }

  function goTo(unitOffset) {
    const spans = [...dialog.querySelectorAll("[data-text] [data-start]")];
    const target = spans.find((s) => Number(s.dataset.start) >= unitOffset);
    if (target) target.scrollIntoView({block: "start"});
  }

  // The selection in the text box as UTF-16 offsets into the text, or null.
  function selected() {
    const selection = window.getSelection();
    const box = dialog.querySelector("[data-text]");
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    const offset = (node, within) => {
      if (node === box) {
        const child = box.childNodes[within];
        return child ? Number(child.dataset.start) : texts.get(state.slug).text.length;
      }
      const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
      return Number(span.dataset.start) + (node.nodeType === Node.TEXT_NODE ? within : 0);
    };
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    return end > start ? [start, end] : null;
  }

  function codePoints(text, units) { return Array.from(text.slice(0, units)).length; }

  async function use() {
    const message = dialog.querySelector("[data-message]");
    const range = selected() || state.selection || (state.current >= 0 ? state.hits[state.current] : null);
    if (!range) { message.textContent = T.nothing; message.hidden = false; return; }
    const {text} = texts.get(state.slug);
    const params = new URLSearchParams({start: codePoints(text, range[0]), end: codePoints(text, range[1]), lang});
    const response = await fetch(`/curate/sources/${encodeURIComponent(state.slug)}/quote?${params}`, {credentials: "same-origin"});
    const body = await response.json();
    if (!response.ok) { message.textContent = body.error || T.nothing; message.hidden = false; return; }
    const part = (name) => state.block.querySelector(`[data-evidence-part="${name}"]`);
    part("quote").value = body.quote;
    if (part("prefix")) part("prefix").value = body.prefix;
    if (part("suffix")) part("suffix").value = body.suffix;
    if (part("locator") && body.locator) part("locator").value = body.locator;
    const details = state.block.closest("details");
    if (details) details.open = true;
    let note = state.block.querySelector("[data-picked]");
    if (!note) { note = element("p", {class: "muted", "data-picked": "", role: "status"}); state.block.append(note); }
    note.textContent = T.picked;
    dialog.close();
    (part("locator") || part("quote")).focus();
  }

  async function open(block) {
    const source = block.querySelector('[data-evidence-part="source"]');
    const status = block.querySelector("[data-pick-status]");
    if (!source || !source.value) { status.textContent = T.noSource; source && source.focus(); return; }
    const slug = slugOf(source.value);
    if (!texts.has(slug)) {
      status.textContent = T.loading;
      const response = await fetch(`/curate/sources/${encodeURIComponent(slug)}/text?lang=${lang}`, {credentials: "same-origin"});
      const body = await response.json();
      if (!response.ok) { status.textContent = T.failed + (body.error || response.status); return; }
      // sections come as code-point offsets: keep UTF-16 ones for the text box
      const chars = Array.from(body.text);
      const astral = chars.length !== body.text.length;
      const units = (cp) => astral ? chars.slice(0, cp).join("").length : cp;
      body.sections.forEach((s) => { s.startUnits = units(s.start); });
      texts.set(slug, body);
    }
    status.textContent = "";
    if (!dialog) buildDialog();
    const entry = texts.get(slug);
    state = {block, slug, hits: [], current: -1, selection: null};
    dialog.querySelector("#evidence-picker-title").textContent = `${T.title} ”${entry.title}”`;
    dialog.querySelector("[data-message]").hidden = true;
    const sections = dialog.querySelector("[data-section]");
    sections.replaceChildren(element("option", {value: "0", text: "–"}),
      ...entry.sections.map((s) => element("option", {value: String(s.startUnits), text: s.label})));
    const search = dialog.querySelector("[data-search]");
    const quote = block.querySelector('[data-evidence-part="quote"]');
    search.value = quote && quote.value ? quote.value.slice(0, 80) : "";
    render();
    dialog.showModal();
    if (search.value) find(search.value); else dialog.querySelector("[data-hits]").textContent = "";
    const locator = block.querySelector('[data-evidence-part="locator"]');
    const known = entry.sections.find((s) => locator && s.label === locator.value.trim());
    if (known && !search.value) goTo(known.startUnits);
    search.focus();
  }

  function enhance(root) {
    root.querySelectorAll("fieldset[data-evidence]").forEach((block) => {
      const given = block.querySelector("[data-pick-evidence]");  // a block's markup may bring its own button
      if (given && given.pickReady) return;
      const button = given || element("button", {type: "button", class: "pick-evidence", "data-pick-evidence": "", text: T.pick});
      button.pickReady = true;
      button.addEventListener("click", () => open(block));
      if (!block.querySelector("[data-pick-status]")) {
        const status = element("span", {class: "muted", "data-pick-status": "", role: "status"});
        if (given) given.after(" ", status);
        else {
          const quote = block.querySelector('[data-evidence-part="quote"]');
          (quote || block.lastElementChild).after(element("p", {class: "pick-row"}, button, " ", status));
        }
      }
    });
  }

  enhance(document);
  document.addEventListener("symbios:blocks-added", (event) => enhance(event.detail || document));
})();
