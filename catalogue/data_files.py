"""data/ and the curation log: which of them the hub serves, and writing published records back.

The rule (the README's "data/ and the curation log" says it for hub admins):

- **The curation log wins for every record it holds a published or withdrawn version of.** When
  the app starts, :meth:`catalogue.curation.Curation.recover` puts each such record back to the
  last of those versions, whatever ``symbios load`` wrote from ``data/`` since. A record that was
  only *drafted* in the browser is in the log too: its first edit stored the ``data/`` content of
  that moment as version 1 (published), so later edits of its file in ``data/`` are undone.
- **data/ is the seed for every record the log has never seen**: ``symbios load`` puts those in
  the store as the files say, and the app serves them as they are.

:func:`export_to_data` closes the loop: it writes what the hub serves (the store, with the log's
last published versions over it, exactly what the app shows after it starts) back into the
project's file layout, so the hub keeps its data in git and a fresh ``symbios load`` of that
``data/`` into an empty store gives the same records.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .curation import BASELINE_AUTHOR, canonical, version_from_row
from .database import Database
from .errors import BadRequest
from .files import atomic_file
from .namespaces import CONCEPT, ID, PREFIXES, RECORD_KINDS, SYM
from .records import SLUG
from .source_texts import SourceTexts
from .store import Store

#: The prefixes of the curated files in data/ (the project's, and one per concept scheme they use).
DATA_PREFIXES = {
    **PREFIXES,
    **{prefix: f"{CONCEPT}{scheme}/" for prefix, scheme in {
        "rt": "resource-types", "es": "exchange-status", "ik": "initiative-kinds", "ist": "initiative-status",
        "ar": "actor-roles", "at": "actor-types", "bt": "barrier-types", "dt": "driver-types",
        "sf": "success-factors", "ind": "indicators", "u": "units", "of": "organisation-forms",
        "fp": "funding-programmes", "pp": "process-phases", "crit": "ius-criteria",
        "lp": "location-precision",
    }.items()},
}
#: The folder of data/ that holds each kind of record.
FOLDERS = {kind: folder for folder, kind in RECORD_KINDS.items()}
TEXTS_FOLDER = Path("sources") / "texts"

Progress = Callable[[str], None]

LAST_PUBLISHED = (
    "SELECT v.* FROM versions v JOIN (SELECT record, MAX(number) AS number FROM versions "
    "WHERE state IN ('published', 'withdrawn') GROUP BY record) last "
    "ON v.record = last.record AND v.number = last.number"
)


@dataclass
class Served:
    """What the hub serves: each record's graph, and where it comes from."""

    records: dict[str, Graph] = field(default_factory=dict)
    from_log: set[str] = field(default_factory=set)
    withdrawn: set[str] = field(default_factory=set)
    #: records the log holds only because a curator edited them: their published version is data/'s
    baseline_only: set[str] = field(default_factory=set)

    @property
    def from_data(self) -> set[str]:
        return set(self.records) - self.from_log


@dataclass(frozen=True)
class Origins:
    """How many of the records the app serves came from data/ and how many from the curation log."""

    from_data: int
    from_log: int
    withdrawn: int

    def summary(self) -> str:
        """One line for a hub admin: which wins, and how many records came from each."""
        text = (f"Serving {self.from_data + self.from_log} records: {self.from_log} from the curation log (it wins "
                f"for every record it has published or withdrawn), {self.from_data} from data/ (the seed, for records "
                f"the log has never seen)")
        if self.withdrawn:
            text += f"; {self.withdrawn} withdrawn through curation"
        return text + ". `symbios export --to-data` writes the published records back to data/."


def record_origins(store: Store, database: Database | None) -> Origins:
    """Count, without reading any record, where the served records come from (after
    :meth:`~catalogue.curation.Curation.recover` has put the store in step with the log)."""
    in_store = {name for name in store.graph_names() if record_kind(name)}
    if database is None:
        return Origins(len(in_store), 0, 0)
    with database.connect() as db:
        rows = db.execute("SELECT v.record, v.state FROM (" + LAST_PUBLISHED + ") v").fetchall()
    published = {row["record"] for row in rows if row["state"] == "published" and record_kind(row["record"])}
    withdrawn = {row["record"] for row in rows if row["state"] == "withdrawn" and record_kind(row["record"])}
    return Origins(len(in_store - published), len(in_store & published), len(withdrawn))


def record_kind(iri: str) -> str | None:
    """``…/id/actor/rise`` → ``actor``; None for a graph that is no record."""
    if not iri.startswith(ID):
        return None
    kind, _, slug = iri[len(ID):].partition("/")
    return kind if kind in FOLDERS and SLUG.fullmatch(slug) else None


def served_records(store: Store, database: Database | None) -> Served:
    """The record graphs the app serves once it has started: the store's, with the last published
    version in the log over each record the log holds (and without those it withdrew)."""
    served = Served()
    for name in store.graph_names():
        if record_kind(name):
            served.records[name] = store.graph(name)
    if database is None:
        return served
    with database.connect() as db:
        rows = db.execute(LAST_PUBLISHED).fetchall()
    for version in map(version_from_row, rows):
        if record_kind(version.record) is None:
            continue
        if version.state == "withdrawn":
            served.records.pop(version.record, None)
            served.withdrawn.add(version.record)
            continue
        served.from_log.add(version.record)
        if version.author == BASELINE_AUTHOR and version.number == 1:
            served.baseline_only.add(version.record)
        stored = served.records.get(version.record)
        if stored is None or canonical(stored) != version.ntriples:
            served.records[version.record] = version.graph()
    return served


def off_the_log(store: Store, database: Database) -> list[str]:
    """The records whose stored graph differs from their last published or withdrawn version in the
    log: what the app puts back when it starts (e.g. after `symbios load` of an edited file)."""
    with database.connect() as db:
        rows = db.execute(LAST_PUBLISHED).fetchall()
    names = set(store.graph_names())
    found = []
    for version in map(version_from_row, rows):
        stored = version.record in names
        if version.state == "withdrawn":
            if stored:
                found.append(version.record)
        elif not stored or canonical(store.graph(version.record)) != version.ntriples:
            found.append(version.record)
    return sorted(found)


class _RecordTurtle(TurtleSerializer):
    """rdflib's Turtle, writing the record's own fragments as ``<#ev-1>`` under ``@base``."""

    def relativize(self, uri):
        if self.base and isinstance(uri, URIRef) and (uri == self.base or uri.startswith(self.base + "#")):
            return URIRef(uri[len(self.base):])
        return super().relativize(uri)


def record_turtle(iri: str, graph: Graph) -> bytes:
    """A record as the curated files write it: the project's prefixes, and for an initiative
    ``@base`` its IRI, so that it is ``<>`` and its parts ``<#exchange-1>``."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in DATA_PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in graph:
        out.add(triple)
    stream = io.BytesIO()
    base = iri if record_kind(iri) == "initiative" else None
    _RecordTurtle(out).serialize(stream, base=base, encoding="utf-8")
    return stream.getvalue()


def record_path(data_dir: Path, iri: str) -> Path:
    kind = record_kind(iri)
    return data_dir / FOLDERS[kind] / f"{iri.rsplit('/', 1)[1]}.ttl"


def _same_record(path: Path, graph: Graph) -> bool:
    """Whether the file at ``path`` holds exactly ``graph`` (False when it is missing or not Turtle)."""
    if not path.is_file():
        return False
    try:
        on_disk = Graph().parse(path, format="turtle")
    except Exception:  # rdflib raises several unrelated types for bad syntax: such a file is rewritten
        return False
    return canonical(on_disk) == canonical(graph) or isomorphic(on_disk, graph)


@dataclass
class ExportReport:
    data_dir: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    texts: list[Path] = field(default_factory=list)
    #: files of records the hub does not serve and never withdrew (left alone)
    unknown: list[Path] = field(default_factory=list)
    #: texts a source names that no text directory holds
    missing_texts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"Exported to {self.data_dir}: wrote {len(self.written)} record files, left {len(self.unchanged)} "
                f"unchanged, removed {len(self.removed)} of withdrawn records, copied {len(self.texts)} source texts")
        if self.unknown:
            text += (f"; left alone {len(self.unknown)} files of records the hub does not serve "
                     "(not loaded yet? `symbios load` them, or delete them)")
        if self.missing_texts:
            text += f"; {len(self.missing_texts)} source texts not found ({', '.join(self.missing_texts[:5])})"
        return text + "."

    def lines(self) -> list[str]:
        """One line per file touched, relative to the data directory."""
        def show(path: Path) -> str:
            return str(path.relative_to(self.data_dir))
        return ([f"wrote {show(p)}" for p in self.written] + [f"removed {show(p)}" for p in self.removed]
                + [f"copied {show(p)}" for p in self.texts] + [f"left alone {show(p)}" for p in self.unknown])


def _curated_text(texts: SourceTexts, file_name: str) -> Path | None:
    """The file of a text curators uploaded (None for a seed's text or one exported already)."""
    if texts.uploads_dir is None:
        return None
    path = texts.uploads_dir / file_name
    return path if path.is_file() else None


def export_to_data(store: Store, database: Database | None, texts: SourceTexts, data_dir: Path,
                   progress: Progress | None = None) -> ExportReport:
    """Write every record the hub serves to ``data_dir`` in the project's layout, one Turtle file
    per record, each replaced atomically and only when its triples differ from the file's; remove
    the files of records withdrawn through curation; copy the texts curators uploaded to
    ``sources/texts/`` (a text is never rewritten). Files of other records are left alone."""
    say = progress or (lambda message: None)
    served = served_records(store, database)
    report = ExportReport(data_dir)
    for number, iri in enumerate(sorted(served.records), start=1):
        graph = served.records[iri]
        path = record_path(data_dir, iri)
        if _same_record(path, graph):
            report.unchanged.append(path)
        else:
            with atomic_file(path) as out:
                out.write(record_turtle(iri, graph))
            report.written.append(path)
        if record_kind(iri) == "source":
            _export_text(graph, iri, texts, data_dir, report)
        if number % 100 == 0:
            say(f"  {number}/{len(served.records)} records")
    for iri in sorted(served.withdrawn):
        path = record_path(data_dir, iri)
        if path.is_file():
            path.unlink()
            report.removed.append(path)
    known = set(served.records) | served.withdrawn
    for folder, kind in RECORD_KINDS.items():
        for path in sorted((data_dir / folder).glob("*.ttl")):
            if f"{ID}{kind}/{path.stem}" not in known:
                report.unknown.append(path)
    return report


def _export_text(graph: Graph, iri: str, texts: SourceTexts, data_dir: Path, report: ExportReport) -> None:
    file_name = graph.value(URIRef(iri), SYM.fileName)
    if file_name is None:
        return
    file_name = str(file_name)
    target = data_dir / TEXTS_FOLDER / file_name
    if target.is_file():
        return  # texts are never rewritten: the one in data/ is the one its quotes were checked against
    try:
        uploaded = _curated_text(texts, texts.check_name(file_name))
    except BadRequest:  # a name that cannot be a text file: the source's shape reports it
        return
    if uploaded is not None:
        with atomic_file(target) as out:
            out.write(uploaded.read_bytes())
        report.texts.append(target)
    elif not texts.exists(file_name):
        report.missing_texts.append(file_name)
