"""The sources as curators and scripts see them: title, publisher, year, language, review state,
and the records that cite each.

Who cites a source is what its public page says (:func:`catalogue.record_pages.source_view`, one
query per source), so the list and the page never disagree. The curators' list also holds the
sources that exist only as drafts or in review, described by their latest version.
"""

from __future__ import annotations

from rdflib import Graph

from .curation import Curation, Version
from .errors import NotFound
from .facets import fold
from .labels import slug_of
from .namespaces import ID
from .record_pages import source_view

PREFIX = f"{ID}source/"
#: Kinds of record with a curator's edit page, and where it is.
EDIT_PAGES = {"initiative": "/curate/initiative/{slug}", "actor": "/curate/actor/{slug}", "source": "/curate/source/{slug}"}


def _citing(view: dict, lang: str) -> list[dict]:
    rows = []
    for group in view["groups"]:
        for record in group["records"]:
            slug = record["slug"]
            edit = EDIT_PAGES.get(group["kind"])
            rows.append({"label": record["label"], "kind": group["kind"], "quotes": len(record["quotes"]),
                         "page": f"/id/{group['kind']}/{slug}?lang={lang}",
                         "edit": f"{edit.format(slug=slug)}?lang={lang}" if edit else None})
    return rows


def _row(catalogue, slug: str, lang: str, graph: Graph | None, version: Version | None, published: bool) -> dict:
    view = source_view(catalogue, slug, lang, graph)
    return {
        "slug": slug, "iri": view["iri"], "label": view["label"], "title_lang": view["title_lang"],
        "publishers": view["publishers"], "year": view["year"], "language": view["language"], "url": view["url"],
        "state": version.state if version else "published", "version": version.number if version else None,
        "published": published, "cited_by": _citing(view, lang), "quotes": view["counts"]["quotes"],
    }


def published_sources(catalogue, lang: str) -> list[dict]:
    """Every published source with who cites it, by title."""
    slugs = [slug_of(g) for g in catalogue.store.graph_names() if g.startswith(PREFIX)]
    rows = [_row(catalogue, slug, lang, None, None, True) for slug in slugs]
    return sorted(rows, key=lambda r: fold(r["label"]))


def curated_sources(catalogue, curation: Curation, lang: str) -> list[dict]:
    """Every source a curator can edit — published, or only a draft or in review — each described
    by its latest version, with who cites it in what is published, by title."""
    published = {g for g in catalogue.store.graph_names() if g.startswith(PREFIX)}
    pending = {v.record for v in curation.pending() if v.record.startswith(PREFIX)}
    rows = []
    for iri in published | pending:
        slug = slug_of(iri)
        try:
            version = curation.current("source", slug)
        except NotFound:  # gone between the two reads
            continue
        rows.append(_row(catalogue, slug, lang, version.graph(), version, iri in published))
    return sorted(rows, key=lambda r: fold(r["label"]))


def source_summary(row: dict) -> dict:
    """The JSON of one published source (``GET /api/sources``)."""
    return {"iri": row["iri"], "slug": row["slug"], "title": str(row["label"]),
            "title_lang": row["title_lang"], "year": row["year"], "language": row["language"],
            "publishers": [{"label": str(p["label"]), **({"iri": p["iri"]} if p.get("iri") else {})} for p in row["publishers"]],
            "url": row["url"], "page": f"/id/source/{row['slug']}", "cited_by": len(row["cited_by"]), "quotes": row["quotes"]}
