"""Validate records against the SHACL shapes, one record graph at a time.

A record is validated on its own graph plus a small *background slice*: the ontology's class
hierarchy and, for every concept the record points to, that concept's scheme membership. This
keeps per-record validation fast at any catalogue size (the store is never validated whole by
pySHACL). Checks that need other records (does the actor a role names exist?) compare the
record's references with the set of records known to exist (the store's graphs, or the files in
SYMBIOS_DATA plus those being validated), see :func:`dangling_references`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from .namespaces import ID, RECORD_KINDS, prefixed
from .rdf_input import Budget

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class Problem:
    """One finding of a validation, ready to show to a curator."""

    severity: str
    focus: str
    path: str | None
    message_sv: str
    message_en: str
    shape: str | None
    value: str | None = None
    #: for a quote not found in its source: the passage of the source's text most like it
    closest: str | None = None
    file: str | None = None
    line: int | None = None

    def message(self, lang: str = "en") -> str:
        return self.message_sv if lang == "sv" else self.message_en

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class ValidationResult:
    """The outcome of validating one record (or a set of records)."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)
    report_graph: Graph | None = None

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Warning"]


def read_graphs(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


class Validator:
    """SHACL validation of record graphs with the ontology and schemes as background."""

    def __init__(self, shapes: Graph, vocabulary: Graph) -> None:
        self.shapes = shapes
        self._hierarchy = Graph()
        for triple in vocabulary.triples((None, RDFS.subClassOf, None)):
            self._hierarchy.add(triple)
        self._concept_triples: dict[Node, list[tuple]] = defaultdict(list)
        for predicate in (SKOS.inScheme, RDF.type):
            for s, p, o in vocabulary.triples((None, predicate, None)):
                if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/symbios/concept/"):
                    self._concept_triples[s].append((s, p, o))

    @classmethod
    def from_files(cls, shapes_dir: Path, vocabulary_files: list[Path]) -> "Validator":
        shapes = read_graphs(sorted(shapes_dir.glob("*.ttl")))
        return cls(shapes, read_graphs(vocabulary_files))

    def data_graph(self, record: Graph, budget: Budget | None = None) -> Graph:
        """The record plus its background slice (every lookup in it checks ``budget``'s time)."""
        data = Graph(store=_Timed(budget)) if budget is not None else Graph()
        for triple in record:
            data.add(triple)
        for triple in self._hierarchy:
            data.add(triple)
        for obj in set(record.objects()):
            for triple in self._concept_triples.get(obj, ()):
                data.add(triple)
        return data

    def validate(self, record: Graph, budget: Budget | None = None) -> ValidationResult:
        """``budget``: a write's limits; past its time the validation stops with
        :class:`~catalogue.errors.WriteTimeout`."""
        conforms, report, _ = pyshacl.validate(
            self.data_graph(record, budget),
            shacl_graph=self.shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,
            inplace=True,  # the data graph is this call's own copy
        )
        problems = problems_from_report(report, self.shapes)
        return ValidationResult(conforms=bool(conforms), problems=problems, report_graph=report)


class _Timed(Memory):
    """A graph store that looks at a budget's clock on every lookup: pySHACL cannot be stopped from
    outside its thread, but every constraint it checks reads the data graph, so this stops it."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.budget = budget

    def triples(self, triple_pattern, context=None):
        self.budget.check_time()
        return super().triples(triple_pattern, context)


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str | None:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return None


def problems_from_report(report: Graph, shapes: Graph) -> list[Problem]:
    problems = []
    top_level = set(report.objects(None, SH.result))
    for result in top_level:
        shape = report.value(result, SH.sourceShape)
        severity = SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation")
        # a SPARQL constraint carries its own messages (its shape is the node shape that holds it)
        said = [n for n in (report.value(result, SH.sourceConstraint), shape) if n is not None]
        message_sv = next((m for n in said if (m := _text(shapes, n, SH.message, "sv"))), None)
        message_en = next((m for n in said if (m := _text(shapes, n, SH.message, "en"))), None)
        fallback = str(report.value(result, SH.resultMessage) or "Does not conform.")
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        problems.append(
            Problem(
                severity=severity,
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else (None if path is None else "(complex path)"),
                message_sv=message_sv or fallback,
                message_en=message_en or fallback,
                shape=str(shape) if isinstance(shape, URIRef) else None,
                value=None if value is None else str(value),
            )
        )
    problems.sort(key=lambda p: (p.severity != "Violation", p.focus, p.path or ""))
    return problems


def described_records(graph: Graph) -> set[str]:
    """IRIs of the records a graph describes: its subjects under the record namespace, without
    their fragments (``…/initiative/x#role-1`` is part of ``…/initiative/x``)."""
    return {str(s).split("#", 1)[0] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}


def dangling_references(record_iri: str | None, record: Graph, known: set[str]) -> list[Problem]:
    """A problem for each statement that points to a record that is neither in ``known`` nor
    ``record_iri`` itself. The focus is the node that refers and the path the property it refers
    with (``<#ev-1> dcterms:source src:missing``), so a curator can find the line to fix."""
    problems = []
    for subject, predicate, obj in sorted(record):
        if not isinstance(obj, URIRef) or not str(obj).startswith(ID):
            continue
        target = str(obj).split("#", 1)[0]
        if target in known or target == record_iri:
            continue
        kind, _, slug = target[len(ID):].partition("/")
        folder = next((f for f, k in RECORD_KINDS.items() if k == kind), None)
        where = f" (data/{folder}/{slug}.ttl)" if folder else ""
        problems.append(
            Problem(
                severity="Violation",
                focus=str(subject),
                path=str(predicate),
                message_sv=f"{prefixed(str(predicate))} pekar på {prefixed(target)}, en post som inte finns i katalogen. "
                           f"Skapa posten{where} eller rätta hänvisningen.",
                message_en=f"{prefixed(str(predicate))} points to {prefixed(target)}, a record the catalogue does not have. "
                           f"Create the {kind} record{where} or fix the reference.",
                shape="https://w3id.org/symbios/shapes#ReferenceExists",
                value=str(obj),
            )
        )
    return problems


def locate(text: str, iri: str, record_iri: str | None = None) -> int | None:
    """Best-effort line number (1-based) where a node is described in a Turtle file."""
    candidates = [f"<{iri}>"]
    if record_iri and iri.startswith(record_iri):
        rest = iri[len(record_iri):]
        candidates.insert(0, f"<{rest}>" if rest else "<>")
    if "/" in iri:
        prefix_form = ":" + iri.rsplit("/", 1)[1]
        candidates.append(prefix_form)
    for candidate in candidates:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith(candidate):
                return number
    return None
