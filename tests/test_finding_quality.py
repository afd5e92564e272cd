"""Finding is evaluated, not assumed: the labelled set is sourced, and quality never drops below the record."""

from __future__ import annotations

import json

import pytest

from catalogue.evaluation import evaluate_search, evaluate_similarity, load_labels
from catalogue.quotes import source_text
from catalogue.service import Catalogue
from catalogue.settings import PROJECT_ROOT

LABELS = load_labels(PROJECT_ROOT / "tests" / "evaluation" / "labels.json")
RECORDED = json.loads((PROJECT_ROOT / "benchmarks" / "quality.json").read_text())


@pytest.fixture(scope="module")
def catalogue(real_store) -> Catalogue:
    return Catalogue(real_store)


def test_every_label_quotes_its_source(real_settings):
    for label in [*LABELS["similar"], *LABELS["search"]]:
        text = source_text(real_settings.sources_dir / label["source"])
        assert text.contains(label["quote"]), label["quote"]


def test_every_labelled_initiative_exists(catalogue):
    slugs = {iri.rsplit("/", 1)[-1] for iri in catalogue.index.entries}
    for label in LABELS["similar"]:
        assert set(label["members"]) <= slugs, label["members"]
    for label in LABELS["search"]:
        assert set(label["relevant"]) <= slugs, label["relevant"]


@pytest.mark.parametrize("metric", ["precision@5", "recall@5"])
def test_similarity_quality_does_not_drop_below_the_record(catalogue, metric):
    assert evaluate_similarity(catalogue, LABELS)[metric] >= RECORDED["similar"][metric]


@pytest.mark.parametrize("metric", ["precision@5", "recall@5"])
def test_search_quality_does_not_drop_below_the_record(catalogue, metric):
    assert evaluate_search(catalogue, LABELS)[metric] >= RECORDED["search"][metric]
