"""The statistics page: the figures of /api/stats as charts, each with its numbers as a table."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from catalogue.errors import NotAcceptable
from catalogue.statistics import catalogue_stats
from catalogue.service import Catalogue

from ..deps import get_catalogue
from ..language import request_page_language
from ..negotiation import best_match
from ..responses import JSONResponse

router = APIRouter()
OFFERED = ["text/html", "application/json"]
#: Exchange statuses in the order of their life (unknown ones after these).
STATUS_ORDER = ("existing", "in-test", "planned", "potential", "ended")
TEXT = {
    "sv": {
        "title": "Statistik",
        "intro": "Vad katalogen innehåller, räknat ur dess uppgifter. Klicka på en stapel eller ett namn för att "
                 "se initiativen i sökningen.",
        "scope": "Statistiken räknar initiativ i Sverige, katalogens nationella omfång.",
        "left_out": "Utländska referensfall räknas inte: {}. Sökningen som länkarna leder till visar även dem.",
        "totals": "Katalogen i siffror",
        "initiatives": "Initiativ", "actors": "Aktörer", "exchanges": "Resursutbyten", "sources": "Källor",
        "evidence": "Citat ur källorna",
        "table": "Siffrorna som tabell",
        "total": "Totalt",
        "by_category": "Resursutbyten efter resurskategori och status",
        "by_category_note": "Antal utbyten; ett utbyte av en resurs som hör till två kategorier räknas i båda. "
                            "Ett namn leder till initiativen med utbyten i kategorin.",
        "category": "Resurskategori",
        "by_region": "Initiativ per län",
        "by_region_note": "Ett initiativ räknas i varje län där det eller någon av dess kommuner ligger.",
        "region": "Län",
        "no_region": "Inget län i katalogen (t.ex. utomlands)",
        "no_region_short": "Inget län",
        "by_kind": "Initiativ efter typ",
        "by_driver": "Initiativ efter drivkraft",
        "by_barrier": "Initiativ efter hinder",
        "hierarchy_note": "Diagrammet visar huvudgrupperna; tabellen även undergrupperna. Ett initiativ räknas i en "
                          "grupp när det anger gruppen eller något under den, och kan räknas i flera grupper.",
        "kind": "Typ av initiativ", "driver": "Drivkraft", "barrier": "Hinder",
        "by_time": "Initiativ efter startår",
        "by_time_note": "Per årtionde. Där källorna inte anger något startår står initiativet som ”ej angivet”; "
                        "inget år är gissat.",
        "decade": "Årtionde / år",
        "decade_label": "{}-talet",
        "no_year": "Startår ej angivet",
        "no_year_short": "Ej angivet",
        "chart": "Diagram: {}. Samma siffror finns i tabellen nedan.",
    },
    "en": {
        "title": "Statistics",
        "intro": "What the catalogue holds, counted from its records. Click a bar or a name to see the initiatives "
                 "in the search.",
        "scope": "The statistics count initiatives in Sweden, the catalogue's national scope.",
        "left_out": "Foreign reference cases are left out: {}. The search the links lead to shows them too.",
        "totals": "The catalogue in figures",
        "initiatives": "Initiatives", "actors": "Actors", "exchanges": "Resource exchanges", "sources": "Sources",
        "evidence": "Quotes from the sources",
        "table": "The figures as a table",
        "total": "Total",
        "by_category": "Resource exchanges by resource category and status",
        "by_category_note": "Number of exchanges; an exchange of a resource that belongs to two categories counts "
                            "in both. A name leads to the initiatives with exchanges in the category.",
        "category": "Resource category",
        "by_region": "Initiatives per county",
        "by_region_note": "An initiative counts in every county where it or one of its municipalities lies.",
        "region": "County",
        "no_region": "No county in the catalogue (e.g. abroad)",
        "no_region_short": "No county",
        "by_kind": "Initiatives by kind",
        "by_driver": "Initiatives by driver",
        "by_barrier": "Initiatives by barrier",
        "hierarchy_note": "The chart shows the main groups; the table also the groups under them. An initiative counts "
                          "in a group when it names the group or anything under it, and may count in several groups.",
        "kind": "Kind of initiative", "driver": "Driver", "barrier": "Barrier",
        "by_time": "Initiatives by start year",
        "by_time_note": "By decade. Where the sources state no start year, the initiative is shown as \u201cnot "
                        "stated\u201d; no year is guessed.",
        "decade": "Decade / year",
        "decade_label": "{}s",
        "no_year": "Start year not stated",
        "no_year_short": "Not stated",
        "chart": "Chart: {}. The same figures are in the table below.",
    },
}


def number(value: int, lang: str) -> str:
    """An integer the page's way: ``150 000`` (no-break space) in Swedish, ``150,000`` in English."""
    text = f"{value:,}"
    return text.replace(",", "\u00a0") if lang == "sv" else text


def _search(facet: str, slug: str, lang: str) -> str:
    return "/?" + urlencode([(facet, slug), ("lang", lang)])


def _row(label: str, value: int, lang: str, href: str | None = None, level: int = 0, parent: str | None = None) -> dict:
    """A table row; ``parent`` (the group it is under) is said to screen readers, the indent shows it."""
    return {"label": label, "value": value, "display": number(value, lang), "href": href, "level": level,
            "parent": parent}


def _exchanges(figures: dict, lang: str, text: dict) -> dict:
    statuses: dict[str, str] = {}
    categories: dict[str, dict] = {}
    for item in figures["exchanges_by_category_and_status"]:
        statuses[item["status"]["slug"]] = item["status"]["label"]
        category = categories.setdefault(item["category"]["slug"], {"label": item["category"]["label"], "counts": {}})
        category["counts"][item["status"]["slug"]] = item["exchanges"]
    order = [s for s in STATUS_ORDER if s in statuses] + sorted(set(statuses) - set(STATUS_ORDER))
    rows = []
    for slug, category in sorted(categories.items(), key=lambda pair: -sum(pair[1]["counts"].values())):
        cells = [category["counts"].get(status, 0) for status in order]
        rows.append({"label": category["label"], "href": _search("resource", slug, lang),
                     "cells": [{"value": v, "display": number(v, lang)} for v in cells],
                     "total": number(sum(cells), lang)})
    return {"id": "exchanges-by-category", "title": text["by_category"], "note": text["by_category_note"],
            "stacked": True, "heading": text["category"], "unit": text["exchanges"],
            "series": [{"slug": s, "label": statuses[s]} for s in order], "rows": rows}


def _tree(items: list[dict], facet: str, lang: str) -> tuple[list[dict], list[dict]]:
    """Top concepts (for the chart) and every concept under its broader one (for the table)."""
    counted = {item["concept"]["iri"] for item in items}
    children: dict[str | None, list[dict]] = {}
    for item in items:
        parent = item["broader"] if item["broader"] in counted else None
        children.setdefault(parent, []).append(item)
    rows: list[dict] = []

    def walk(parent: str | None, level: int, parent_label: str | None) -> None:
        for item in children.get(parent, []):
            concept = item["concept"]
            rows.append(_row(concept["label"], item["initiatives"], lang, _search(facet, concept["slug"], lang), level,
                             parent_label))
            walk(concept["iri"], level + 1, concept["label"])

    walk(None, 0, None)
    return [row for row in rows if row["level"] == 0], rows


def _concepts(figures: dict, facet: str, lang: str, text: dict) -> dict:
    top, rows = _tree(figures["initiatives_by_concept"][facet], facet, lang)
    return {"id": f"initiatives-by-{facet}", "title": text[f"by_{facet}"], "note": text["hierarchy_note"],
            "heading": text[facet], "unit": text["initiatives"], "bars": top, "rows": rows}


def _regions(figures: dict, lang: str, text: dict) -> dict:
    rows = [_row(item["region"]["label"], item["initiatives"], lang, _search("region", item["region"]["slug"], lang))
            for item in figures["initiatives_by_region"]]
    if figures["initiatives_without_region"]:
        rows.append({**_row(text["no_region"], figures["initiatives_without_region"], lang), "unstated": True,
                     "short": text["no_region_short"]})
    return {"id": "initiatives-by-region", "title": text["by_region"], "note": text["by_region_note"],
            "heading": text["region"], "unit": text["initiatives"], "bars": rows, "rows": rows}


def _start_years(figures: dict, lang: str, text: dict) -> dict:
    years = figures["initiatives_by_start_year"]
    bars, rows = [], []
    if years:
        for decade in range(years[0]["year"] // 10 * 10, years[-1]["year"] // 10 * 10 + 1, 10):
            within = [item for item in years if decade <= item["year"] < decade + 10]
            bar = _row(text["decade_label"].format(decade), sum(item["initiatives"] for item in within), lang)
            bars.append(bar)
            rows.append(bar)
            rows += [_row(str(item["year"]), item["initiatives"], lang, level=1, parent=bar["label"]) for item in within]
    if figures["initiatives_without_start_year"]:
        unstated = {**_row(text["no_year"], figures["initiatives_without_start_year"], lang), "unstated": True,
                    "short": text["no_year_short"]}
        bars.append(unstated)
        rows.append(unstated)
    return {"id": "initiatives-by-start-year", "title": text["by_time"], "note": text["by_time_note"],
            "heading": text["decade"], "unit": text["initiatives"], "bars": bars, "rows": rows, "vertical": True}


def stats_page_context(figures: dict, lang: str) -> dict:
    """The figures of catalogue_stats as the page shows them: totals, and charts with their table rows."""
    text = TEXT[lang]
    totals = [(text[key], number(figures[key], lang)) for key in ("initiatives", "actors", "exchanges", "sources",
                                                                  "evidence")]
    charts = [_exchanges(figures, lang, text), _regions(figures, lang, text), _concepts(figures, "kind", lang, text),
              _concepts(figures, "driver", lang, text), _concepts(figures, "barrier", lang, text),
              _start_years(figures, lang, text)]
    for chart in charts:
        chart["description"] = text["chart"].format(chart["title"])
    foreign = ", ".join(case["label"] for case in figures.get("foreign_reference_cases", []))
    scope = text["scope"] + (" " + text["left_out"].format(foreign) if foreign else "")
    return {"lang": lang, "text": text, "totals": totals, "charts": charts, "scope": scope,
            "script_data": {"lang": lang, "charts": [_script_data(chart) for chart in charts]}}


def _script_data(chart: dict) -> dict:
    """What stats.js needs to draw one chart: labels, links and one series per status (or one)."""
    if chart.get("stacked"):
        bars = chart["rows"]
        series = [{"label": s["label"], "slug": s["slug"], "data": [row["cells"][i]["value"] for row in bars]}
                  for i, s in enumerate(chart["series"])]
    else:
        bars = chart["bars"]
        series = [{"label": chart["unit"], "slug": "", "data": [bar["value"] for bar in bars]}]
    return {"id": chart["id"], "vertical": bool(chart.get("vertical")), "stacked": bool(chart.get("stacked")),
            "labels": [bar.get("short") or bar["label"] for bar in bars], "titles": [bar["label"] for bar in bars],
            "hrefs": [bar.get("href") for bar in bars],
            "unstated": [bool(bar.get("unstated")) for bar in bars], "series": series}


@router.get("/stats", name="stats_page", include_in_schema=False)
def stats_page(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Charts of the catalogue's figures (those of /api/stats), each with its numbers as a table;
    the same figures as JSON when asked for by Accept."""
    lang = request_page_language(request)
    chosen = best_match(request.headers.get("accept"), OFFERED)
    if chosen is None:
        raise NotAcceptable("Ask for text/html or application/json.", accepted=OFFERED)
    figures = catalogue_stats(catalogue.store, catalogue.labels, lang)
    headers = {"Vary": "Accept, Accept-Language", "Link": f'</api/stats?lang={lang}>; rel="alternate"; type="application/json"'}
    if chosen == "application/json":
        return JSONResponse(figures, headers=headers)
    return request.app.state.templates.TemplateResponse(request, "stats.html", stats_page_context(figures, lang),
                                                        headers=headers)
