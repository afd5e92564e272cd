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
