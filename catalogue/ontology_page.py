"""The ontology as people read it, the way pyLODE or WIDOCO present one: its metadata, a contents
list, every class and property with its name and definition in the page's language, what it is
used on and what its values are (in words, linked), the schemes and alignments it imports, and
its representations. Also the graphs its version IRI and its imports name (/def/<version>,
/alignments/<name>), so that every IRI the ontology's header gives resolves here."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .errors import NotFound
from .labels import slug_of
from .namespaces import CONCEPT, ONTOLOGY_GRAPH, SYM
from .records import ALIGNMENTS, SLUG
from .store import Store

VANN = "http://purl.org/vocab/vann/"
#: The term kinds in the page's order: (OWL type, anchor, Swedish heading, English heading).
SECTIONS = (
    (OWL.Class, "classes", "Klasser", "Classes"),
    (OWL.ObjectProperty, "relations", "Relationer", "Relations"),
    (OWL.DatatypeProperty, "values", "Värden", "Values"),
    (OWL.AnnotationProperty, "annotations", "Annoteringar", "Annotations"),
    (RDFS.Datatype, "datatypes", "Datatyper", "Datatypes"),
)
#: Values that are data, in words: datatype IRI -> (Swedish, English).
DATATYPES = {
    str(XSD.string): ("text", "text"),
    str(RDF.langString): ("text med angivet språk", "text with its language"),
    str(XSD.integer): ("heltal", "whole number"),
    str(XSD.decimal): ("decimaltal", "decimal number"),
    str(XSD.boolean): ("sant eller falskt", "true or false"),
    str(RDF.Property): ("en egenskap (dess IRI)", "a property (its IRI)"),
}


def _text(graph: Graph, subject, predicate, lang: str) -> tuple[str | None, str | None]:
    """The value of ``predicate`` in ``lang``, else in the other language, else any (text, language)."""
    values = {o.language: str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal)}
    for wanted in (lang, "en" if lang == "sv" else "sv", None):
        if wanted in values:
            return values[wanted], wanted
    return None, None


def current_version(store: Store) -> str:
    graph = store.graph(ONTOLOGY_GRAPH)
    return str(graph.value(URIRef(str(SYM)), OWL.versionInfo) or "")


def ontology_version_graph(store: Store, version: str) -> Graph:
    """The ontology at its version IRI /def/<version>: the current version only (older ones are in
    the repository's history); NotFound naming the current one otherwise."""
    current = current_version(store)
    if version != current:
        raise NotFound(f"No ontology version '{version}' here; the current version is {current}, at /def/{current} and /def.")
    return store.graph(ONTOLOGY_GRAPH)


def alignment_graph(store: Store, name: str) -> Graph:
    """One alignment graph (ontology/alignments/<name>.ttl), as the ontology imports it."""
    graph = store.graph(ALIGNMENTS + name) if SLUG.fullmatch(name) else Graph()
    if not len(graph):
        raise NotFound(f"No alignment '{name}'. The ontology imports its alignments: see the list at /def.")
    return graph


class _Namer:
    """How the page names an IRI: its label in the page's language with a link (to its entry on this
    page, a scheme's page, or the term's own IRI), or, for a datatype, words."""

    def __init__(self, graph: Graph, labels, lang: str) -> None:
        self.graph, self.labels, self.lang = graph, labels, lang

    def __call__(self, node) -> dict:
        iri = str(node)
        if iri in DATATYPES:
            return {"label": DATATYPES[iri][0 if self.lang == "sv" else 1], "href": None, "iri": iri}
        label, label_lang = _text(self.graph, node, RDFS.label, self.lang)
        if label is None:
            label = self.labels.get(iri, self.lang) if self.labels else slug_of(iri)
            label_lang = None
        if iri == str(SKOS.Concept):  # a concept of one of the vocabularies this page lists
            href = "#schemes"
        elif iri.startswith(str(SYM)):
            href = f"#{iri[len(str(SYM)):]}"
        else:
            href = f"/concept/{slug_of(iri)}?lang={self.lang}" if iri.startswith(CONCEPT) else iri
        return {"label": label, "label_lang": label_lang, "href": href, "iri": iri}


def _term(graph: Graph, term: URIRef, name: _Namer, lang: str) -> dict:
    label, label_lang = _text(graph, term, RDFS.label, lang)
    definition, definition_lang = _text(graph, term, SKOS.definition, lang)
    local = str(term)[len(str(SYM)):]
    named = lambda predicate: sorted((name(o) for o in graph.objects(term, predicate) if isinstance(o, URIRef)),
                                     key=lambda n: n["label"].lower())
    return {
        "iri": str(term), "anchor": local, "label": label or local, "label_lang": label_lang,
        "definition": definition, "definition_lang": definition_lang,
        "broader": named(RDFS.subClassOf) + named(RDFS.subPropertyOf),
        "domain": named(RDFS.domain), "range": named(RDFS.range),
        "symmetric": (term, RDF.type, OWL.SymmetricProperty) in graph,
        "deprecated": (term, OWL.deprecated, Literal(True)) in graph,
    }


def _imports(store: Store, graph: Graph, name: _Namer, lang: str) -> tuple[list, list]:
    schemes, alignments = [], []
    for imported in sorted(graph.objects(URIRef(str(SYM)), OWL.imports)):
        iri = str(imported)
        if iri.startswith(CONCEPT):
            schemes.append({**name(imported), "href": f"/concept/{slug_of(iri)}?lang={lang}"})
        elif iri.startswith(ALIGNMENTS):
            other = store.graph(iri)
            label, label_lang = _text(other, imported, RDFS.label, lang)
            comment, comment_lang = _text(other, imported, RDFS.comment, lang)
            alignments.append({"iri": iri, "label": label or slug_of(iri), "label_lang": label_lang,
                               "comment": comment, "comment_lang": comment_lang, "href": f"/alignments/{slug_of(iri)}"})
    schemes.sort(key=lambda s: s["label"].lower())
    return schemes, alignments


def ontology_view(store: Store, labels, lang: str = "sv") -> dict:
    """The plain data of the ontology page in ``lang`` (sv or en; a text missing in it is given in the
    other language and marked so)."""
    graph = store.graph(ONTOLOGY_GRAPH)
    ontology = URIRef(str(SYM))
    name = _Namer(graph, labels, lang)
    title, title_lang = _text(graph, ontology, DCTERMS.title, lang)
    description, description_lang = _text(graph, ontology, DCTERMS.description, lang)
    terms = [t for t in graph.subjects(RDFS.isDefinedBy, ontology) if isinstance(t, URIRef) and str(t).startswith(str(SYM))]
    by_kind = {}
    for kind, anchor, sv, en in SECTIONS:
        items = [_term(graph, t, name, lang) for t in terms if (t, RDF.type, kind) in graph]
        items.sort(key=lambda t: t["label"].lower())
        by_kind[anchor] = items
    for cls in by_kind["classes"]:  # pyLODE's "in domain of" / "in range of"
        uses = [t for anchor in ("relations", "values", "annotations") for t in by_kind[anchor]]
        cls["properties"] = [{"label": t["label"], "href": f"#{t['anchor']}"} for t in uses
                             if any(d["iri"] == cls["iri"] for d in t["domain"])]
        cls["values_of"] = [{"label": t["label"], "href": f"#{t['anchor']}"} for t in uses
                            if any(r["iri"] == cls["iri"] for r in t["range"])]
        cls["narrower"] = sorted((name(s) for s in graph.subjects(RDFS.subClassOf, URIRef(cls["iri"]))),
                                 key=lambda n: n["label"].lower())
    schemes, alignments = _imports(store, graph, name, lang)
    sections = [{"anchor": anchor, "heading": sv if lang == "sv" else en, "items": by_kind[anchor]}
                for kind, anchor, sv, en in SECTIONS if by_kind[anchor]]
    version = str(graph.value(ontology, OWL.versionInfo) or "")
    return {
        "lang": lang, "iri": str(ontology), "title": title, "title_lang": title_lang,
        "description": description, "description_lang": description_lang,
        "version": version, "version_path": f"/def/{version}", "version_iri": str(graph.value(ontology, OWL.versionIRI) or ""),
        "license": str(graph.value(ontology, DCTERMS.license) or ""),
        "prefix": str(graph.value(ontology, URIRef(VANN + "preferredNamespacePrefix")) or ""),
        "namespace": str(graph.value(ontology, URIRef(VANN + "preferredNamespaceUri")) or ""),
        "sections": sections, "schemes": schemes, "alignments": alignments,
        "counts": {s["anchor"]: len(s["items"]) for s in sections},
    }
