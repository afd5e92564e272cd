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

- ``sh:or`` of number datatypes (``xsd:decimal``, ``xsd:integer`` …): a number box that takes
  "2,5", "2.5" and "7 018 141" (stored as an integer when whole, a decimal otherwise);
- ``sh:datatype xsd:boolean``: a check box (ticked is true; not ticked leaves the property out);
- ``sh:pattern`` alone (a currency code): one text box.

Sub-nodes (``sh:class`` of another class that has a node shape: roles, exchanges, drivers,
barriers, success factors, outcomes, funding, status changes, an exchange's quantity) are
**groups** (:func:`form_groups`): repeatable blocks, each with the fields of its class (derived
the same way) and, when its node shape says ``symsh:needsEvidence true``, its own evidence block.
A group's items are posted as ``<group>.<n>.<field>`` (``<group>.<n>.iri`` names an item that
exists, ``<group>.<n>.remove`` removes it, ``<group>.<n>.ev.<part>`` is its evidence block and
``<group>.<n>.<nested>.0.<field>`` a held node such as the quantity). An item left blank adds
nothing; an item the form does not post is kept as it is. :func:`apply_form` writes the fields
and groups into a copy of the record graph.

A field whose property shape says ``symsh:needsEvidence true`` gets an evidence block: the
source, where in it (``locator``), the quote word for word and, when the quote was picked in the
source's text, the text just before and after it (``prefix``/``suffix``, a Web Annotation
``oa:TextQuoteSelector``). A block that is filled in becomes a new ``sym:Evidence`` of the record
that supports that field's property (``sym:supportsProperty``); the write checks its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS, SH, SKOS, XSD

from rdflib.namespace import DCTERMS

from .errors import BadRequest
from .evidence_check import facts_needing_evidence, nodes_needing_evidence
from .iris import is_iri
from .namespaces import ID, OA, SYM

LANGUAGES = ("sv", "en")
RECORD_PATTERN = re.compile(r"^\^?" + re.escape(ID) + r"([a-z]+)/")


@dataclass
class Field:
    path: str
    names: dict[str, str] = field(default_factory=dict)
    widget: str = "iri"  # text | integer | number | boolean | string | link | concept | record
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
    order: float | None = None  # the shape's sh:order, when it gives one
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
    ordered = sorted(fields.values(), key=lambda f: (f.order if f.order is not None else float("inf"),
                                                     f.widget != "text", not f.required, f.key))
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
    elif datatype == XSD.boolean:
        current.widget = "boolean"
    elif datatype is None and _number_choices(shapes, prop):
        current.widget = "number"
    elif datatype is None and current.widget == "iri" and shapes.value(prop, SH.pattern) is not None \
            and shapes.value(prop, SH.nodeKind) is None and shapes.value(prop, SH.node) is None:
        current.widget = "string"  # a code such as a currency: text that must match the pattern
    order = shapes.value(prop, SH.order)
    if order is not None and current.order is None:
        current.order = float(order)
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
    if current.widget == "text" and getattr(shapes.value(prop, SH.uniqueLang), "value", None) is True:
        current.multiple = False  # one per language
    minimum = shapes.value(prop, SH.minCount) or shapes.value(prop, SH.qualifiedMinCount)
    if minimum is not None and int(minimum) > 0 and shapes.value(prop, SH.severity) in (None, SH.Violation):
        current.required = True


NUMBER_TYPES = {XSD.decimal, XSD.integer, XSD.double, XSD.float}


def _number_choices(shapes: Graph, prop) -> bool:
    """Whether the shape's ``sh:or`` lists only number datatypes (a value, an amount, a share)."""
    choices = shapes.value(prop, SH["or"])
    if choices is None:
        return False
    types = [shapes.value(member, SH.datatype) for member in Collection(shapes, choices)]
    return bool(types) and all(t in NUMBER_TYPES for t in types)


def current_values(graph: Graph, subject: URIRef, fields: list[Field]) -> dict[str, object]:
    """What the form shows for a record: per field, a value per language, a number or IRIs."""
    values: dict[str, object] = {}
    for f in fields:
        objects = list(graph.objects(subject, URIRef(f.path)))
        if f.widget == "text":
            values[f.key] = {lang: "\n".join(sorted(str(o) for o in objects if getattr(o, "language", None) == lang))
                             for lang in LANGUAGES}
        elif f.widget in ("integer", "number", "string", "link"):
            values[f.key] = str(objects[0]) if objects else ""
        elif f.widget == "boolean":
            values[f.key] = any(getattr(o, "value", None) is True for o in objects)
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


def apply_form(graph: Graph, subject: URIRef, fields: list[Field], form, groups: list[Group] = ()) -> Graph:
    """A copy of ``graph`` with every field's triples replaced by what the form holds.

    ``form`` maps names to lists of strings (e.g. ``starlette.datastructures.FormData``):
    text fields are ``<key>.<lang>`` (one value per line when the field allows several),
    the others ``<key>``. A number that is not a number is kept as text, so the shapes
    report it next to its field rather than the form silently dropping it. A filled-in
    evidence block (``ev.<key>.source|locator|quote|prefix|suffix``) adds an evidence node
    ``<record>#ev-<key>`` (``-2``, ``-3`` … when taken) supporting the field's property.
    Each group the form posts is written item by item (see the module's docstring).
    """
    result = Graph()
    result += graph
    _write_fields(result, subject, fields, form, "")
    for f in fields:
        if f.evidence:
            _add_evidence(result, subject, subject, URIRef(f.path), f.key.lower(), evidence_values([f], form)[f.key])
    for group in groups:
        _apply_group(result, graph, subject, subject, group, form, f"{group.key}.")
    return result


def _write_fields(result: Graph, subject: URIRef, fields: list[Field], form, prefix: str) -> None:
    for f in fields:
        predicate, name = URIRef(f.path), prefix + f.key
        result.remove((subject, predicate, None))
        if f.widget == "text":
            for lang in LANGUAGES:
                raw = (form.get(f"{name}.{lang}") or "").strip()
                lines = [line.strip() for line in raw.splitlines() if line.strip()] if f.multiple and not f.long else [raw]
                for line in lines:
                    if line:
                        result.add((subject, predicate, Literal(line, lang=lang)))
        elif f.widget == "integer":
            raw = (form.get(name) or "").strip()
            if raw:
                whole = re.fullmatch(r"-?\d+", raw)
                if whole and f.datatype == str(XSD.gYear):
                    result.add((subject, predicate, Literal(raw, datatype=XSD.gYear)))
                else:
                    result.add((subject, predicate, Literal(int(raw)) if whole else Literal(raw)))
        elif f.widget == "number":
            raw = (form.get(name) or "").strip()
            if raw:
                result.add((subject, predicate, number_literal(raw)))
        elif f.widget == "boolean":
            if (form.get(name) or "").strip() in ("true", "on", "1"):
                result.add((subject, predicate, Literal(True)))
        elif f.widget == "string":
            raw = (form.get(name) or "").strip()
            if raw:
                result.add((subject, predicate, Literal(raw)))
        elif f.widget == "link":
            raw = (form.get(name) or "").strip()
            if raw:
                result.add((subject, predicate, _reference(raw)))
        else:
            for value in form.getlist(name):
                if value.strip():
                    result.add((subject, predicate, _reference(value.strip())))


NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
DIGIT_SPACES = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}\b)")


def number_literal(raw: str) -> Literal:
    """A number as typed in Swedish or English ("2,5", "2.5", "7 018 141"): an integer when whole,
    a decimal otherwise; anything else stays text, for the shapes to name at its field."""
    compact = DIGIT_SPACES.sub("", raw.strip())
    if not NUMBER.fullmatch(compact):
        return Literal(raw.strip())
    compact = compact.replace(",", ".")
    return Literal(int(compact)) if "." not in compact else Literal(Decimal(compact))


def _add_evidence(graph: Graph, record: URIRef, holder: URIRef, supports: URIRef | None, name: str,
                  block: dict[str, str]) -> URIRef | None:
    """A new evidence node ``<record>#ev-<name>`` (``-2`` … when taken) of ``holder`` from a filled
    block (None for an empty one); ``supports`` names the record's property it is for."""
    if not any(block.get(part) for part in ("source", "locator", "quote")):
        return None  # an empty block: no new evidence
    number, node = 1, URIRef(f"{record}#ev-{name}")
    while (node, None, None) in graph or (None, None, node) in graph:
        number += 1
        node = URIRef(f"{record}#ev-{name}-{number}")
    graph.add((node, RDF.type, SYM.Evidence))
    graph.add((holder, SYM.evidence, node))
    if supports is not None:
        graph.add((node, SYM.supportsProperty, supports))
    if block.get("source"):
        graph.add((node, DCTERMS.source, _reference(block["source"])))
    if block.get("locator"):
        graph.add((node, SYM.locator, Literal(block["locator"])))
    if block.get("quote"):
        graph.add((node, SYM.quote, Literal(block["quote"], lang="sv")))
        if block.get("prefix") or block.get("suffix"):
            selector = URIRef(f"{node}-selector")
            graph.add((node, OA.hasSelector, selector))
            graph.add((selector, RDF.type, OA.TextQuoteSelector))
            graph.add((selector, OA.exact, Literal(block["quote"])))
            for part in ("prefix", "suffix"):
                if block.get(part):
                    graph.add((selector, OA[part], Literal(block[part])))
    return node


def _reference(value: str):
    """A picked IRI; anything else is kept as text, so the shapes name it at its field."""
    return URIRef(value) if is_iri(value) else Literal(value)


# -- groups: the record's parts (roles, exchanges, factors, outcomes, funding, status history) ------

#: At most this many items of one group in one post (a form has a handful; more is not a person).
MAX_ITEMS = 200


@dataclass
class Group:
    """A repeatable block of the form: the nodes of ``target`` the record holds through ``path``."""
    path: str
    target: str
    names: dict[str, str]  # the property shape's sh:name ("roller")
    item_names: dict[str, str]  # the node shape's rdfs:label ("Roll")
    fields: list[Field]
    groups: list["Group"]  # nodes an item holds (an exchange's quantity)
    evidence: bool  # each item has an evidence block (symsh:needsEvidence on the node shape)
    single: bool  # at most one item (sh:maxCount 1)
    required: bool = False  # an item needs at least one (sh:minCount)

    @property
    def key(self) -> str:
        return re.split(r"[#/]", self.path)[-1]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("sv") or self.key

    def item_name(self, lang: str) -> str:
        return self.item_names.get(lang) or self.item_names.get("sv") or self.name(lang)

    @property
    def stem(self) -> str:
        """What a new item's IRI is made of: the class in lower case with hyphens (success-factor)."""
        local = re.split(r"[#/]", self.target)[-1]
        return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower().removeprefix("resource-")


def form_groups(shapes: Graph, target_class: URIRef, depth: int = 0) -> list[Group]:
    """The groups of the edit form for records (or nodes) of ``target_class``, in shape order."""
    found: dict[str, tuple[float, Group]] = {}
    marked = nodes_needing_evidence(shapes)
    for node_shape in shapes.subjects(SH.targetClass, target_class):
        for prop in shapes.objects(node_shape, SH.property):
            cls, path = shapes.value(prop, SH["class"]), shapes.value(prop, SH.path)
            if cls is None or cls == SYM.Evidence or not isinstance(path, URIRef) or str(path) in found:
                continue
            fields = form_fields(shapes, cls)
            if not fields or depth > 2:
                continue
            labels = {}
            for shape in shapes.subjects(SH.targetClass, cls):
                labels.update({label.language or "sv": str(label) for label in shapes.objects(shape, RDFS.label)})
            max_count, min_count = shapes.value(prop, SH.maxCount), shapes.value(prop, SH.minCount)
            group = Group(str(path), str(cls), {n.language or "sv": str(n) for n in shapes.objects(prop, SH.name)},
                          labels, fields, form_groups(shapes, cls, depth + 1), cls in marked,
                          max_count is not None and int(max_count) == 1,
                          min_count is not None and int(min_count) > 0)
            order = shapes.value(prop, SH.order)
            found[str(path)] = (float(order) if order is not None else float("inf"), group)
    return [group for _, group in sorted(found.values(), key=lambda pair: (pair[0], pair[1].key))]


def _indices(form, prefix: str) -> list[int]:
    """The item numbers the form posts for a group, in order (at most MAX_ITEMS)."""
    pattern = re.compile(re.escape(prefix) + r"(\d{1,4})\.")
    numbers = sorted({int(m.group(1)) for name in form.keys() if (m := pattern.match(name))})
    if len(numbers) > MAX_ITEMS:
        raise BadRequest(f"The form posts {len(numbers)} items of one kind; at most {MAX_ITEMS} are taken in one "
                         "save. Nothing was saved.", parameter=prefix.rstrip("."))
    return numbers


def _blank(form, name: str) -> bool:
    """Whether nothing is filled in under ``name.`` (a new item the curator did not use)."""
    start = name + "."
    return not any(value.strip() for key, value in form.multi_items() if key.startswith(start)
                   and not key.endswith(".iri") and isinstance(value, str))


@dataclass
class Item:
    """One posted item of a group, with the node it writes (existing, or the new one it makes)."""
    number: int
    node: URIRef
    exists: bool
    remove: bool


def posted_items(graph: Graph, owner: URIRef, group: Group, form, prefix: str) -> list[Item]:
    """The items the form posts for ``group`` under ``prefix`` (``hasRole.``), each with its node:
    the existing one it names (``.iri``, only one ``owner`` holds through the group's property), or
    a new one ``<record>#<stem>-<k>`` (the first free ``k``; ``<owner>-<stem>`` for a single held
    node). Blank new items are left out."""
    held = set(graph.objects(owner, URIRef(group.path)))
    record = str(owner).split("#", 1)[0]
    items, taken = [], set()
    for number in _indices(form, prefix):
        name = f"{prefix}{number}"
        named = URIRef((form.get(f"{name}.iri") or "").strip())
        if named in held and named not in taken:
            taken.add(named)
            items.append(Item(number, named, True, bool((form.get(f"{name}.remove") or "").strip())))
            continue
        if _blank(form, name) or (form.get(f"{name}.remove") or "").strip():
            continue
        if group.single:
            node = URIRef(f"{owner}-{group.stem}") if "#" in str(owner) else URIRef(f"{record}#{group.stem}")
        else:
            k, node = 1, URIRef(f"{record}#{group.stem}-1")
            while (node, None, None) in graph or (None, None, node) in graph or node in taken:
                k += 1
                node = URIRef(f"{record}#{group.stem}-{k}")
        if node in taken or (group.single and held and any(i.exists and not i.remove for i in items)):
            continue  # a single group holds one node: an extra posted item is not a second one
        taken.add(node)
        items.append(Item(number, node, False, False))
    return items


def _apply_group(result: Graph, base: Graph, record: URIRef, owner: URIRef, group: Group, form, prefix: str) -> None:
    for item in posted_items(base, owner, group, form, prefix):
        name = f"{prefix}{item.number}"
        if item.remove:
            remove_node(result, owner, URIRef(group.path), item.node)
            continue
        if group.single and not item.exists:
            for old in list(result.objects(owner, URIRef(group.path))):
                remove_node(result, owner, URIRef(group.path), old)
        result.add((owner, URIRef(group.path), item.node))
        result.add((item.node, RDF.type, URIRef(group.target)))
        _write_fields(result, item.node, group.fields, form, f"{name}.")
        for nested in group.groups:
            _apply_group(result, base, record, item.node, nested, form, f"{name}.{nested.key}.")
        if group.evidence:
            fragment = str(item.node).split("#", 1)[-1]
            _add_evidence(result, record, item.node, None, fragment, evidence_block(form, f"{name}.ev."))


def evidence_block(form, prefix: str) -> dict[str, str]:
    """The parts of one evidence block posted under ``prefix`` (``hasRole.0.ev.``)."""
    def part(name: str) -> str:
        value = form.get(prefix + name) or ""
        return value if name in ("prefix", "suffix") else value.strip()  # the text around a quote keeps its spaces
    return {name: part(name) for name in EVIDENCE_PARTS}


def remove_node(graph: Graph, owner: URIRef, predicate: URIRef, node: URIRef) -> None:
    """Take ``node`` out of the record: its link, what it states, the nodes it alone holds (its
    quantity) and its evidence when nothing else cites that evidence."""
    graph.remove((owner, predicate, node))
    if (None, None, node) in graph:
        return  # still held elsewhere: only the link goes
    record = str(node).split("#", 1)[0]
    for p, value in list(graph.predicate_objects(node)):
        graph.remove((node, p, value))
        if isinstance(value, URIRef) and str(value).startswith(record + "#") and (None, None, value) not in graph:
            for part, inner in list(graph.predicate_objects(value)):
                graph.remove((value, part, inner))
                if isinstance(inner, URIRef) and str(inner).startswith(record + "#") and (None, None, inner) not in graph:
                    graph.remove((inner, None, None))  # a selector or a quantity's own parts


def group_items(graph: Graph, base: Graph, owner: URIRef, group: Group, form=None, prefix: str | None = None) -> list[dict]:
    """What the form shows for a group: one entry per item (its number, node, values, nested groups,
    the evidence it has and, after a refused save, the evidence block as typed), then one blank item
    to fill in. ``graph`` is what to show (the refused write, or the record), ``base`` the version
    edited (the evidence an item had before)."""
    prefix = prefix if prefix is not None else f"{group.key}."
    path = URIRef(group.path)
    if form is not None and _indices(form, prefix):
        posted = posted_items(base, owner, group, form, prefix)
    else:
        posted = [Item(n, node, True, False) for n, node in enumerate(sorted(graph.objects(owner, path), key=_natural))]
    shown = {item.node for item in posted}
    extra = [node for node in sorted(graph.objects(owner, path), key=_natural) if node not in shown]
    number = max([item.number for item in posted], default=-1) + 1
    for node in extra:  # held, but not in the post: shown as it is
        posted.append(Item(number, node, True, False))
        number += 1
    entries = []
    for item in posted:
        source = graph if (item.node, None, None) in graph else base  # a removed item: shown as it was
        entries.append(_entry(source, base, item, group, form, f"{prefix}{item.number}"))
    if not group.single or not entries:
        entries.append(_entry(Graph(), base, Item(number, URIRef(f"{owner}#new"), False, False), group, None,
                              f"{prefix}{number}", blank=True))
    return entries


def _entry(graph: Graph, base: Graph, item: Item, group: Group, form, name: str, blank: bool = False) -> dict:
    node = item.node
    nested = {g.key: group_items(graph, base, node, g, form, f"{name}.{g.key}.") if not blank
              else group_items(Graph(), Graph(), node, g, None, f"{name}.{g.key}.") for g in group.groups}
    evidence = [] if blank else [
        {"source": str(base.value(e, DCTERMS.source) or ""), "locator": str(base.value(e, SYM.locator) or ""),
         "quote": str(base.value(e, SYM.quote) or "")}
        for e in sorted(base.objects(node, SYM.evidence), key=str)]
    return {"number": item.number, "name": name, "node": str(node), "exists": item.exists, "remove": item.remove,
            "blank": blank, "values": current_values(graph, node, group.fields), "groups": nested,
            "evidence": evidence, "ev": evidence_block(form, f"{name}.ev.") if form is not None else {}}


def blank_entry(owner: URIRef, group: Group, prefix: str, number: str = "__n__") -> dict:
    """A blank item whose number is a placeholder: what a script copies to add one more item."""
    entry = _entry(Graph(), Graph(), Item(0, URIRef(f"{owner}#new"), False, False), group, None, f"{prefix}{number}", blank=True)
    entry["number"] = number
    return entry


def _natural(node) -> list:
    """Sort key: numbers in an IRI as numbers (role-2 before role-10)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(node))]


def item_keys(entries_by_group: dict[str, list[dict]], groups: list[Group]) -> dict[str, tuple[str, Group, dict]]:
    """Node IRI -> (its form name, its group, its entry), for every item shown, nested ones too."""
    found: dict[str, tuple[str, Group, dict]] = {}
    for group in groups:
        for entry in entries_by_group.get(group.key, []):
            if entry["blank"]:
                continue
            found[entry["node"]] = (entry["name"], group, entry)
            found.update(item_keys(entry["groups"], group.groups))
    return found
