"""What the review pages show, as plain data for their templates (#20 item 5).

- :func:`history_view`: a record's versions newest first, each with its state and date in the
  page's language, its author and message, and the readable changes from the version before;
  for a record waiting for review (or a draft), the changes against the published version.
- :func:`dashboard_view`: the drafts and records in review by name, kind, state, author and
  date; every record by name (initiatives, actors, sources), filtered by a name.

Names of records that exist only as drafts come from the drafts themselves, so a new actor
created with an initiative is named, not shown as its address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .curation import kind_of
from .labels import Labels, slug_of
from .namespaces import ID
from .review_diff import readable_changes, state_name, when

#: The kinds of record the dashboard lists, in its order, with their headings.
KINDS = {
    "initiative": {"sv": "Initiativ", "en": "Initiatives"},
    "actor": {"sv": "Aktörer", "en": "Actors"},
    "source": {"sv": "Källor", "en": "Sources"},
}
KIND_NAMES = {
    "initiative": {"sv": "initiativ", "en": "initiative"},
    "actor": {"sv": "aktör", "en": "actor"},
    "source": {"sv": "källa", "en": "source"},
}
#: What a version that changed no content did, by its state.
STATE_CHANGES = {
    "sv": {"in-review": "Skickad för granskning", "published": "Publicerad", "withdrawn": "Tillbakadragen",
           "draft": "Tillbaka som utkast"},
    "en": {"in-review": "Submitted for review", "published": "Published", "withdrawn": "Withdrawn",
           "draft": "Back to draft"},
}


def name_in(graph: Graph, iri: str, lang: str) -> str | None:
    """A record's own name in a graph of it (its prefLabel, or a source's title), in ``lang`` if it has one."""
    names = {o.language: str(o) for p in (SKOS.prefLabel, DCTERMS.title) for o in graph.objects(URIRef(iri), p)
             if isinstance(o, Literal)}
    return (names.get(lang) or names.get("sv") or next(iter(names.values()))) if names else None


def with_drafts(labels: Labels, curation) -> Labels:
    """The catalogue's labels and the names of records that exist only as drafts or in review."""
    names = {iri: dict(found) for iri, found in labels.names.items()}
    for version in curation.pending():
        graph = version.graph()
        own = {o.language: str(o) for p in (SKOS.prefLabel, DCTERMS.title)
               for o in graph.objects(URIRef(version.record), p) if isinstance(o, Literal) and o.language}
        if own:
            names.setdefault(version.record, {}).update(own)
    return Labels(names)


def _record_name(labels: Labels, iri: str, lang: str) -> str:
    found = labels.names.get(iri)
    if found:
        return found.get(lang) or found.get("sv") or next(iter(found.values()))
    return slug_of(iri).replace("-", " ").capitalize()


def version_row(version, lang: str) -> dict:
    return {"number": version.number, "state": version.state, "state_label": state_name(version.state, lang),
            "author": version.author, "when": when(version.at, lang), "at": version.at, "message": version.message,
            "etag": version.etag}


@dataclass
class HistoryView:
    kind: str
    slug: str
    name: str
    current: dict
    rows: list[dict]
    #: for a draft or a record in review: the changes against the published version (None otherwise)
    review: dict | None = None
    public: bool = False  # whether the public sees a version of it


def history_view(curation, kind: str, slug: str, labels: Labels, shapes: Graph, lang: str) -> HistoryView:
    versions = curation.history(kind, slug)
    labels = with_drafts(labels, curation)
    current = versions[-1]
    iri = current.record
    rows = []
    for previous, version in zip([None, *versions[:-1]], versions):
        changes = readable_changes(previous.graph() if previous else None, version.graph(), iri, labels, shapes, lang)
        row = version_row(version, lang)
        row["changes"] = [c.text for c in changes]
        row["first"] = previous is None
        row["only_state"] = (STATE_CHANGES[lang].get(version.state) if previous is not None and not changes
                             and previous.state != version.state else None)
        rows.append(row)
    review = None
    if current.state in ("draft", "in-review"):
        published = next((v for v in reversed(versions) if v.state == "published"), None)
        changes = readable_changes(published.graph() if published else None, current.graph(), iri, labels, shapes, lang)
        review = {"against": version_row(published, lang) if published else None,
                  "changes": [c.text for c in changes]}
    name = name_in(current.graph(), iri, lang) or _record_name(labels, iri, lang)
    return HistoryView(kind, slug, name, version_row(current, lang), list(reversed(rows)), review,
                       curation.store.has_graph(iri))


@dataclass
class DashboardView:
    pending: list[dict]
    groups: list[dict] = field(default_factory=list)  # {"kind", "heading", "records": [{"slug", "name"}], "total"}
    q: str | None = None
    kind: str | None = None

    @property
    def matched(self) -> int:
        return sum(len(group["records"]) for group in self.groups)


def dashboard_view(curation, record_names: list[str], labels: Labels, lang: str, q: str | None = None,
                   kind: str | None = None) -> DashboardView:
    """``record_names``: the graph names in the store; ``q``: a part of a name (either language) to list only
    the records it matches; ``kind``: only that kind."""
    labels = with_drafts(labels, curation)
    pending = []
    for version in curation.pending():
        record_kind = kind_of(version.record)
        row = version_row(version, lang)
        row.update({"kind": record_kind, "kind_label": KIND_NAMES.get(record_kind, {}).get(lang, record_kind),
                    "slug": slug_of(version.record),
                    "name": name_in(version.graph(), version.record, lang) or _record_name(labels, version.record, lang)})
        pending.append(row)
    pending_iris = {f"{ID}{p['kind']}/{p['slug']}": p for p in pending}
    wanted = (q or "").casefold()
    groups = []
    for record_kind, heading in KINDS.items():
        if kind and record_kind != kind:
            continue
        prefix = f"{ID}{record_kind}/"
        iris = sorted({n for n in record_names if n.startswith(prefix)} | {i for i in pending_iris if i.startswith(prefix)})
        if not iris:
            continue
        records = []
        for iri in iris:
            name = _record_name(labels, iri, lang)
            other = " ".join(labels.names.get(iri, {}).values())
            search = f"{name} {other} {slug_of(iri)}".casefold()
            if wanted and wanted not in search:
                continue
            records.append({"slug": slug_of(iri), "name": name, "search": search, "pending": pending_iris.get(iri)})
        groups.append({"kind": record_kind, "heading": heading[lang], "records": sorted(records, key=lambda r: r["name"].casefold()),
                       "total": len(iris)})
    return DashboardView(pending, groups, q, kind)
