"""Quality of finding (#7): precision@5 / recall@5 of similar initiatives and text search.

Runs the labelled evaluation set (tests/evaluation/labels.json: groups the source documents
name together, each with its quote) against the curated catalogue in data/, prints the figures
and, with --record, writes them to benchmarks/quality.json — the floor that
tests/test_finding_quality.py holds the code to.

    python benchmarks/bench_quality.py            # print
    python benchmarks/bench_quality.py --record   # print and record as the new floor
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.evaluation import evaluate_search, evaluate_similarity, load_labels  # noqa: E402
from catalogue.loading import load_catalogue  # noqa: E402
from catalogue.service import Catalogue  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402

RECORD = ROOT / "benchmarks" / "quality.json"
LABELS = ROOT / "tests" / "evaluation" / "labels.json"


def measure() -> dict:
    settings = Settings(store=":memory:", data_dir=ROOT / "data")
    store = Store.open(None)
    load_catalogue(store, settings)
    catalogue = Catalogue(store, settings.similarity_weights)
    labels = load_labels(LABELS)
    return {"similar": evaluate_similarity(catalogue, labels), "search": evaluate_search(catalogue, labels)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write the figures to benchmarks/quality.json")
    args = parser.parse_args()
    figures = measure()
    for task, scores in figures.items():
        print(f"{task:8s} precision@5 {scores['precision@5']:.3f}  recall@5 {scores['recall@5']:.3f}  ({scores['queries']} queries)")
    if RECORD.exists():
        recorded = json.loads(RECORD.read_text())
        for task, scores in figures.items():
            for metric in ("precision@5", "recall@5"):
                print(f"  {task} {metric}: {scores[metric] / recorded[task][metric]:.2f}x the recorded {recorded[task][metric]:.3f}")
    if args.record:
        RECORD.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"recorded in {RECORD}")


if __name__ == "__main__":
    main()
