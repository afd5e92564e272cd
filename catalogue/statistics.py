"""Coverage figures for the catalogue (`symbios stats`, /api/stats)."""

from __future__ import annotations

from . import queries
from .labels import Labels
from .store import Store


def catalogue_counts(store: Store) -> dict:
    counts = queries.select(store, "stats_counts")
    return {name: int(counts.rows[0].get(name, 0)) for name in counts.variables}


def catalogue_stats(store: Store, labels: Labels, lang: str = "en") -> dict:
    """The totals, then exchanges by top resource category and status, and how many initiatives
    name each driver, barrier and success factor; concepts as references (IRI, slug, name in
    ``lang``), largest counts first."""
    figures = catalogue_counts(store)
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
    return figures


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
    and how many initiatives name each kind of driver and barrier."""
    width = max(len(heading) for _, heading in _HEADINGS)
    lines = ["Symbios catalogue coverage", ""]
    lines += [f"  {heading:<{width}}  {figures.get(key, 0):>6}" for key, heading in _HEADINGS]
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
    return "\n".join(lines) + "\n"
