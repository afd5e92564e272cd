// Suggestions from a source's text on the edit form (#20 item 4; markup in api/templates/_suggestions.html).
// Asks POST /curate/sources/{slug}/suggestions, lists the answer grouped by kind with why and quote, and on
// "Add" dispatches `symbios:accept-suggestion` on document (the form's script adds the fact and fills its
// evidence); "Reject" hides a suggestion, remembered for this page in sessionStorage. Text goes in as text.

const WORDS = {
  sv: {
    concept: "Begrepp", actor: "Aktörer", quantity: "Mängder", outcome: "Resultat", startYear: "Startår",
    accept: "Lägg till", reject: "Avvisa", accepted: "Tillagd i formuläret – spara för att behålla",
    loading: "Letar efter förslag …", none: "Inga förslag i den här delen av texten.",
    found: (n, more) => `${n} förslag${more ? " (fler finns: välj ett avsnitt)" : ""}.`,
    noSources: "Det finns ingen källa med text ännu.", failed: "Förslagen kunde inte hämtas",
    where: "Ställe", more: (n) => `Sägs också i ${n} ${n === 1 ? "mening" : "meningar"} till i den här delen av texten.`,
    rejectedAll: (n) => `${n} avvisade förslag dolda.`,
    groups: {hasExchange: "resursutbyte", hasBarrier: "hinder", hasDriver: "drivkraft", hasSuccessFactor: "framgångsfaktor",
             hasOutcome: "resultat", hasFunding: "finansiering", hasRole: "roll"},
    record: "posten",
  },
  en: {
    concept: "Concepts", actor: "Actors", quantity: "Quantities", outcome: "Outcomes", startYear: "Start years",
    accept: "Add", reject: "Reject", accepted: "Added to the form – save to keep it",
    loading: "Looking for suggestions …", none: "No suggestions in this part of the text.",
    found: (n, more) => `${n} suggestions${more ? " (there are more: choose a section)" : ""}.`,
    noSources: "There is no source with a text yet.", failed: "The suggestions could not be fetched",
    where: "Where", more: (n) => `Also said in ${n} more ${n === 1 ? "sentence" : "sentences"} of this part of the text.`,
    rejectedAll: (n) => `${n} rejected suggestions hidden.`,
    groups: {hasExchange: "exchange", hasBarrier: "barrier", hasDriver: "driver", hasSuccessFactor: "success factor",
             hasOutcome: "outcome", hasFunding: "funding", hasRole: "role"},
    record: "the record",
  },
};
const KINDS = ["concept", "actor", "quantity", "outcome", "startYear"];

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

function slugOf(iri) {
  return iri.replace(/\/+$/, "").split("/").pop();
}

function setUp(panel) {
  const lang = panel.dataset.lang === "en" ? "en" : "sv";
  const words = WORDS[lang];
  const controls = panel.querySelector("[data-suggestions-controls]");
  const sourceSelect = panel.querySelector("[data-suggestions-source]");
  const sectionSelect = panel.querySelector("[data-suggestions-section]");
  const status = panel.querySelector("[data-suggestions-status]");
  const list = panel.querySelector("[data-suggestions-list]");
  const storageKey = `symbios-rejected:${location.pathname}`;
  const rejected = new Set(JSON.parse(sessionStorage.getItem(storageKey) || "[]"));
  let sectionsOf = "";

  function csrf() {
    const input = document.querySelector('form[data-record-form] input[name="csrf"], form.record-form input[name="csrf"]');
    return panel.dataset.csrf || (input ? input.value : "");
  }

  async function fillSources() {
    // every source with a text; the one the form's evidence blocks use first is chosen
    const response = await fetch(`/curate/suggestions/sources?lang=${lang}`, {credentials: "same-origin"});
    const answer = await response.json().catch(() => ({sources: []}));
    const from = document.querySelector(panel.dataset.sourceSelect || 'select[data-evidence-part="source"]');
    const inForm = from && from.value ? from.value : "";
    sourceSelect.replaceChildren();
    for (const source of answer.sources || []) {
      sourceSelect.append(element("option", {value: source.iri}, source.label));
    }
    if (inForm && [...sourceSelect.options].some((o) => o.value === inForm)) sourceSelect.value = inForm;
    controls.hidden = false;
    if (!sourceSelect.options.length) status.textContent = words.noSources;
  }

  function fillSections(sections) {
    const source = sourceSelect.value;
    if (sectionsOf === source) return;
    sectionsOf = source;
    sectionSelect.replaceChildren(sectionSelect.options[0]);
    const seen = new Set();
    for (const section of sections) {
      if (seen.has(section.label)) continue;
      seen.add(section.label);
      sectionSelect.append(element("option", {value: section.label}, section.label));
    }
  }

  function where(suggestion) {
    const group = suggestion.target.group;
    return group ? (words.groups[group] || group) : words.record;
  }

  function item(suggestion) {
    const li = element("li", {class: "suggestion", "data-suggestion": suggestion.id});
    const title = element("p");
    title.append(element("span", {class: "suggestion-label"}, suggestion.label[lang] || suggestion.label.sv || String(suggestion.value)));
    title.append(" ", element("span", {class: "suggestion-where"}, `→ ${where(suggestion)}`));
    li.append(title, element("p", {class: "suggestion-why"}, suggestion.why[lang] || suggestion.why.sv));
    const quote = element("blockquote", {lang: "sv"}, suggestion.evidence.quote);
    li.append(quote);
    if (suggestion.evidence.locator) {
      li.append(element("p", {class: "suggestion-where"}, `${words.where}: ${suggestion.evidence.locator}`));
    }
    if (suggestion.more) li.append(element("p", {class: "suggestion-where"}, words.more(suggestion.more)));
    const actions = element("p", {class: "suggestion-actions"});
    const accept = element("button", {type: "button", "data-accept": ""}, words.accept);
    const reject = element("button", {type: "button", "data-reject": ""}, words.reject);
    const label = suggestion.label[lang] || String(suggestion.value);
    accept.setAttribute("aria-label", `${words.accept}: ${label}`);
    reject.setAttribute("aria-label", `${words.reject}: ${label}`);
    accept.addEventListener("click", () => {
      document.dispatchEvent(new CustomEvent("symbios:accept-suggestion", {detail: suggestion}));
      li.classList.add("accepted");
      accept.disabled = true;
      reject.remove();
      accept.textContent = words.accepted;
      accept.setAttribute("aria-label", `${words.accepted}: ${label}`);
    });
    reject.addEventListener("click", () => {
      rejected.add(suggestion.id);
      sessionStorage.setItem(storageKey, JSON.stringify([...rejected]));
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      (next ? next.querySelector("button") : status).focus?.();
    });
    actions.append(accept, reject);
    li.append(actions);
    return li;
  }

  function show(answer) {
    list.replaceChildren();
    const shown = answer.suggestions.filter((s) => !rejected.has(s.id));
    for (const kind of KINDS) {
      const ofKind = shown.filter((s) => s.kind === kind);
      if (!ofKind.length) continue;
      const group = element("section", {class: "suggestions-group", "data-kind": kind});
      group.append(element("h3", {}, `${words[kind]} (${ofKind.length})`));
      const ul = element("ul");
      for (const suggestion of ofKind) ul.append(item(suggestion));
      group.append(ul);
      list.append(group);
    }
    const hidden = answer.suggestions.length - shown.length;
    status.textContent = shown.length ? words.found(shown.length, answer.truncated) : words.none;
    if (hidden) status.textContent += ` ${words.rejectedAll(hidden)}`;
  }

  async function run() {
    if (!sourceSelect.value) return;
    status.classList.remove("suggestions-error");
    status.textContent = words.loading;
    const body = sectionsOf === sourceSelect.value && sectionSelect.value ? {section: sectionSelect.value} : {};
    const response = await fetch(`/curate/sources/${encodeURIComponent(slugOf(sourceSelect.value))}/suggestions?lang=${lang}`, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf()}, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const problem = (answer.problems || [])[0];
      status.classList.add("suggestions-error");
      status.textContent = `${words.failed}: ${problem ? problem[`message_${lang}`] || problem.message_en : answer.error || response.status}`;
      list.replaceChildren();
      return;
    }
    fillSections(answer.sections || []);
    show(answer);
  }

  fillSources();
  sourceSelect.addEventListener("change", () => { sectionsOf = ""; sectionSelect.replaceChildren(sectionSelect.options[0]); });
  panel.querySelector("[data-suggestions-run]").addEventListener("click", run);
  sectionSelect.addEventListener("change", run);
}

for (const panel of document.querySelectorAll("section[data-suggestions]")) setUp(panel);
