"""Edit forms derived from the SHACL shapes: a new property shape shows up as a new field.

For a record class (sym:Initiative, sym:Actor) every property shape with an IRI path — or each
member of an ``sh:alternativePath`` — becomes a field. What the shape says decides the widget:

- ``rdf:langString`` (``sh:datatype``, or a ``sh:languageIn`` qualified shape): one text box per
  language, sv and en;
- ``sh:datatype xsd:integer`` or ``xsd:gYear``: a number box, with ``sh:minInclusive``/``sh:maxInclusive``
  (the value is stored in the shape's datatype);
- ``sh:datatype xsd:string``: one text box, text without a language (a language code, a file name);
- ``sh:nodeKind sh:IRI`` with a web-address ``sh:pattern`` (``^https?://``): one box for the address;
- ``sh:node`` to a "concept in scheme" shape (``skos:inScheme`` ``sh:hasValue``): a concept
  picker fed by that scheme;
- ``sh:pattern`` ``^https://w3id.org/symbios/id/<kind>/…``: a picker of the records of that kind.

Sub-nodes (roles, exchanges: ``sh:class`` of another class) are not form fields; a form save
keeps them as they are. :func:`apply_form` writes the fields into a copy of the record graph.

A field whose property shape says ``symsh:needsEvidence true`` gets an evidence block: the
source, where in it (``locator``), the quote word for word and, when the quote was picked in the
source's text, the text just before and after it (``prefix``/``suffix``, a Web Annotation
``oa:TextQuoteSelector``). A block that is filled in becomes a new ``sym:Evidence`` of the record
that supports that field's property (``sym:supportsProperty``); the write checks its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS, XSD

from rdflib.namespace import DCTERMS

from .evidence_check import facts_needing_evidence
from .iris import is_iri
from .namespaces import ID, OA, SYM

LANGUAGES = ("sv", "en")
RECORD_PATTERN = re.compile(r"^\^?" + re.escape(ID) + r"([a-z]+)/")


@dataclass
class Field:
    path: str
    names: dict[str, str] = field(default_factory=dict)
    widget: str = "iri"  # text | integer | string | link | concept | record
    datatype: str | None = None  # the shape's sh:datatype (numbers are stored in it)
    multiple: bool = True
    required: bool = False
    long: bool = False
    scheme: str | None = None  # concept pickers
    record_kind: str | None = None  # record pickers
    minimum: int | None = None
    maximum: int | None = None
    shared_name: bool = False  # the shape names several properties (alternativePath): label the property itself
    evidence: bool = False  # a change needs a quote: the form shows an evidence block (symsh:needsEvidence)
    messages: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The form field name: the path's local name (prefLabel, startYear …)."""
        return re.split(r"[#/]", self.path)[-1]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("sv") or self.key


LONG_TEXT = {"description", "howStarted", "businessModel", "organisationDescription"}


def _scheme_of(shapes: Graph, node_shape) -> str | None:
    for prop in shapes.objects(node_shape, SH.property):
        if shapes.value(prop, SH.path) == SKOS.inScheme:
            value = shapes.value(prop, SH.hasValue)
            return str(value) if value is not None else None
    return None


def _paths(shapes: Graph, prop) -> list[str]:
    path = shapes.value(prop, SH.path)
    if isinstance(path, URIRef):
        return [str(path)]
    alternatives = shapes.value(path, SH.alternativePath) if path is not None else None
    if alternatives is not None:
        return [str(p) for p in Collection(shapes, alternatives) if isinstance(p, URIRef)]
    return []


def form_fields(shapes: Graph, target_class: URIRef) -> list[Field]:
    """The fields of the edit form for records of ``target_class``, in shape order."""
    fields: dict[str, Field] = {}
    props = [prop for node_shape in shapes.subjects(SH.targetClass, target_class)
             for prop in shapes.objects(node_shape, SH.property)]
    # Required shapes (violations) name the field; recommendations (warnings) only add to it.
    props.sort(key=lambda p: (shapes.value(p, SH.severity) == SH.Warning, str(p)))
    for prop in props:
        if shapes.value(prop, SH["class"]) is not None:
            continue  # a sub-node (role, exchange …): edited on its own, not as a field
        paths = _paths(shapes, prop)
        for path in paths:
            _merge(shapes, prop, fields.setdefault(path, Field(path)), alternative=len(paths) > 1)
    for path in facts_needing_evidence(shapes, target_class):
        if str(path) in fields:
            fields[str(path)].evidence = True
    ordered = sorted(fields.values(), key=lambda f: (f.widget != "text", not f.required, f.key))
    return [f for f in ordered if f.widget != "iri" or f.record_kind]


def _merge(shapes: Graph, prop, current: Field, alternative: bool) -> None:
    names = {name.language or "sv": str(name) for name in shapes.objects(prop, SH.name)}
    if names and (not current.names or (current.shared_name and not alternative)):
        current.names, current.shared_name = names, alternative
    for message in shapes.objects(prop, SH.message):
        current.messages.setdefault(message.language or "en", str(message))
    datatype = shapes.value(prop, SH.datatype)
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if datatype == RDF.langString or (qualified is not None and shapes.value(qualified, SH.languageIn) is not None):
        current.widget = "text"
        current.long = current.key in LONG_TEXT
    elif datatype in (XSD.integer, XSD.gYear):
        current.widget, current.datatype = "integer", str(datatype)
        low, high = shapes.value(prop, SH.minInclusive), shapes.value(prop, SH.maxInclusive)
        current.minimum = int(low) if low is not None else current.minimum
        current.maximum = int(high) if high is not None else current.maximum
    elif datatype == XSD.string:
        current.widget = "string"
    node = shapes.value(prop, SH.node)
    if node is not None and _scheme_of(shapes, node):
        current.widget, current.scheme = "concept", _scheme_of(shapes, node)
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None and RECORD_PATTERN.match(str(pattern)):
        current.widget, current.record_kind = "record", RECORD_PATTERN.match(str(pattern)).group(1)
    elif pattern is not None and str(pattern).startswith("^https?://") and shapes.value(prop, SH.nodeKind) == SH.IRI:
        current.widget = "link"
    if shapes.value(prop, SH.maxCount) is not None and int(shapes.value(prop, SH.maxCount)) == 1:
        current.multiple = False
    if qualified is not None and shapes.value(prop, SH.qualifiedMaxCount) is not None:
        current.multiple = False
    minimum = shapes.value(prop, SH.minCount) or shapes.value(prop, SH.qualifiedMinCount)
    if minimum is not None and int(minimum) > 0 and shapes.value(prop, SH.severity) in (None, SH.Violation):
        current.required = True


def current_values(graph: Graph, subject: URIRef, fields: list[Field]) -> dict[str, object]:
    """What the form shows for a record: per field, a value per language, a number or IRIs."""
    values: dict[str, object] = {}
    for f in fields:
        objects = list(graph.objects(subject, URIRef(f.path)))
        if f.widget == "text":
            values[f.key] = {lang: "\n".join(sorted(str(o) for o in objects if getattr(o, "language", None) == lang))
                             for lang in LANGUAGES}
        elif f.widget in ("integer", "string", "link"):
            values[f.key] = str(objects[0]) if objects else ""
        else:
            values[f.key] = sorted(str(o) for o in objects)
    return values


#: the parts of an evidence block, posted as ``ev.<field key>.<part>``
EVIDENCE_PARTS = ("source", "locator", "quote", "prefix", "suffix")


def evidence_values(fields: list[Field], form) -> dict[str, dict[str, str]]:
    """What each field's evidence block holds in a posted form (to show it again after a refusal)."""
    def part(key: str, name: str) -> str:
        value = form.get(f"ev.{key}.{name}") or ""
        return value if name in ("prefix", "suffix") else value.strip()  # the text around a quote keeps its spaces
    return {f.key: {name: part(f.key, name) for name in EVIDENCE_PARTS} for f in fields if f.evidence}


def current_evidence(graph: Graph, subject: URIRef, fields: list[Field]) -> dict[str, list[dict[str, str]]]:
    """Per field, the record's evidence that supports it: source IRI, locator and quote."""
    shown: dict[str, list[dict[str, str]]] = {}
    for f in fields:
        if not f.evidence:
            continue
        nodes = [e for e in graph.objects(subject, SYM.evidence) if (e, SYM.supportsProperty, URIRef(f.path)) in graph]
        shown[f.key] = [{"source": str(graph.value(e, DCTERMS.source) or ""), "locator": str(graph.value(e, SYM.locator) or ""),
                         "quote": str(graph.value(e, SYM.quote) or "")} for e in sorted(nodes, key=str)]
    return shown


def apply_form(graph: Graph, subject: URIRef, fields: list[Field], form) -> Graph:
    """A copy of ``graph`` with every field's triples replaced by what the form holds.

    ``form`` maps names to lists of strings (e.g. ``starlette.datastructures.FormData``):
    text fields are ``<key>.<lang>`` (one value per line when the field allows several),
    the others ``<key>``. A number that is not a whole number is kept as text, so the shapes
    report it next to its field rather than the form silently dropping it. A filled-in
    evidence block (``ev.<key>.source|locator|quote|prefix|suffix``) adds an evidence node
    ``<record>#ev-<key>`` (``-2``, ``-3`` … when taken) supporting the field's property.
    """
    result = Graph()
    result += graph
    for f in fields:
        predicate = URIRef(f.path)
        result.remove((subject, predicate, None))
        if f.widget == "text":
            for lang in LANGUAGES:
                raw = (form.get(f"{f.key}.{lang}") or "").strip()
                lines = [line.strip() for line in raw.splitlines() if line.strip()] if f.multiple and not f.long else [raw]
                for line in lines:
                    if line:
                        result.add((subject, predicate, Literal(line, lang=lang)))
        elif f.widget == "integer":
            raw = (form.get(f.key) or "").strip()
            if raw:
                whole = re.fullmatch(r"-?\d+", raw)
                if whole and f.datatype == str(XSD.gYear):
                    result.add((subject, predicate, Literal(raw, datatype=XSD.gYear)))
                else:
                    result.add((subject, predicate, Literal(int(raw)) if whole else Literal(raw)))
        elif f.widget == "string":
            raw = (form.get(f.key) or "").strip()
            if raw:
                result.add((subject, predicate, Literal(raw)))
        elif f.widget == "link":
            raw = (form.get(f.key) or "").strip()
            if raw:
                result.add((subject, predicate, _reference(raw)))
        else:
            for value in form.getlist(f.key):
                if value.strip():
                    result.add((subject, predicate, _reference(value.strip())))
    for f in fields:
        if f.evidence:
            _add_evidence(result, subject, f, evidence_values([f], form)[f.key])
    return result


def _add_evidence(graph: Graph, subject: URIRef, f: Field, block: dict[str, str]) -> None:
    if not any(block[part] for part in ("source", "locator", "quote")):
        return  # an empty block: no new evidence for this field
    number, node = 1, URIRef(f"{subject}#ev-{f.key.lower()}")
    while (node, None, None) in graph or (None, None, node) in graph:
        number += 1
        node = URIRef(f"{subject}#ev-{f.key.lower()}-{number}")
    graph.add((node, RDF.type, SYM.Evidence))
    graph.add((subject, SYM.evidence, node))
    graph.add((node, SYM.supportsProperty, URIRef(f.path)))
    if block["source"]:
        graph.add((node, DCTERMS.source, _reference(block["source"])))
    if block["locator"]:
        graph.add((node, SYM.locator, Literal(block["locator"])))
    if block["quote"]:
        graph.add((node, SYM.quote, Literal(block["quote"], lang="sv")))
        if block["prefix"] or block["suffix"]:
            selector = URIRef(f"{node}-selector")
            graph.add((node, OA.hasSelector, selector))
            graph.add((selector, RDF.type, OA.TextQuoteSelector))
            graph.add((selector, OA.exact, Literal(block["quote"])))
            for part in ("prefix", "suffix"):
                if block[part]:
                    graph.add((selector, OA[part], Literal(block[part])))


def _reference(value: str):
    """A picked IRI; anything else is kept as text, so the shapes name it at its field."""
    return URIRef(value) if is_iri(value) else Literal(value)
