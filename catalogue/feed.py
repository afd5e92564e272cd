"""The change feed: every published or withdrawn version, as a Linked Data Event Stream (LDES 1.0).

Members are *version objects*: ``<record>/version/<n>`` with ``dcterms:isVersionOf`` the record
and ``prov:generatedAtTime`` the moment of publication, carrying the record's triples with the
record IRI (and its fragments) rewritten to the version IRI. A withdrawal is a member typed
``sym:Withdrawal`` (the stream's ``ldes:versionDeleteObject``). Members appear in the order
they were published, in pages of a fixed size; a full page never changes again.

The feed starts with the first change made through the curation API; the state before it is
the catalogue dump (``/export/catalogue.trig``), which the stream names as its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .curation import BASELINE_AUTHOR, Version, version_from_row
from .database import Database
from .namespaces import SYM

LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")


def version_iri(record: str, number: int) -> str:
    return f"{record}/version/{number}"


def _rewrite(term, record: str, version: str):
    if isinstance(term, URIRef) and (str(term) == record or str(term).startswith(record + "#")):
        return URIRef(version + str(term)[len(record):])
    return term


@dataclass(frozen=True)
class FeedPage:
    number: int
    versions: list[Version]
    total: int
    page_size: int
    next_first: Version | None  # first member of the next page, for the relation's value

    @property
    def last(self) -> bool:
        return self.number * self.page_size >= self.total

    @property
    def immutable(self) -> bool:
        return len(self.versions) == self.page_size


def read_page(database: Database, number: int, page_size: int) -> FeedPage:
    condition = "state IN ('published', 'withdrawn') AND author != ?"
    with database.connect() as db:
        total = db.execute(f"SELECT COUNT(*) FROM versions WHERE {condition}", (BASELINE_AUTHOR,)).fetchone()[0]
        rows = db.execute(
            f"SELECT * FROM versions WHERE {condition} ORDER BY rowid LIMIT ? OFFSET ?",
            (BASELINE_AUTHOR, page_size + 1, (number - 1) * page_size),
        ).fetchall()
    versions = [version_from_row(row) for row in rows]
    return FeedPage(number, versions[:page_size], total, page_size, versions[page_size] if len(versions) > page_size else None)


def member_graph(version: Version) -> Graph:
    """The version object of one published or withdrawn version."""
    iri = version_iri(version.record, version.number)
    node = URIRef(iri)
    graph = Graph()
    graph.add((node, RDF.type, SYM.Withdrawal if version.state == "withdrawn" else SYM.RecordVersion))
    graph.add((node, DCTERMS.isVersionOf, URIRef(version.record)))
    graph.add((node, PROV.generatedAtTime, Literal(version.at, datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.creator, Literal(version.author)))
    graph.add((node, RDFS.comment, Literal(version.message)))
    if version.state == "published":
        for s, p, o in version.graph():
            graph.add((_rewrite(s, version.record, iri), p, _rewrite(o, version.record, iri)))
    return graph


def stream_graph(feed_url: str, dump_url: str, page: FeedPage | None = None) -> Graph:
    """The event stream's description, and the members and relations of one page when given."""
    graph = Graph()
    for prefix, namespace in (("ldes", LDES), ("tree", TREE), ("prov", PROV), ("dcterms", DCTERMS), ("sym", SYM)):
        graph.bind(prefix, namespace)
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
        return graph
    node = URIRef(f"{feed_url}?page={page.number}")
    graph.add((node, RDF.type, TREE.Node))
    if page.immutable:
        graph.add((node, LDES.immutable, Literal(True)))
    for version in page.versions:
        graph.add((stream, TREE.member, URIRef(version_iri(version.record, version.number))))
        graph += member_graph(version)
    if page.next_first is not None:
        relation = BNode()
        graph.add((node, TREE.relation, relation))
        graph.add((relation, RDF.type, TREE.GreaterThanOrEqualToRelation))
        graph.add((relation, TREE.path, PROV.generatedAtTime))
        graph.add((relation, TREE.value, Literal(page.next_first.at, datatype=XSD.dateTime)))
        graph.add((relation, TREE.node, URIRef(f"{feed_url}?page={page.number + 1}")))
    return graph


def page_json(page: FeedPage, feed_url: str) -> dict:
    """A plain JSON view of one page, for people and simple scripts."""
    return {
        "page": page.number,
        "page_size": page.page_size,
        "total": page.total,
        "next": f"{feed_url}?page={page.number + 1}" if page.next_first is not None else None,
        "items": [
            {"record": v.record, "version": v.number, "member": version_iri(v.record, v.number),
             "state": v.state, "at": v.at, "author": v.author, "message": v.message}
            for v in page.versions
        ],
    }
