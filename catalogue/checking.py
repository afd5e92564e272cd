"""`symbios validate`: check record files on disk, without touching the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import InvalidData
from .loading import check_records, parse_file, validator_for
from .namespaces import RECORD_KINDS
from .records import GraphSource, record_source, record_sources
from .settings import Settings
from .validation import Problem, dangling_references, described_records, locate


@dataclass
class CheckOutcome:
    records: int = 0
    problems: list[Problem] = field(default_factory=list)


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.ttl")) if path.is_dir() else [path]
    return list(dict.fromkeys(files))


def validate_paths(paths: list[Path], settings: Settings) -> CheckOutcome:
    """Validate files against the shapes, and check that every record they point to exists:
    among the records in SYMBIOS_DATA or among the files given. Files in a record folder
    (``…/initiatives/<slug>.ttl`` …) are checked as that record; any other file ("loose", e.g. a
    draft or a test fixture) as whatever records it describes."""
    validator = validator_for(settings)
    outcome = CheckOutcome()
    known = {s.graph for s in record_sources(settings.data_dir)} if settings.data_dir.is_dir() else set()
    records: list[GraphSource] = []
    loose: list[Path] = []
    for path in expand(paths):
        if path.parent.name in RECORD_KINDS:
            try:
                records.append(record_source(path))
            except ValueError as error:
                outcome.problems.append(_file_problem(path, str(error), None))
        else:
            loose.append(path)

    graphs = {}
    for source in list(records):
        try:
            graphs[source.graph] = parse_file(source.path)
        except InvalidData as error:
            outcome.problems.append(_file_problem(source.path, error.message, error.details.get("line")))
            records.remove(source)
    loose_graphs: dict[Path, Graph] = {}
    for path in loose:
        try:
            loose_graphs[path] = parse_file(path)
        except InvalidData as error:
            outcome.problems.append(_file_problem(path, error.message, error.details.get("line")))
    known |= {s.graph for s in records}
    for graph in loose_graphs.values():
        known |= described_records(graph)

    outcome.problems += check_records(validator, records, graphs, known)
    outcome.records += len(records)
    for path, graph in loose_graphs.items():
        own = described_records(graph)
        record_iri = next(iter(own)) if len(own) == 1 else None
        text = path.read_text(encoding="utf-8")
        for problem in validator.validate(graph).problems + dangling_references(record_iri, graph, known):
            problem.file = str(path)
            problem.line = locate(text, problem.focus, record_iri)
            outcome.problems.append(problem)
        outcome.records += 1
    return outcome


def _file_problem(path: Path, message: str, line: int | None) -> Problem:
    return Problem(
        severity="Violation", focus=str(path), path=None, message_sv=message, message_en=message,
        shape=None, file=str(path), line=line,
    )
