"""Load the vocabulary and the records into the store: all or nothing.

Every file is parsed and every record validated *before* anything is written; then all graphs
that changed are replaced in a single transaction (a record whose triples are already stored is
left alone, and the time a record last changed is noted in the curation database: its
Last-Modified). A file that does not parse or a record that does not
conform stops the load with an :class:`InvalidData` that names the file, the line and the rule,
and the store is left exactly as it was. Loading the same files twice gives the same store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph

from .database import Database, now
from .errors import InvalidData
from .records import GraphSource, record_sources, record_subject_ok, vocabulary_sources
from .settings import Settings
from .store import Store
from .validation import Problem, Validator, dangling_references, locate

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    files: int = 0
    triples: int = 0
    graphs: int = 0
    records: int = 0
    dropped: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        triples = f"{self.triples:,}".replace(",", " ")
        text = f"Loaded {self.files} files into {self.graphs} graphs ({self.records} records, {triples} triples)"
        text += f"; {len(self.changed)} records new or changed, {self.records - len(self.changed)} unchanged"
        if self.dropped:
            text += f"; removed {len(self.dropped)} records whose files are gone"
        if self.warnings:
            text += f"; {len(self.warnings)} warnings (run `symbios validate --all` to see them)"
        return text + "."


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file, or raise InvalidData naming the file and line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        message = str(error)
        match = re.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
        where = f"{path}:{line}" if line else str(path)
        raise InvalidData(
            f"{where}: the file is not valid Turtle ({message.strip().splitlines()[0][:300]}). "
            "Fix the syntax and load again; nothing was stored.",
            file=str(path),
            line=line,
        ) from error
    return graph


def parse_source(source: GraphSource) -> Graph:
    graph = Graph()
    for path in source.paths:
        graph += parse_file(path)
    return graph


def check_records(
    validator: Validator,
    sources: list[GraphSource],
    graphs: dict[str, Graph],
    known: set[str],
    progress: Progress | None = None,
) -> list[Problem]:
    """Validate each record graph and its references; return problems with file and line."""
    problems: list[Problem] = []
    for number, source in enumerate(sources, start=1):
        graph = graphs[source.graph]
        found: list[Problem] = []
        if not record_subject_ok(source, graph):
            found.append(
                Problem(
                    severity="Violation",
                    focus=source.graph,
                    path=None,
                    message_sv=f"Filen beskriver inte {source.graph}: posten måste beskriva sin egen IRI med rätt klass.",
                    message_en=f"The file does not describe {source.graph}: a record must describe its own IRI with the right class.",
                    shape="https://w3id.org/symbios/shapes#RecordSubject",
                )
            )
        found += validator.validate(graph).problems
        found += dangling_references(source.graph, graph, known)
        text = source.path.read_text(encoding="utf-8")
        for problem in found:
            problem.file = str(source.path)
            problem.line = locate(text, problem.focus, source.graph)
        problems += found
        if progress and (number % 25 == 0 or number == len(sources)):
            progress(f"  validated {number}/{len(sources)} records")
    return problems


def load_catalogue(
    store: Store,
    settings: Settings,
    prune: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Read ontology/ and data/ and replace their graphs in the store in one transaction."""
    say = progress or (lambda message: None)
    vocabulary = vocabulary_sources(settings.ontology_dir)
    records = record_sources(settings.data_dir)
    say(f"Reading {len(vocabulary)} vocabulary graphs and {len(records)} records from {settings.data_dir}")

    graphs: dict[str, Graph] = {}
    for source in [*vocabulary, *records]:
        graphs[source.graph] = parse_source(source)

    vocabulary_graph = Graph()
    for source in vocabulary:
        vocabulary_graph += graphs[source.graph]
    validator = Validator(_shapes(settings), vocabulary_graph)

    known = {s.graph for s in records} | set(store.graph_names())
    if prune:
        known = {s.graph for s in records}
    say("Validating records against the shapes")
    problems = check_records(validator, records, graphs, known, say)
    violations = [p for p in problems if p.severity == "Violation"]
    if violations:
        raise InvalidData(
            f"{len(violations)} problems in {len({p.file for p in violations})} files; nothing was stored. "
            "Fix them (see the list) and load again.",
            problems=violations,
        )

    dropped = []
    if prune:
        on_disk = {s.graph for s in records}
        dropped = [g for g in store.graph_names() if g.startswith("https://w3id.org/symbios/id/") and g not in on_disk]
    # Records whose triples are already stored are left alone: their Last-Modified stays true.
    changed = [s.graph for s in records if store.graph_digest(s.graph) != Store.digest_of(graphs[s.graph])]
    unchanged = {s.graph for s in records} - set(changed)
    say(f"Writing to the store ({len(changed)} records new or changed, {len(unchanged)} unchanged)")
    store.replace_graphs({name: g for name, g in graphs.items() if name not in unchanged}, drop=dropped)
    if settings.curation_location is not None and (changed or dropped):
        Database(settings.curation_location).mark_loaded(changed, dropped, now())
    return LoadReport(
        files=sum(len(s.paths) for s in [*vocabulary, *records]),
        triples=sum(len(g) for g in graphs.values()),
        graphs=len(graphs),
        records=len(records),
        dropped=dropped,
        changed=changed,
        warnings=[p for p in problems if p.severity != "Violation"],
    )


def _shapes(settings: Settings) -> Graph:
    return read_shapes(settings.shapes_dir)


@cache
def read_shapes(shapes_dir: Path) -> Graph:
    """The shapes graph (read once per directory; the shapes do not change while running)."""
    graph = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        graph += parse_file(path)
    return graph


def validator_for(settings: Settings) -> Validator:
    """A validator with the shapes and the vocabulary read from disk."""
    vocabulary = Graph()
    for source in vocabulary_sources(settings.ontology_dir):
        vocabulary += parse_source(source)
    return Validator(_shapes(settings), vocabulary)
