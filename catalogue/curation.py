"""Curated writes: validated, versioned, conflict-safe and crash-safe.

Every change to a record is a *version* in the curation database (who, when, why, the whole
record as N-Triples, and its digest). A record moves draft → in-review → published
(→ withdrawn); only publishing and withdrawing touch the quad store, so the public sees the
published version while curators work on the next draft.

- **Validated first**: a record is checked against the shapes and its references before any
  version is written (:class:`~catalogue.errors.InvalidData`, nothing stored).
- **No lost edits**: each write names the version it edits (its ETag, sent as ``If-Match``);
  a stale one is refused with :class:`~catalogue.errors.PreconditionFailed`. The check and the
  write happen under the database's write lock, so of two concurrent writers exactly one wins.
- **Never half-written**: the store's named graph is replaced in one transaction *inside* the
  database transaction that records the version. A process killed between the two leaves the
  store ahead of the log; :meth:`Curation.recover` (run when the app starts) puts the store
  back in step with the last published version in the log.
- **No empty versions**: a write that changes no triple (compared by graph isomorphism, blank
  nodes included) and no state stores nothing; it answers with the current version, marked
  ``changed=False`` (#20).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from .database import Database, now
from .errors import BadRequest, InvalidData, NotFound, PreconditionFailed, PreconditionRequired
from .namespaces import ID, SYM, prefixed, record_iri
from .rdf_input import Budget, parse_body
from .records import RECORD_CLASSES, SLUG
from .store import Store
from .evidence_check import SourceInfo, fact_problems, quote_problems
from .source_texts import SourceTexts
from .validation import Problem, Validator, dangling_references

STATES = ("draft", "in-review", "published", "withdrawn")
#: The kinds of record curated through versions and review (places come from data/ only).
CURATED_KINDS = ("initiative", "actor", "source")
#: Which state a transition leads to, and from which states it may start.
TRANSITIONS = {
    "submit": ("in-review", {"draft"}),
    "publish": ("published", {"draft", "in-review"}),
    "withdraw": ("withdrawn", {"draft", "in-review", "published"}),
}
BASELINE_AUTHOR = "data/"
MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}


def canonical(graph: Graph) -> str:
    """The record's triples as sorted N-Triples lines (records hold no blank nodes)."""
    lines = graph.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip()))


def digest_of(state: str, ntriples: str) -> str:
    return hashlib.sha256(f"{state}\n{ntriples}".encode("utf-8")).hexdigest()[:32]


def etag(digest: str) -> str:
    return f'"{digest}"'


@dataclass(frozen=True)
class Version:
    record: str
    number: int
    state: str
    author: str
    at: str
    message: str
    ntriples: str
    digest: str
    #: False when a write changed nothing and this is the version it found (nothing was stored)
    changed: bool = field(default=True, compare=False)

    @property
    def etag(self) -> str:
        return etag(self.digest)

    def graph(self) -> Graph:
        return Graph().parse(data=self.ntriples, format="nt")

    def summary(self) -> dict:
        return {
            "version": self.number,
            "state": self.state,
            "author": self.author,
            "at": self.at,
            "message": self.message,
            "etag": self.etag,
        }


def version_from_row(row) -> Version:
    return Version(**{key: row[key] for key in Version.__dataclass_fields__ if key != "changed"})


def same_triples(graph: Graph, version: Version) -> bool:
    """Whether ``graph`` holds exactly the triples of ``version`` (blank nodes matched by isomorphism)."""
    return canonical(graph) == version.ntriples or isomorphic(graph, version.graph())


def kind_of(iri: str) -> str:
    """The kind of a record from its IRI: ``…/id/actor/rise`` → ``actor``."""
    return iri[len(ID):].split("/", 1)[0]


def referenced_records(graph: Graph) -> set[str]:
    """The records (without fragments) a graph's statements point to."""
    return {str(o).split("#", 1)[0] for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(ID)}


def parse_record(body: bytes, content_type: str | None, base: str, budget: Budget | None = None) -> Graph:
    """Parse a request body as Turtle, JSON-LD or N-Triples within ``budget`` (see
    :mod:`catalogue.rdf_input`); a clear error otherwise."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise BadRequest(
            f"Send the record as one of {', '.join(MEDIA_TYPES)} or application/json "
            f"(Content-Type was {media_type or 'missing'}).",
            parameter="Content-Type",
            accepted=[*MEDIA_TYPES, "application/json"],
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidData(f"The body is not UTF-8 text: {error}.") from error
    return parse_body(text, MEDIA_TYPES[media_type], base, budget)


class Curation:
    """Writes, history and review states of the records of one store."""

    def __init__(
        self,
        store: Store,
        database: Database,
        validator: Callable[[], Validator],
        on_publish: Callable[[list[str]], None] | None = None,
        texts: SourceTexts | None = None,
    ) -> None:
        """``texts``: the source texts every quote is checked against (none: every quote is refused
        as having no text to be checked against); ``on_publish``: called with the records whose published
        content changed (published, withdrawn, repaired), after the store has them."""
        self.store = store
        self.texts = texts if texts is not None else SourceTexts(None)
        self.database = database
        self._validator_factory = validator
        self._validator: Validator | None = None
        self.on_publish = on_publish or (lambda records: None)
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------

    def history(self, kind: str, slug: str) -> list[Version]:
        iri = self._iri(kind, slug)
        with self.database.connect() as db:
            rows = db.execute("SELECT * FROM versions WHERE record = ? ORDER BY number", (iri,)).fetchall()
        if rows:
            return [version_from_row(row) for row in rows]
        baseline = self._baseline(iri)
        if baseline is None:
            raise NotFound(f"No {kind} called {slug!r}.")
        return [baseline]

    def version(self, kind: str, slug: str, number: int) -> Version:
        for version in self.history(kind, slug):
            if version.number == number:
                return version
        raise NotFound(f"The {kind} {slug!r} has no version {number}. See its history for the versions it has.",
                       parameter="version")

    def current(self, kind: str, slug: str) -> Version:
        """The latest version of a record, in whatever state."""
        return self.history(kind, slug)[-1]

    def pending(self) -> list[Version]:
        """Records whose latest version is a draft or in review, newest first."""
        with self.database.connect() as db:
            rows = db.execute(
                "SELECT v.* FROM versions v JOIN (SELECT record, MAX(number) AS number FROM versions GROUP BY record) "
                "last ON v.record = last.record AND v.number = last.number "
                "WHERE v.state IN ('draft', 'in-review') ORDER BY v.at DESC"
            ).fetchall()
        return [version_from_row(row) for row in rows]

    def diff(self, kind: str, slug: str, old: int, new: int) -> dict:
        before = set(self.version(kind, slug, old).ntriples.splitlines())
        after = set(self.version(kind, slug, new).ntriples.splitlines())
        return {"from": old, "to": new, "added": sorted(after - before), "removed": sorted(before - after)}

    def modified_at(self, iri: str) -> datetime | None:
        """When what the public sees of a record last changed: published through curation or
        changed by `symbios load` (None: not known, e.g. a store filled by other means)."""
        at = self.database.modified_at(iri)
        return datetime.fromisoformat(at) if at else None

    def published_etag(self, iri: str, graph: Graph | None = None) -> str | None:
        """ETag of what the public sees of a record (None when nothing is published); ``graph``: the
        record's published graph when the caller has read it already."""
        if graph is None:
            if not self.store.has_graph(iri):
                return None
            graph = self.store.graph(iri)
        return etag(digest_of("published", canonical(graph))) if len(graph) else None

    # -- writing --------------------------------------------------------------------

    def save(self, kind: str, slug: str, graph: Graph, author: str, message: str,
             if_match: str | None, create: bool = False, budget: Budget | None = None,
             facts_checked: bool = True) -> Version:
        """Store ``graph`` as a new draft of the record (create=True: the record must not exist),
        validated within ``budget``: shapes, references, quotes and (``facts_checked``) evidence for
        each fact it adds or changes compared with the version it edits."""
        iri = self._iri(kind, slug)
        edited = None if create else self._edited(iri, if_match)
        self._check(kind, iri, graph, budget, before=edited if edited is not None else Graph(),
                    facts=facts_checked)
        ntriples = canonical(graph)
        with self._lock, self.database.transaction() as db:
            latest = self._latest(db, iri)
            if create:
                if latest is not None:
                    raise PreconditionFailed(
                        f"The {kind} {slug!r} exists already. Edit it with PUT and its ETag instead.",
                        current=latest.summary(),
                    )
            else:
                self._require_match(kind, slug, latest, if_match)
                if same_triples(graph, latest):
                    return replace(latest, changed=False)
            return self._append(db, iri, latest, "draft", author, message, ntriples)

    def edit(self, kind: str, slug: str, change: Callable[[Version], Graph], author: str, message: str,
             if_match: str | None, budget: Budget | None = None) -> Version:
        """Store ``change(current version)`` as a new draft (a JSON edit or a merge patch, which are
        made from the version they edit): ``if_match`` must name that version, and a colleague's save
        between the read and the write is refused like any stale write."""
        latest = self.current(kind, slug)
        self._require_match(kind, slug, latest, if_match)
        return self.save(kind, slug, change(latest), author, message, latest.etag, budget=budget)

    def transition(self, kind: str, slug: str, action: str, author: str, message: str,
                   if_match: str | None, budget: Budget | None = None) -> Version:
        """submit, publish or withdraw the latest version of a record."""
        if action not in TRANSITIONS:
            raise BadRequest(f"Unknown action {action!r}. Accepted: {', '.join(TRANSITIONS)}.",
                             parameter="action", accepted=list(TRANSITIONS))
        target, sources = TRANSITIONS[action]
        iri = self._iri(kind, slug)
        with self._lock, self.database.transaction() as db:
            latest = self._latest(db, iri)
            self._require_match(kind, slug, latest, if_match)
            if latest.state == target:  # published already (and unchanged since), withdrawn already …
                return replace(latest, changed=False)
            if latest.state not in sources:
                raise BadRequest(
                    f"Cannot {action} the {kind} {slug!r}: its latest version is {latest.state}. "
                    f"{action.capitalize()} works on {' or '.join(sorted(sources))} versions.",
                    parameter="action",
                )
            along: list[Version] = []
            if target == "published":
                # Validate again: shapes or referenced records may have changed since the draft.
                # Records it refers to that were never published go public with it (each validated).
                along = self._unpublished_references(db, iri, latest.graph())
                known = self._published(db) | {iri} | {v.record for v in along}
                self._check(kind, iri, latest.graph(), budget, known=known)
                for other in along:
                    self._check(kind_of(other.record), other.record, other.graph(), budget, known=known)
                if along:
                    names = ", ".join(kind_of(v.record) + " " + v.record.rsplit("/", 1)[1] for v in along)
                    message = f"{message.strip() or 'Published version'} (published along with it: {names})"
            version = self._append(db, iri, latest, target, author, message, latest.ntriples)
            for other in along:
                self._append(db, other.record, other, "published", author,
                             f"Published along with {kind} {slug}", other.ntriples)
            if target == "published":
                self.store.replace_graphs({iri: latest.graph(), **{v.record: v.graph() for v in along}})
            elif target == "withdrawn" and self.store.has_graph(iri):
                self.store.replace_graphs({}, drop=[iri])
        if target in ("published", "withdrawn"):
            self.on_publish([iri, *(v.record for v in along)])
        return version

    def restore(self, kind: str, slug: str, number: int, author: str, message: str,
                if_match: str | None) -> Version:
        """A new draft with the content of an earlier version."""
        old = self.version(kind, slug, number)
        # The facts of a version were checked when it was written; its quotes are checked again.
        return self.save(kind, slug, old.graph(), author, message or f"Restored version {number}", if_match,
                         facts_checked=False)

    def recover(self) -> list[str]:
        """Bring the store in step with the last published or withdrawn version of every record."""
        repaired = []
        with self._lock, self.database.connect() as db:
            rows = db.execute(
                "SELECT v.* FROM versions v JOIN (SELECT record, MAX(number) AS number FROM versions "
                "WHERE state IN ('published', 'withdrawn') GROUP BY record) last "
                "ON v.record = last.record AND v.number = last.number"
            ).fetchall()
            for version in map(version_from_row, rows):
                stored = self.store.graph(version.record) if self.store.has_graph(version.record) else None
                if version.state == "withdrawn" and stored is not None:
                    self.store.replace_graphs({}, drop=[version.record])
                    repaired.append(version.record)
                elif version.state == "published" and (stored is None or canonical(stored) != version.ntriples):
                    self.store.replace_graphs({version.record: version.graph()})
                    repaired.append(version.record)
        if repaired:
            self.on_publish(repaired)
        return repaired

    # -- internals ------------------------------------------------------------------

    def _iri(self, kind: str, slug: str) -> str:
        if kind not in CURATED_KINDS:
            raise BadRequest(f"Records of kind {kind!r} are not edited through the API.")
        if not SLUG.fullmatch(slug):
            raise BadRequest(f"{slug!r} is not a slug: use lower-case a-z, 0-9 and single hyphens, e.g. 'ash2salt'.",
                             parameter="slug")
        return record_iri(kind, slug)

    def _baseline(self, iri: str) -> Version | None:
        """A record loaded from data/ and never edited: its published content as version 1."""
        if not self.store.has_graph(iri):
            return None
        ntriples = canonical(self.store.graph(iri))
        return Version(iri, 1, "published", BASELINE_AUTHOR, "", "Loaded from data/", ntriples,
                       digest_of("published", ntriples))

    def _latest(self, db, iri: str) -> Version | None:
        row = db.execute("SELECT * FROM versions WHERE record = ? ORDER BY number DESC LIMIT 1", (iri,)).fetchone()
        return version_from_row(row) if row else self._baseline(iri)

    def _require_match(self, kind: str, slug: str, latest: Version | None, if_match: str | None) -> None:
        if latest is None:
            raise NotFound(f"No {kind} called {slug!r}. Create it with POST.")
        if not if_match:
            raise PreconditionRequired(
                f"Send the ETag of the version you edited as If-Match (GET the {kind} to get it), "
                "so that a colleague's edit is never overwritten.",
                current=latest.summary(),
            )
        if latest.etag not in {tag.strip() for tag in if_match.split(",")} and if_match.strip() != "*":
            raise PreconditionFailed(
                f"The {kind} {slug!r} changed since you read it (now version {latest.number}, {latest.state}, "
                f"by {latest.author}). Read the current version, merge your change and send its ETag.",
                current=latest.summary(),
            )

    def _append(self, db, iri: str, latest: Version | None, state: str, author: str, message: str,
                ntriples: str) -> Version:
        if latest is not None and latest.author == BASELINE_AUTHOR and latest.number == 1:
            exists = db.execute("SELECT 1 FROM versions WHERE record = ?", (iri,)).fetchone()
            if not exists:
                self._insert(db, latest)
        number = latest.number + 1 if latest else 1
        version = Version(iri, number, state, author, now(), message.strip() or f"{state.capitalize()} version",
                          ntriples, digest_of(state, ntriples))
        self._insert(db, version)
        return version

    @staticmethod
    def _insert(db, version: Version) -> None:
        db.execute(
            "INSERT INTO versions (record, number, state, author, at, message, ntriples, digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (version.record, version.number, version.state, version.author, version.at, version.message,
             version.ntriples, version.digest),
        )

    def _published(self, db) -> set[str]:
        """The records the public sees (the store's record graphs)."""
        return {name for name in self.store.graph_names() if name.startswith(ID)}

    def _drafted(self, db) -> set[str]:
        """Records whose latest version in the log is a draft or in review (a draft may refer to them)."""
        rows = db.execute(
            "SELECT v.record FROM versions v JOIN (SELECT record, MAX(number) AS number FROM versions GROUP BY record) "
            "last ON v.record = last.record AND v.number = last.number WHERE v.state IN ('draft', 'in-review')"
        ).fetchall()
        return {row["record"] for row in rows}

    def _unpublished_references(self, db, iri: str, graph: Graph) -> list[Version]:
        """The latest versions of the records ``graph`` refers to (directly or through them) that
        were never published and are drafts or in review, in the order found."""
        published = self._published(db)
        found: dict[str, Version] = {}
        todo = [graph]
        while todo:
            for target in sorted(referenced_records(todo.pop()) - published - {iri} - set(found)):
                latest = self._latest(db, target)
                if latest is None or latest.state not in ("draft", "in-review"):
                    continue
                ever = db.execute("SELECT 1 FROM versions WHERE record = ? AND state = 'published'", (target,)).fetchone()
                if ever:
                    continue  # withdrawn once, or published and then edited: not published along
                found[target] = latest
                todo.append(latest.graph())
        return list(found.values())

    def _edited(self, iri: str, if_match: str | None) -> Graph | None:
        """The version a write edits (the latest; the write is refused later if ``if_match`` names
        another), None when the record does not exist."""
        with self.database.connect() as db:
            latest = self._latest(db, iri)
        return latest.graph() if latest is not None else None

    def source_info(self, source: str) -> SourceInfo | None:
        """A source's title and text file name: from the published record, else from its latest
        version in the log (a source added as a draft); None when there is no such record."""
        if self.store.has_graph(source):
            graph = self.store.graph(source)
        else:
            with self.database.connect() as db:
                latest = self._latest(db, source)
            if latest is None:
                return None
            graph = latest.graph()
        subject = URIRef(source)
        titles = {getattr(t, "language", None): str(t) for t in graph.objects(subject, DCTERMS.title)}
        title = titles.get("sv") or next(iter(titles.values()), None) or source.rsplit("/", 1)[-1]
        file_name = graph.value(subject, SYM.fileName)
        return SourceInfo(title, str(file_name) if file_name is not None else None)

    def _check(self, kind: str, iri: str, graph: Graph, budget: Budget | None = None,
               known: set[str] | None = None, before: Graph | None = None, facts: bool = False) -> None:
        """Refuse a record that breaks a shape, refers to a record that does not exist or quotes
        what its source does not say; ``known``: the records that exist (default: the published ones
        and the drafts of the log); ``facts``: also refuse a fact added or changed since ``before``
        (the version the write edits, empty for a new record) without evidence."""
        problems: list[Problem] = []
        classes = RECORD_CLASSES[kind]
        if not any((URIRef(iri), RDF.type, cls) in graph for cls in classes):
            problems.append(Problem(
                severity="Violation", focus=iri, path=None, shape="https://w3id.org/symbios/shapes#RecordSubject",
                message_sv=f"Posten måste beskriva sin egen IRI <{iri}> med klassen {prefixed(str(min(classes)))}.",
                message_en=f"The record must describe its own IRI <{iri}> with the class {prefixed(str(min(classes)))}.",
            ))
        foreign = sorted({str(s).split("#", 1)[0] for s in graph.subjects() if str(s).split("#", 1)[0] != iri})
        if foreign:
            problems.append(Problem(
                severity="Violation", focus=foreign[0], path=None, shape="https://w3id.org/symbios/shapes#RecordSubject",
                message_sv="En post får bara beskriva sin egen IRI och dess fragment (#…).",
                message_en="A record may only describe its own IRI and its fragments (#…).",
                value=foreign[0],
            ))
        if self._validator is None:
            self._validator = self._validator_factory()
        problems += self._validator.validate(graph, budget).violations
        if known is None:
            with self.database.connect() as db:
                known = self._published(db) | self._drafted(db)
        problems += dangling_references(iri, graph, known)
        problems += quote_problems(graph, self.source_info, self.texts, budget)
        if facts:
            problems += fact_problems(iri, graph, before, self._validator.shapes, RECORD_CLASSES[kind])
        if problems:
            raise InvalidData(
                f"The {kind} does not conform: {len(problems)} problem(s); nothing was stored.",
                problems=[p.as_dict() for p in problems],
            )
