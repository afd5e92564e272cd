"""Coverage figures for the catalogue (`symbios stats`, /api/stats)."""

from __future__ import annotations

from . import queries
from .store import Store


def catalogue_counts(store: Store) -> dict:
    counts = queries.select(store, "stats_counts")
    return {name: int(counts.rows[0].get(name, 0)) for name in counts.variables}


def catalogue_stats(store: Store) -> dict:
    figures = catalogue_counts(store)
    by_category: dict = {}
    for row in queries.select(store, "stats_exchanges_by_category"):
        category = str(row.get("category_label", row["category"]))
        status = str(row.get("status_label", row["status"]))
        by_category.setdefault(category, {})[status] = int(row["exchanges"])
    figures["exchanges_by_category_and_status"] = by_category
    factors: dict = {}
    for row in queries.select(store, "stats_factors"):
        factors.setdefault(str(row["class"]), {})[str(row.get("label", row["concept"]))] = int(row["initiatives"])
    figures["initiatives_per_factor"] = factors
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
    by_category = figures.get("exchanges_by_category_and_status", {})
    if by_category:
        statuses = sorted({status for counts in by_category.values() for status in counts})
        first = max(len(category) for category in by_category)
        lines += ["", "Exchanges by resource category and status", ""]
        lines.append("  " + " " * first + "".join(f"  {status:>10}" for status in statuses))
        for category in sorted(by_category):
            counts = by_category[category]
            lines.append(f"  {category:<{first}}" + "".join(f"  {counts.get(status, 0):>10}" for status in statuses))
    for kind, counts in sorted(figures.get("initiatives_per_factor", {}).items()):
        lines += ["", f"Initiatives per {kind.rsplit('#', 1)[-1].lower().replace('_', ' ')} type", ""]
        for label, number in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {number:>4}  {label}")
    return "\n".join(lines) + "\n"
