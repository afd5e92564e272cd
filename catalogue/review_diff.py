"""The changes between two versions of a record, in words a curator reads (#20 item 5).

:func:`readable_changes` compares two versions structurally instead of as N-Triples lines:

- the record's own fields, named by the shapes' ``sh:name`` (or the property's label) in the
  page's language, with old → new values by label ("Startår: 2021 → 2019");
- sub-nodes (roles, exchanges, drivers, barriers, success factors, outcomes, funding, status
  changes) added, removed or changed, each named by its class and its key values ("Nytt
  resursutbyte: Ånga, E.ON → Ragnsells", "Resursutbyte Ånga: utbytesstatus Planerat → Befintligt");
  a quantity reads as its amount inside the node it belongs to;
- evidence: which quote supports what, added, removed or changed ("Nytt belägg för Startår:
  ”Parken startade 1998” (Avsnitt 1, Testkällan)").

Sub-nodes are matched by their IRI, then — when a write renamed them — by identical content,
then by their key (same class and resource type, agent, indicator …). Nothing in a change is
N-Triples, a prefixed name or a catalogue IRI: an IRI with no label reads as its humanised name.

:func:`changes_since` tells someone whose save was refused (a conflict) who saved since the
version they edited and what that person changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS, XSD

from .initiative_page import amount, number
from .namespaces import SYM

#: A text value longer than this many characters is shortened (with "…") in a change.
TEXT_LENGTH = 80
#: A source's title is shortened to this many characters where it names where a quote is from.
SOURCE_LENGTH = 40
YEARS = {str(SYM.startYear), str(SYM.endYear), str(SYM.year)}
NUMBERS = (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger,
           XSD.positiveInteger)
#: Swedish nouns of the neuter gender ("ett utbyte": "Nytt …", "Borttaget …"); the others take "Ny", "Borttagen".
NEUTER = {str(SYM.ResourceExchange), str(SYM.Barrier), str(SYM.Outcome), str(SYM.Evidence), str(SYM.FactorStatement)}
#: The order sub-nodes are listed in, by class.
NODE_ORDER = [str(c) for c in (SYM.Role, SYM.ResourceExchange, SYM.Driver, SYM.Barrier, SYM.SuccessFactor,
                               SYM.Outcome, SYM.Funding, SYM.StatusChange)]
#: Properties that never show as a field of their own.
HIDDEN = {str(RDF.type), str(SYM.evidence)}
LANGUAGE_NAMES = {"sv": {"sv": "svenska", "en": "engelska"}, "en": {"sv": "Swedish", "en": "English"}}


@dataclass(frozen=True)
class Change:
    """One change, as a sentence and its parts."""

    action: str  # "added" | "removed" | "changed"
    area: str  # "field" (the record's own), "node" (role, exchange …) or "evidence"
    what: str  # "Startår", "Resursutbyte Ånga", "Belägg för Startår"
    old: str  # what it was ("" when added)
    new: str  # what it is ("" when removed)
    text: str  # the whole sentence: "Startår: 2021 → 2019"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ChangesSince:
    """What happened to a record after the version someone edited (a conflict)."""

    edited: object | None  # the Version they edited (None when their ETag names no version)
    versions: list = field(default_factory=list)  # the Versions saved since, oldest first
    changes: list[Change] = field(default_factory=list)  # edited -> current, readable

    @property
    def authors(self) -> list[str]:
        return sorted({v.author for v in self.versions})

    def as_dict(self, lang: str = "sv") -> dict:
        return {"edited": self.edited.number if self.edited else None,
                "versions": [{"version": v.number, "state": v.state, "state_label": state_name(v.state, lang),
                              "author": v.author, "at": v.at, "when": when(v.at, lang), "message": v.message}
                             for v in self.versions],
                "changes": [c.as_dict() for c in self.changes]}


# -- names for people: states, dates ------------------------------------------------------------

STATE_NAMES = {
    "sv": {"draft": "utkast", "in-review": "granskas", "published": "publicerad", "withdrawn": "tillbakadragen"},
    "en": {"draft": "draft", "in-review": "in review", "published": "published", "withdrawn": "withdrawn"},
}
MONTHS = {
    "sv": ("jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def state_name(state: str, lang: str) -> str:
    """A version's state in the page's language: "published" -> "publicerad"."""
    return STATE_NAMES.get(lang, STATE_NAMES["en"]).get(state, state.replace("-", " "))


def _zone():
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo("Europe/Stockholm")
    except Exception:  # no time zone data on this system: say the time in UTC
        return timezone.utc


def when(at: str | datetime | None, lang: str) -> str:
    """A stored time (UTC, ISO 8601) as people read it, in Swedish time: "2 dec. 2026 19:04"
    ("2 Dec 2026 19:04" in English)."""
    if not at:
        return ""
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(_zone())
    months = MONTHS.get(lang, MONTHS["en"])
    return f"{local.day} {months[local.month - 1]} {local.year} {local:%H:%M}"


# -- names of fields from the shapes ------------------------------------------------------------

def field_names(shapes: Graph) -> dict[tuple[str, str], dict[str, str]]:
    """(target class, property) -> {language: sh:name} for every property shape with an IRI path
    (a shape over an alternative path names several properties: those take their own label)."""
    names: dict[tuple[str, str], dict[str, str]] = {}
    ordered = sorted(shapes.subjects(SH.targetClass, None), key=lambda s: shapes.value(s, SH.severity) == SH.Warning)
    for node_shape in ordered:
        for cls in shapes.objects(node_shape, SH.targetClass):
            for prop in shapes.objects(node_shape, SH.property):
                path = shapes.value(prop, SH.path)
                found = {n.language or "sv": str(n) for n in shapes.objects(prop, SH.name)}
                if isinstance(path, URIRef) and found:
                    names.setdefault((str(cls), str(path)), found)
    return names


# -- reading one version ------------------------------------------------------------------------

@dataclass
class _Node:
    id: str
    cls: str
    values: dict[str, list] = field(default_factory=dict)  # property -> objects (evidence links left out)
    evidence: list = field(default_factory=list)


@dataclass
class _Version:
    graph: Graph
    fields: dict[str, list]  # the record's own property -> objects
    nodes: dict[str, _Node]
    evidence_of_fields: list[tuple[str, object]]  # (property or "", evidence node)


def _is_evidence(graph: Graph, node) -> bool:
    return (node, RDF.type, SYM.Evidence) in graph


def _read(graph: Graph, record: URIRef) -> _Version:
    subjects = set(graph.subjects())
    inner = {o for s, p, o in graph if s != record and o in subjects and o != record and p != SYM.evidence}
    fields: dict[str, list] = defaultdict(list)
    nodes: dict[str, _Node] = {}
    evidence_of_fields: list[tuple[str, object]] = []
    for p, o in graph.predicate_objects(record):
        if str(p) in HIDDEN or (o in subjects and o != record):
            continue
        fields[str(p)].append(o)
    for s in subjects:
        if s == record or s in inner:
            continue
        if _is_evidence(graph, s):
            supported = [str(p) for p in graph.objects(s, SYM.supportsProperty)]
            if (record, SYM.evidence, s) in graph or supported:  # evidence nothing cites supports nothing
                evidence_of_fields += [(p, s) for p in supported] or [("", s)]
            continue
        node = _Node(str(s), _class_of(graph, s))
        for p, o in graph.predicate_objects(s):
            if p == SYM.evidence:
                node.evidence.append(o)
            elif str(p) != str(RDF.type):
                node.values.setdefault(str(p), []).append(o)
        nodes[str(s)] = node
    return _Version(graph, dict(fields), nodes, evidence_of_fields)


def _class_of(graph: Graph, node) -> str:
    classes = [str(c) for c in graph.objects(node, RDF.type)]
    for cls in NODE_ORDER:
        if cls in classes:
            return cls
    return sorted(classes)[0] if classes else ""


# -- saying a value -----------------------------------------------------------------------------

def _humanise(iri: str) -> str:
    """An IRI without a label, made readable: its last segment, hyphens and camel case as spaces."""
    last = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", last).replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "–"


def _cut(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


class _Reader:
    """Says values, fields and nodes of two versions in one language."""

    def __init__(self, labels, names: dict, lang: str, graphs: list[Graph]) -> None:
        self.labels, self.names, self.lang, self.sv = labels, names, lang, lang == "sv"
        self.graphs = graphs

    def label(self, iri: str) -> str:
        known = getattr(self.labels, "names", {}).get(iri)
        if known:
            return known.get(self.lang) or known.get("en" if self.sv else "sv") or next(iter(known.values()))
        for graph in self.graphs:  # a record or draft the catalogue does not know yet: its own name
            found = {o.language: str(o) for o in graph.objects(URIRef(iri), SKOS.prefLabel) if isinstance(o, Literal)}
            if found:
                return found.get(self.lang) or next(iter(found.values()))
        return _humanise(iri)

    def short(self, text: str) -> str:
        return _cut(text, TEXT_LENGTH)

    def quoted(self, text: str) -> str:
        return f"”{self.short(text)}”" if self.sv else f"“{self.short(text)}”"

    def value(self, graph: Graph, prop: str, value) -> str:
        if isinstance(value, Literal):
            if value.datatype in NUMBERS or isinstance(value.toPython(), (int, float)) and not isinstance(value.toPython(), bool):
                python = value.toPython()
                if prop in YEARS or not isinstance(python, (int, float)):
                    return str(value)
                return number(python, self.lang)
            if value.datatype == XSD.boolean:
                return ("ja" if self.sv else "yes") if value.toPython() else ("nej" if self.sv else "no")
            return self.quoted(str(value)) if value.language else self.short(str(value))
        if isinstance(value, URIRef) and str(value).startswith(("http://", "https://")) \
                and not str(value).startswith(("https://w3id.org/symbios/",)) and self.label(str(value)) == _humanise(str(value)):
            return str(value)  # a web address given as a value (a home page, a licence): that is what it is
        if (value, None, None) in graph:
            return self.inline(graph, value)
        return self.label(str(value))

    def values(self, graph: Graph, prop: str, objects: list) -> list[str]:
        return sorted({self.value(graph, prop, o) for o in objects}, key=str.casefold)

    def field(self, cls: str, prop: str, capital: bool) -> str:
        names = self.names.get((cls, prop))
        name = (names.get(self.lang) or names.get("sv")) if names else None
        if not name:
            name = self.label(prop) if prop in getattr(self.labels, "names", {}) else _humanise(prop).lower()
        return name[:1].upper() + name[1:] if capital else name

    def cls(self, cls: str, capital: bool = True) -> str:
        name = self.label(cls) if cls else ("Del" if self.sv else "Part")
        if capital:
            return name[:1].upper() + name[1:]
        return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]

    # a node's names: short (for "changed" and evidence) and whole (for "added", "removed")

    def _one(self, graph: Graph, node, *props) -> str | None:
        for prop in props:
            objects = list(graph.objects(node, prop))
            if objects:
                return ", ".join(self.values(graph, str(prop), objects))
        return None

    def inline(self, graph: Graph, node) -> str:
        """A nested node (a quantity) said as a value."""
        cls = _class_of(graph, node)
        if cls == str(SYM.Quantity):
            return self._amount(graph, node) or self._one(graph, node, SYM.valueText) or "–"
        return self.whole(graph, node)

    def _amount(self, graph: Graph, node) -> str | None:
        def num(prop):
            v = graph.value(node, prop)
            return v.toPython() if isinstance(v, Literal) and isinstance(v.toPython(), (int, float)) else None
        unit = graph.value(node, SYM.unit)
        unit_ref = {"label": self.label(str(unit)), "slug": str(unit).rsplit("/", 1)[-1]} if unit is not None else None
        text = amount(num(SYM.numericValue), num(SYM.minValue), num(SYM.maxValue), unit_ref, self.lang)
        if text is None and graph.value(node, SYM.amount) is not None:
            currency = graph.value(node, SYM.currency)
            text = f"{number(num(SYM.amount), self.lang)} {self.label(str(currency)) if currency is not None else ''}".strip()
        return text

    def short_name(self, graph: Graph, node) -> str:
        cls = _class_of(graph, node)
        name = {
            str(SYM.Role): lambda: self._one(graph, node, SYM.agent, SYM.agentDescription),
            str(SYM.ResourceExchange): lambda: self._one(graph, node, SYM.resourceType),
            str(SYM.Outcome): lambda: self._one(graph, node, SYM.indicator),
            str(SYM.Funding): lambda: self._one(graph, node, SYM.programme, SYM.funder),
            str(SYM.StatusChange): lambda: self._one(graph, node, SYM.status),
        }.get(cls, lambda: self._one(graph, node, SYM.factorType))()
        return name or self._any(graph, node)

    def whole(self, graph: Graph, node) -> str:
        cls = _class_of(graph, node)
        sv = self.sv
        if cls == str(SYM.ResourceExchange):
            provider = self._one(graph, node, SYM.provider, SYM.providerDescription) or "?"
            receiver = self._one(graph, node, SYM.receiver, SYM.receiverDescription) or "?"
            return f"{self._one(graph, node, SYM.resourceType) or self._any(graph, node)}, {provider} → {receiver}"
        if cls == str(SYM.Role):
            types = self._one(graph, node, SYM.roleType)
            return f"{self.short_name(graph, node)} ({types.lower() if sv else types})" if types else self.short_name(graph, node)
        if cls == str(SYM.Outcome):
            parts = [self.short_name(graph, node), self._amount(graph, node), self._one(graph, node, SYM.year)]
            return " ".join(p for p in parts if p)
        if cls == str(SYM.Funding):
            parts = [self._one(graph, node, SYM.programme), self._one(graph, node, SYM.funder), self._amount(graph, node)]
            return ", ".join(p for p in parts if p) or self._any(graph, node)
        if cls == str(SYM.StatusChange):
            return " ".join(p for p in (self.short_name(graph, node), self._one(graph, node, SYM.year)) if p)
        name = self.short_name(graph, node)
        description = self._one(graph, node, DCTERMS.description)
        return f"{name}: {description}" if description and description != name else name

    def _any(self, graph: Graph, node) -> str:
        for p, o in sorted(graph.predicate_objects(node), key=lambda po: (isinstance(po[1], Literal), str(po[0]))):
            if str(p) not in HIDDEN:
                return self.value(graph, str(p), o)
        return "–"

    def evidence(self, graph: Graph, node) -> tuple[str, str, str]:
        """(source, locator, quote) of an evidence node."""
        source = graph.value(node, DCTERMS.source)
        return (self.label(str(source)) if source is not None else "", str(graph.value(node, SYM.locator) or ""),
                " ".join(str(graph.value(node, SYM.quote) or "").split()))


# -- comparing ----------------------------------------------------------------------------------

def _fresh(cls_label: str, action: str, cls: str, sv: bool) -> str:
    """"Nytt resursutbyte", "Borttagen roll", "New exchange", "Removed role"."""
    if not sv:
        return f"{'New' if action == 'added' else 'Removed'} {cls_label}"
    neuter = cls in NEUTER
    word = ("Nytt" if neuter else "Ny") if action == "added" else ("Borttaget" if neuter else "Borttagen")
    return f"{word} {cls_label}"


def _signature(reader: _Reader, version: _Version, node: _Node) -> tuple:
    return (node.cls, tuple(sorted((p, tuple(reader.values(version.graph, p, objects)))
                                   for p, objects in node.values.items())))


def _match(reader: _Reader, old: _Version, new: _Version) -> tuple[dict[str, str], list[str], list[str]]:
    """(old node -> new node, old nodes removed, new nodes added)."""
    pairs = {i: i for i in old.nodes if i in new.nodes and old.nodes[i].cls == new.nodes[i].cls}
    for key in (lambda v, n: _signature(reader, v, n), lambda v, n: (n.cls, reader.short_name(v.graph, URIRef(n.id)))):
        waiting: dict[tuple, list[str]] = defaultdict(list)
        for i, node in sorted(new.nodes.items()):
            if i not in pairs.values():
                waiting[key(new, node)].append(i)
        for i, node in sorted(old.nodes.items()):
            if i not in pairs and waiting.get(key(old, node)):
                pairs[i] = waiting[key(old, node)].pop(0)
    removed = [i for i in old.nodes if i not in pairs]
    added = [i for i in new.nodes if i not in pairs.values()]
    return pairs, removed, added


def _node_id(graph: Graph, node_id: str):
    return URIRef(node_id) if (URIRef(node_id), None, None) in graph else BNode(node_id)


def _order(reader: _Reader, cls: str) -> tuple:
    return (NODE_ORDER.index(cls) if cls in NODE_ORDER else len(NODE_ORDER), reader.cls(cls))


def _split_by_language(objects: list) -> dict[str | None, list]:
    by: dict[str | None, list] = defaultdict(list)
    for o in objects:
        by[o.language if isinstance(o, Literal) else None].append(o)
    return by


def _field_changes(reader: _Reader, old: _Version, new: _Version, record_cls: str) -> list[Change]:
    changes = []
    for prop in sorted(set(old.fields) | set(new.fields), key=lambda p: reader.field(record_cls, p, True).casefold()):
        before, after = _split_by_language(old.fields.get(prop, [])), _split_by_language(new.fields.get(prop, []))
        languages = sorted(set(before) | set(after), key=lambda lang: ("sv", "en", None).index(lang) if lang in ("sv", "en", None) else 3)
        for lang in languages:
            was, now = reader.values(old.graph, prop, before.get(lang, [])), reader.values(new.graph, prop, after.get(lang, []))
            if was == now:
                continue
            what = reader.field(record_cls, prop, True)
            if lang and len([x for x in languages if x]) > 1 or (lang and lang != reader.lang):
                what += f" ({LANGUAGE_NAMES[reader.lang if reader.lang in LANGUAGE_NAMES else 'en'].get(lang, lang)})"
            old_text, new_text = ", ".join(was), ", ".join(now)
            action = "added" if not was else "removed" if not now else "changed"
            changes.append(Change(action, "field", what, old_text, new_text, f"{what}: {old_text or '–'} → {new_text or '–'}"))
    return changes


def _node_changes(reader: _Reader, old: _Version, new: _Version, pairs, removed, added) -> list[Change]:
    sv = reader.sv
    changes: list[tuple[tuple, Change]] = []
    for action, version, ids in (("removed", old, removed), ("added", new, added)):
        for i in ids:
            node = version.nodes[i]
            whole = reader.whole(version.graph, _node_id(version.graph, i))
            head = _fresh(reader.cls(node.cls, capital=False), action, node.cls, sv)
            change = Change(action, "node", reader.cls(node.cls), "" if action == "added" else whole,
                            whole if action == "added" else "", f"{head}: {whole}")
            changes.append((_order(reader, node.cls), change))
    for i, j in pairs.items():
        a, b = old.nodes[i], new.nodes[j]
        what = f"{reader.cls(b.cls)} {reader.short_name(new.graph, _node_id(new.graph, j))}"
        for prop in sorted(set(a.values) | set(b.values)):
            was = reader.values(old.graph, prop, a.values.get(prop, []))
            now = reader.values(new.graph, prop, b.values.get(prop, []))
            if was != now:
                old_text, new_text = ", ".join(was), ", ".join(now)
                text = f"{what}: {reader.field(b.cls, prop, False)} {old_text or '–'} → {new_text or '–'}"
                changes.append((_order(reader, b.cls), Change("changed", "node", what, old_text, new_text, text)))
    return [change for _, change in sorted(changes, key=lambda pair: pair[0])]


def _evidence_pairs(reader: _Reader, version: _Version, rename: dict[str, str], other: _Version | None,
                    record_cls: str) -> set[tuple[str, tuple[str, str, str]]]:
    """(what it supports, (source, locator, quote)) for every piece of evidence; a node is named as in
    the newer version (``rename``: this version's node -> the newer one's)."""
    pairs = set()
    for prop, ev in version.evidence_of_fields:
        target = (f"{'Belägg för' if reader.sv else 'Evidence for'} {reader.field(record_cls, prop, False)}" if prop
                  else ("Belägg för posten" if reader.sv else "Evidence for the record"))
        pairs.add((target, reader.evidence(version.graph, ev)))
    for i, node in version.nodes.items():
        named_by, graph_of_name = (other, rename[i]) if other is not None and i in rename else (version, i)
        name = f"{reader.cls(node.cls, capital=False)} {reader.short_name(named_by.graph, _node_id(named_by.graph, graph_of_name))}"
        for ev in node.evidence:
            pairs.add((f"{'Belägg för' if reader.sv else 'Evidence for'} {name}", reader.evidence(version.graph, ev)))
    return pairs


def _say_evidence(reader: _Reader, key: tuple[str, str, str]) -> str:
    source, locator, quote = key
    where = ", ".join(p for p in (locator, _cut(source, SOURCE_LENGTH)) if p)
    return f"{reader.quoted(quote) if quote else '–'}" + (f" ({where})" if where else "")


def _evidence_changes(reader: _Reader, old: _Version, new: _Version, pairs: dict[str, str], record_cls: str) -> list[Change]:
    before = _evidence_pairs(reader, old, pairs, new, record_cls)
    after = _evidence_pairs(reader, new, {}, None, record_cls)
    gone, came = sorted(before - after), sorted(after - before)
    changes = []
    for target, key in list(came):
        twin = next(((t, k) for t, k in gone if t == target and k[:2] == key[:2]), None)
        if twin is not None:  # the same place in the same source, another quote
            gone.remove(twin)
            came.remove((target, key))
            word = "Ändrat" if reader.sv else "Changed"
            changes.append(Change("changed", "evidence", target, _say_evidence(reader, twin[1]), _say_evidence(reader, key),
                                  f"{word} {target[0].lower() + target[1:]}: {reader.quoted(twin[1][2])} → {reader.quoted(key[2])}"))
    for action, items in (("removed", gone), ("added", came)):
        for target, key in items:
            word = ("Nytt" if action == "added" else "Borttaget") if reader.sv else ("New" if action == "added" else "Removed")
            said = _say_evidence(reader, key)
            changes.append(Change(action, "evidence", target, "" if action == "added" else said,
                                  said if action == "added" else "", f"{word} {target[0].lower() + target[1:]}: {said}"))
    return changes


def readable_changes(old_graph: Graph | None, new_graph: Graph, record_iri: str, labels, shapes: Graph | None,
                     lang: str = "sv") -> list["Change"]:
    """The changes from ``old_graph`` to ``new_graph`` (two versions of the record ``record_iri``;
    ``old_graph`` None or empty: the record is new) in ``lang``: the record's fields first, then its
    parts (roles, exchanges, factors, outcomes, funding, status changes), then the evidence.

    ``labels``: a :class:`catalogue.labels.Labels` (or anything with its ``names``); ``shapes``:
    the shapes graph, for the fields' names.
    """
    old_graph = old_graph if old_graph is not None else Graph()
    record = URIRef(record_iri)
    reader = _Reader(labels, field_names(shapes) if shapes is not None else {}, lang, [new_graph, old_graph])
    old, new = _read(old_graph, record), _read(new_graph, record)
    record_cls = _class_of(new_graph, record) or _class_of(old_graph, record)
    pairs, removed, added = _match(reader, old, new)
    return (_field_changes(reader, old, new, record_cls) + _node_changes(reader, old, new, pairs, removed, added)
            + _evidence_changes(reader, old, new, pairs, record_cls))


def changes_since(curation, kind: str, slug: str, edited: str | int, labels, shapes: Graph | None,
                  lang: str = "sv") -> ChangesSince:
    """Who saved ``kind``/``slug`` after the version someone edited (``edited``: its ETag, as the
    form or If-Match sent it, or its number) and what they changed, readable in ``lang``.

    Their ETag naming no version (a stale form from before a restore, a typo): ``edited`` is None,
    ``versions`` holds just the current version and ``changes`` is empty.
    """
    history = curation.history(kind, slug)
    wanted = str(edited).strip()
    if wanted.startswith("W/"):
        wanted = wanted[2:]
    base = next((v for v in history if (wanted.isdigit() and v.number == int(wanted))
                 or v.etag == wanted or v.digest == wanted.strip('"')), None)
    current = history[-1]
    if base is None:
        return ChangesSince(None, [current], [])
    since = [v for v in history if v.number > base.number]
    changes = readable_changes(base.graph(), current.graph(), current.record, labels, shapes, lang) if since else []
    return ChangesSince(base, since, changes)
