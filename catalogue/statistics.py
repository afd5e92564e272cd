"""Coverage figures for the catalogue (`symbios stats`, /api/stats)."""

from __future__ import annotations

from . import queries
from .labels import Labels
from .store import Store


def catalogue_counts(store: Store) -> dict:
    counts = queries.select(store, "stats_counts")
    return {name: int(counts.rows[0].get(name, 0)) for name in counts.variables}


#: The totals that count initiatives and what they hold: in the statistics, those of initiatives in Sweden.
IN_SCOPE = ("initiatives", "exchanges", "roles", "drivers", "barriers", "success_factors", "outcomes", "fundings")


def catalogue_stats(store: Store, labels: Labels, lang: str = "en") -> dict:
    """The totals, then exchanges by top resource category and status, how many initiatives name
    each driver, barrier and success factor, and initiatives by county, kind, driver and barrier
    (a concept counting its narrower ones) and start year; concepts and places as references
    (IRI, slug, name in ``lang``), largest counts first. Initiatives and what they hold are counted
    for Sweden only: foreign reference cases (``sym:foreignReferenceCase``, e.g. Kalundborg) are left
    out and listed in ``foreign_reference_cases``; actors, places, sources and evidence are the
    whole catalogue's."""
    figures = catalogue_counts(store)
    in_scope = queries.select(store, "stats_initiative_counts").rows[0]
    figures.update({name: int(in_scope.get(name, 0)) for name in IN_SCOPE})
    figures["foreign_reference_cases"] = [labels.ref(str(row["initiative"]), lang)
                                          for row in queries.select(store, "stats_foreign_reference_cases")]
    by_category = [{"category": labels.ref(str(row["category"]), lang), "status": labels.ref(str(row["status"]), lang),
                    "exchanges": int(row["exchanges"])}
                   for row in queries.select(store, "stats_exchanges_by_category")]
    figures["exchanges_by_category_and_status"] = sorted(
        by_category, key=lambda item: (item["category"]["label"].casefold(), -item["exchanges"]))
    factors: dict = {"driver": [], "barrier": [], "success_factor": []}
    for row in queries.select(store, "stats_factors"):
        factors[str(row["class"])].append({"factor": labels.ref(str(row["concept"]), lang),
                                           "initiatives": int(row["initiatives"])})
    figures["initiatives_per_factor"] = {
        kind: sorted(items, key=lambda item: (-item["initiatives"], item["factor"]["label"].casefold()))
        for kind, items in factors.items()}
    figures.update(_initiative_figures(store, labels, lang, figures["initiatives"]))
    return figures


def _largest_first(items: list[dict], key: str) -> list[dict]:
    return sorted(items, key=lambda item: (-item["initiatives"], item[key]["label"].casefold()))


def _initiative_figures(store: Store, labels: Labels, lang: str, total: int) -> dict:
    """Initiatives by county, by kind, driver and barrier (with the hierarchy, as the search's facets
    count them) and by start year, with how many have no county or no start year."""
    by_region = [{"region": labels.ref(str(row["region"]), lang), "initiatives": int(row["initiatives"])}
                 for row in queries.select(store, "stats_initiatives_by_region")]
    without_region = queries.select(store, "stats_initiatives_without_region").rows
    by_concept: dict[str, list[dict]] = {"kind": [], "driver": [], "barrier": []}
    for row in queries.select(store, "stats_initiatives_by_concept"):
        broader = row.get("broader")
        by_concept[str(row["facet"])].append({"concept": labels.ref(str(row["concept"]), lang),
                                              "broader": str(broader) if broader is not None else None,
                                              "initiatives": int(row["initiatives"])})
    by_year = sorted(({"year": int(row["year"]), "initiatives": int(row["initiatives"])}
                      for row in queries.select(store, "stats_start_years")), key=lambda item: item["year"])
    return {
        "initiatives_by_region": _largest_first(by_region, "region"),
        "initiatives_without_region": int(without_region[0]["initiatives"]) if without_region else 0,
        "initiatives_by_concept": {facet: _largest_first(items, "concept") for facet, items in by_concept.items()},
        "initiatives_by_start_year": by_year,
        "initiatives_without_start_year": total - sum(item["initiatives"] for item in by_year),
    }


_HEADINGS = [
    ("initiatives", "Initiatives"),
    ("actors", "Actors"),
    ("places", "Places"),
    ("sources", "Sources"),
    ("exchanges", "Resource exchanges"),
    ("roles", "Actor roles"),
    ("drivers", "Drivers"),
    ("barriers", "Barriers"),
    ("success_factors", "Success factors"),
    ("outcomes", "Outcomes"),
    ("fundings", "Funding entries"),
    ("evidence", "Citations (evidence with a quote)"),
]


def format_report(figures: dict) -> str:
    """The coverage report as plain text: totals, exchanges by resource category and status,
    how many initiatives name each kind of driver and barrier, and initiatives per county and
    by start year (with those that have none); the foreign reference cases left out are named."""
    width = max(len(heading) for _, heading in _HEADINGS)
    lines = ["Symbios catalogue coverage", ""]
    lines += [f"  {heading:<{width}}  {figures.get(key, 0):>6}" for key, heading in _HEADINGS]
    foreign = figures.get("foreign_reference_cases", [])
    if foreign:
        lines += ["", "Initiatives and what they hold are counted in Sweden only; left out as foreign reference cases:"]
        lines += [f"  {case['label']}" for case in foreign]
    by_category: dict[str, dict[str, int]] = {}
    for item in figures.get("exchanges_by_category_and_status", []):
        by_category.setdefault(item["category"]["label"], {})[item["status"]["label"]] = item["exchanges"]
    if by_category:
        statuses = sorted({status for counts in by_category.values() for status in counts})
        first = max(len(category) for category in by_category)
        lines += ["", "Exchanges by resource category and status", ""]
        lines.append("  " + " " * first + "".join(f"  {status:>10}" for status in statuses))
        for category in sorted(by_category):
            counts = by_category[category]
            lines.append(f"  {category:<{first}}" + "".join(f"  {counts.get(status, 0):>10}" for status in statuses))
    for kind, items in figures.get("initiatives_per_factor", {}).items():
        if items:
            lines += ["", f"Initiatives per {kind.replace('_', ' ')} type", ""]
            lines += [f"  {item['initiatives']:>4}  {item['factor']['label']}" for item in items]
    if figures.get("initiatives_by_region") or figures.get("initiatives_without_region"):
        lines += ["", "Initiatives per county", ""]
        lines += [f"  {item['initiatives']:>4}  {item['region']['label']}" for item in figures["initiatives_by_region"]]
        if figures.get("initiatives_without_region"):
            lines.append(f"  {figures['initiatives_without_region']:>4}  (no county)")
    years = figures.get("initiatives_by_start_year", [])
    if years or figures.get("initiatives_without_start_year"):
        lines += ["", "Initiatives by start year", ""]
        lines += [f"  {item['initiatives']:>4}  {item['year']}" for item in years]
        if figures.get("initiatives_without_start_year"):
            lines.append(f"  {figures['initiatives_without_start_year']:>4}  (not stated)")
    return "\n".join(lines) + "\n"
