// The SPARQL page: the YASQE editor (from npm, @zazuko/yasqe) over the plain textarea, and
// results fetched from /sparql and shown as a table. Without JavaScript the form still works.
(function () {
  const form = document.getElementById("sparql-form");
  const area = document.getElementById("query");
  const out = document.getElementById("sparql-results");
  if (!form || !area || !out) return;
  let editor = null;
  if (typeof Yasqe === "function" || (typeof Yasqe === "object" && Yasqe.default)) {
    const Editor = typeof Yasqe === "function" ? Yasqe : Yasqe.default;
    const holder = document.createElement("div");
    area.hidden = true;
    area.parentNode.insertBefore(holder, area.nextSibling);
    editor = new Editor(holder, {
      value: area.value,
      persistenceId: null,           // nothing kept in the browser between visits
      showQueryButton: false,        // the form's button runs the query
      autocompleters: ["prefixes", "variables"],  // local lists only: no calls to outside services
      resizeable: true,
    });
    // the editor's own input takes the label of the textarea it replaces (for screen readers)
    const label = document.querySelector('label[for="query"]');
    editor.getInputField().setAttribute("aria-label", label ? label.textContent : "SPARQL");
    window.sparqlEditor = editor;
  }
  const text = () => (editor ? editor.getValue() : area.value);

  // Only web and mail addresses become links: an IRI such as javascript:… is data, shown as text.
  function address(iri) {
    const local = iri.startsWith("https://w3id.org/symbios/") ? iri.replace("https://w3id.org/symbios", "") : null;
    if (local && !local.startsWith("//")) return local;  // this server's page for the record or concept
    try {
      return ["http:", "https:", "mailto:"].includes(new URL(iri).protocol) ? iri : null;
    } catch (error) {
      return null;
    }
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    const href = term.type === "uri" ? address(term.value) : null;
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = term.value;
      td.append(a);
    } else {
      td.textContent = term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
    }
    return td;
  }

  async function run(query) {
    out.textContent = "…";
    const response = await fetch("/sparql?query=" + encodeURIComponent(query), {
      headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
    });
    const type = response.headers.get("content-type") || "";
    out.textContent = "";
    if (!response.ok) {
      const problem = type.includes("json") ? await response.json() : { error: await response.text() };
      const p = document.createElement("p");
      p.className = "field-error";
      p.setAttribute("role", "alert");
      p.textContent = problem.error + (problem.line ? ` (rad/line ${problem.line}, kolumn/column ${problem.column})` : "");
      out.append(p);
      return;
    }
    if (!type.includes("sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      out.append(pre);
      return;
    }
    const data = await response.json();
    if ("boolean" in data) { out.textContent = String(data.boolean); return; }
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const name of data.head.vars) { const th = document.createElement("th"); th.scope = "col"; th.textContent = name; head.append(th); }
    const body = table.createTBody();
    for (const row of data.results.bindings) {
      const tr = body.insertRow();
      for (const name of data.head.vars) tr.append(cell(row[name]));
    }
    const count = document.createElement("p");
    count.className = "muted";
    count.id = "result-count";
    count.textContent = data.results.bindings.length + (document.documentElement.lang === "sv" ? " rader" : " rows");
    out.append(count, table);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(text()); });
  for (const link of document.querySelectorAll(".examples a[data-query]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      if (editor) editor.setValue(link.dataset.query); else area.value = link.dataset.query;
      run(link.dataset.query);
    });
  }
})();
