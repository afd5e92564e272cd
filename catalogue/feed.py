"""The change feed: every published or withdrawn version, as a Linked Data Event Stream (LDES 1.0).

Members are *version objects*: ``<record>/version/<n>`` with ``dcterms:isVersionOf`` the record
and ``prov:generatedAtTime`` the moment of publication, carrying the record's triples with the
record IRI (and its fragments) rewritten to the version IRI. A withdrawal is a member typed
``sym:Withdrawal`` (the stream's ``ldes:versionDeleteObject``).

**Each member is its own named graph**, named by the member IRI (the first rule of the TREE
member extraction algorithm), so that a standard client reading TriG, N-Quads or JSON-LD gets the
whole record, its roles, exchanges and evidence too; the page's own triples (the stream, its
``tree:member`` links, the node and its relation) are in the default graph. The triple formats
(Turtle, N-Triples, RDF/XML) give the union of the graphs.

Members appear in the order they were published, in pages of a fixed size. The timestamps order
the stream strictly: the curation log stores whole seconds, so a member's ``prov:generatedAtTime``
is its publication second plus as many milliseconds as needed to come after the member before it
(:func:`_stamps`); it depends only on the members before it and so never changes. A page is
immutable only once it is full **and** links on to the next page, i.e. a later member exists.

The feed starts with the first change made through the curation API; the state before it is
the catalogue dump (``/export/catalogue.trig``), which the stream names as its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .curation import BASELINE_AUTHOR, Version, version_from_row
from .database import Database
from .errors import NotFound
from .namespaces import SYM

LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")

#: The members of the feed, oldest first, each with its timestamp in milliseconds since 1970: the
#: publication second, or one millisecond after the member before when that is later (a running
#: maximum of ``second - position`` plus the position), so timestamps increase strictly.
_MEMBERS = """
SELECT *, MAX(second * 1000 - position) OVER (ORDER BY position) + position AS stamp FROM (
    SELECT *, CAST(strftime('%s', at) AS INTEGER) AS second, ROW_NUMBER() OVER (ORDER BY rowid) AS position
    FROM versions WHERE state IN ('published', 'withdrawn') AND author != ?
) ORDER BY position LIMIT ? OFFSET ?
"""
_COUNT = "SELECT COUNT(*) FROM versions WHERE state IN ('published', 'withdrawn') AND author != ?"


def version_iri(record: str, number: int) -> str:
    return f"{record}/version/{number}"


def _rewrite(term, record: str, version: str):
    if isinstance(term, URIRef) and (str(term) == record or str(term).startswith(record + "#")):
        return URIRef(version + str(term)[len(record):])
    return term


def _timestamp(milliseconds: int) -> str:
    moment = datetime.fromtimestamp(milliseconds // 1000, tz=timezone.utc)
    return moment.replace(microsecond=milliseconds % 1000 * 1000).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Member:
    version: Version
    timestamp: str  # xsd:dateTime with milliseconds, strictly increasing along the feed

    @property
    def iri(self) -> str:
        return version_iri(self.version.record, self.version.number)


@dataclass(frozen=True)
class FeedPage:
    number: int
    members: list[Member]
    total: int
    page_size: int
    next_first: Member | None  # first member of the next page, for the relation's value

    @property
    def immutable(self) -> bool:
        """Full and linking on: nothing can be added to it and a client can reach what follows."""
        return len(self.members) == self.page_size and self.next_first is not None


def last_page(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def read_page(database: Database, number: int, page_size: int, feed_url: str = "/feed") -> FeedPage:
    """Page ``number`` of the feed; NotFound (naming the last page) beyond the last. Page 1 always exists."""
    with database.connect() as db:
        total = db.execute(_COUNT, (BASELINE_AUTHOR,)).fetchone()[0]
        last = last_page(total, page_size)
        if number > last:
            raise NotFound(f"The change feed has {last} page{'s' if last > 1 else ''}: no page {number}. "
                           f"The last is {feed_url}?page={last}.", last=f"{feed_url}?page={last}")
        rows = db.execute(_MEMBERS, (BASELINE_AUTHOR, page_size + 1, (number - 1) * page_size)).fetchall()
    members = [Member(version_from_row(row), _timestamp(row["stamp"])) for row in rows]
    return FeedPage(number, members[:page_size], total, page_size, members[page_size] if len(members) > page_size else None)


def member_graph(member: Member) -> Graph:
    """The version object of one published or withdrawn version."""
    version, node = member.version, URIRef(member.iri)
    graph = Graph()
    graph.add((node, RDF.type, SYM.Withdrawal if version.state == "withdrawn" else SYM.RecordVersion))
    graph.add((node, DCTERMS.isVersionOf, URIRef(version.record)))
    graph.add((node, PROV.generatedAtTime, Literal(member.timestamp, datatype=XSD.dateTime, normalize=False)))
    graph.add((node, DCTERMS.creator, Literal(version.author)))
    graph.add((node, RDFS.comment, Literal(version.message)))
    if version.state == "published":
        for s, p, o in version.graph():
            graph.add((_rewrite(s, version.record, member.iri), p, _rewrite(o, version.record, member.iri)))
    return graph


def stream_dataset(feed_url: str, dump_url: str, page: FeedPage | None = None) -> Dataset:
    """The event stream's description, and the members and relation of one page when given: the
    page's own triples in the default graph, each member in the named graph of its IRI."""
    dataset = Dataset()
    for prefix, namespace in (("ldes", LDES), ("tree", TREE), ("prov", PROV), ("dcterms", DCTERMS), ("sym", SYM)):
        dataset.bind(prefix, namespace)
    graph = dataset.default_graph
    stream = URIRef(feed_url)
    first_page = URIRef(f"{feed_url}?page=1")
    graph.add((stream, RDF.type, LDES.EventStream))
    graph.add((stream, LDES.timestampPath, PROV.generatedAtTime))
    graph.add((stream, LDES.versionOfPath, DCTERMS.isVersionOf))
    graph.add((stream, LDES.versionDeletePath, RDF.type))
    graph.add((stream, LDES.versionDeleteObject, SYM.Withdrawal))
    graph.add((stream, DCTERMS.source, URIRef(dump_url)))
    graph.add((stream, RDFS.comment, Literal(
        "Publicerade och tillbakadragna versioner av katalogens poster, i publiceringsordning. "
        "Tillståndet före första ändringen finns i katalogdumpen (dcterms:source).", lang="sv")))
    graph.add((stream, RDFS.comment, Literal(
        "Published and withdrawn versions of the catalogue's records, in order of publication. "
        "The state before the first change is the catalogue dump (dcterms:source).", lang="en")))
    graph.add((stream, TREE.view, first_page))
    graph.add((first_page, RDF.type, TREE.Node))
    if page is None:
        return dataset
    node = URIRef(f"{feed_url}?page={page.number}")
    graph.add((node, RDF.type, TREE.Node))
    if page.immutable:
        graph.add((node, LDES.immutable, Literal(True)))
    for member in page.members:
        graph.add((stream, TREE.member, URIRef(member.iri)))
        named = dataset.graph(URIRef(member.iri))
        for triple in member_graph(member):
            named.add(triple)
    if page.next_first is not None:
        relation = BNode()
        graph.add((node, TREE.relation, relation))
        graph.add((relation, RDF.type, TREE.GreaterThanOrEqualToRelation))
        graph.add((relation, TREE.path, PROV.generatedAtTime))
        graph.add((relation, TREE.value, Literal(page.next_first.timestamp, datatype=XSD.dateTime, normalize=False)))
        graph.add((relation, TREE.node, URIRef(f"{feed_url}?page={page.number + 1}")))
    return dataset


def page_json(page: FeedPage, feed_url: str) -> dict:
    """A plain JSON view of one page, for people and simple scripts."""
    return {
        "page": page.number,
        "page_size": page.page_size,
        "total": page.total,
        "immutable": page.immutable,
        "next": f"{feed_url}?page={page.number + 1}" if page.next_first is not None else None,
        "items": [
            {"record": v.record, "version": v.number, "member": m.iri, "state": v.state, "at": v.at,
             "timestamp": m.timestamp, "author": v.author, "message": v.message}
            for m in page.members for v in [m.version]
        ],
    }
