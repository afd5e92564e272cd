"""Quality of finding (#7): precision@5 / recall@5 of similar initiatives and text search.

Runs the labelled evaluation set (tests/evaluation/labels.json: groups the source documents
name together, each with its quote) against the curated catalogue in data/, prints the figures
and, with --record, writes them to benchmarks/quality.json — the floor that
tests/test_finding_quality.py holds the code to.

    python benchmarks/bench_quality.py            # print
    python benchmarks/bench_quality.py --record   # print and record as the new floor

Two more measures (#21): ``bilingual``, the share of questions asked in Swedish and in English (a
concept's two names) that give the same answer (the same initiatives in the same order), and
``concept_lookup``, the share of concept look-ups (/api/concepts?q=) whose first answer is the
concept the words name, with the mean reciprocal rank of that concept.
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
#: The same question in Swedish and in English: a concept's preferred labels (ontology/schemes/).
BILINGUAL = [("tekniskt vatten", "technical water"), ("processvatten", "process water"), ("koldioxid", "carbon dioxide"),
             ("restvärme", "waste heat"), ("biprodukter från fisk och skaldjur", "fish and seafood by-products")]
#: Concept look-ups (q, scheme or None) and the concept they name: a label of it is the text itself.
CONCEPT_LOOKUPS = [("koldioxid", None, "resource-types/carbon-dioxide"), ("fisk", "resource-types", "resource-types/fish-seafood-byproducts"),
                   ("vatten", None, "resource-types/water"), ("restvärme", None, "resource-types/waste-heat"),
                   ("CO2", None, "resource-types/carbon-dioxide"), ("processvatten", None, "resource-types/process-water")]


def evaluate_bilingual(catalogue) -> dict:
    from catalogue.listing import search_initiatives

    same, ordered = 0, 0
    for swedish, english in BILINGUAL:
        answers = [[item["slug"] for item in search_initiatives(catalogue, {}, q, None, None, None, lang, 500, 0)["items"]]
                   for q, lang in ((swedish, "sv"), (english, "en"))]
        same += set(answers[0]) == set(answers[1])
        ordered += answers[0] == answers[1]
    return {"same initiatives": round(same / len(BILINGUAL), 4), "same order": round(ordered / len(BILINGUAL), 4),
            "queries": len(BILINGUAL)}


def evaluate_concept_lookup(catalogue) -> dict:
    first, reciprocal = 0, 0.0
    for q, scheme, wanted in CONCEPT_LOOKUPS:
        found = [c["iri"].split("/concept/", 1)[1] for c in catalogue.concepts.find(catalogue.labels, scheme, q, "sv")]
        first += bool(found) and found[0] == wanted
        reciprocal += 1 / (found.index(wanted) + 1) if wanted in found else 0
    return {"first is right": round(first / len(CONCEPT_LOOKUPS), 4),
            "mean reciprocal rank": round(reciprocal / len(CONCEPT_LOOKUPS), 4), "queries": len(CONCEPT_LOOKUPS)}


def measure() -> dict:
    settings = Settings(store=":memory:", data_dir=ROOT / "data")
    store = Store.open(None)
    load_catalogue(store, settings)
    catalogue = Catalogue(store, settings.similarity_weights)
    labels = load_labels(LABELS)
    return {"similar": evaluate_similarity(catalogue, labels), "search": evaluate_search(catalogue, labels),
            "bilingual": evaluate_bilingual(catalogue), "concept_lookup": evaluate_concept_lookup(catalogue)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write the figures to benchmarks/quality.json")
    args = parser.parse_args()
    figures = measure()
    for task, scores in figures.items():
        print(f"{task:14s} " + "  ".join(f"{metric} {value:.3f}" for metric, value in scores.items() if metric != "queries")
              + f"  ({scores['queries']} queries)")
    if RECORD.exists():
        recorded = json.loads(RECORD.read_text())
        for task, scores in figures.items():
            for metric, value in scores.items():
                if metric == "queries":
                    continue
                before = recorded.get(task, {}).get(metric)
                if before is None:
                    print(f"  {task} {metric}: not recorded before")
                else:
                    print(f"  {task} {metric}: {value:.3f} against the recorded {before:.3f} ({value - before:+.3f})")
    if args.record:
        RECORD.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"recorded in {RECORD}")


if __name__ == "__main__":
    main()
