"""Precision@k and recall@k of similar initiatives and text search against a labelled set.

The labels (tests/evaluation/labels.json) are groups of initiatives that a source document
names together, each with its quote. For similarity, every member of a group is a query and the
other members of all its groups are the relevant answers; for search, each labelled query has
its relevant initiatives. Scores are means over the queries.
"""

from __future__ import annotations

import json
from pathlib import Path

from .listing import search_initiatives

K = 5


def load_labels(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _scores(pairs: list[tuple[list[str], set[str]]], k: int) -> dict[str, float]:
    precision = [len(set(found[:k]) & relevant) / k for found, relevant in pairs]
    recall = [len(set(found[:k]) & relevant) / len(relevant) for found, relevant in pairs]
    return {f"precision@{k}": round(sum(precision) / len(precision), 4),
            f"recall@{k}": round(sum(recall) / len(recall), 4), "queries": len(pairs)}


def evaluate_similarity(catalogue, labels: dict, k: int = K) -> dict[str, float]:
    relevant: dict[str, set[str]] = {}
    for group in labels["similar"]:
        for member in group["members"]:
            relevant.setdefault(member, set()).update(set(group["members"]) - {member})
    pairs = [([item["slug"] for item in catalogue.similarity.similar_to(slug, k)], answers)
             for slug, answers in sorted(relevant.items())]
    return _scores(pairs, k)


def evaluate_search(catalogue, labels: dict, k: int = K) -> dict[str, float]:
    pairs = []
    for case in labels["search"]:
        found = search_initiatives(catalogue, {}, case["query"], None, None, None, "sv", k, 0)["items"]
        pairs.append(([item["slug"] for item in found], set(case["relevant"])))
    return _scores(pairs, k)
