"""Each shape is proven by a minimal file that breaks exactly that rule (first line: `# expects: Shape`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from catalogue.loading import validator_for
from catalogue.settings import Settings

HERE = Path(__file__).parent
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
WARNING = sorted((HERE / "warning").glob("*.ttl"))
SHAPES = "https://w3id.org/symbios/shapes#"


@pytest.fixture(scope="module")
def validator():
    return validator_for(Settings())


def expected_shape(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expects: "), f"{path.name} must start with '# expects: <Shape>'"
    return SHAPES + first.split(": ", 1)[1].strip()


def test_the_fixture_globs_found_files():
    assert len(VALID) >= 1 and len(INVALID) >= 10 and len(WARNING) >= 3


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms_without_warnings(validator, path):
    result = validator.validate(Graph().parse(path))
    assert result.conforms, [p.message_en for p in result.problems]
    assert result.problems == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_breaks_exactly_its_rule(validator, path):
    result = validator.validate(Graph().parse(path))
    assert not result.conforms
    assert {p.shape for p in result.violations} == {expected_shape(path)}


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.stem)
def test_warning_fixture_conforms_but_warns_about_its_rule(validator, path):
    result = validator.validate(Graph().parse(path))
    assert result.conforms
    assert {p.shape for p in result.problems} == {expected_shape(path)}
    assert all(p.severity == "Warning" for p in result.problems)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_violation_message_is_given_in_swedish_and_english(validator, path):
    for problem in validator.validate(Graph().parse(path)).violations:
        assert problem.message_sv and problem.message_en and problem.message_sv != problem.message_en


def test_plain_literals_from_the_store_do_not_cause_false_violations(validator):
    from ..backends import new_store

    store = new_store()
    graph = Graph().parse(VALID[0])
    store.replace_graphs({"https://w3id.org/symbios/id/initiative/test-park": graph})
    round_tripped = store.graph("https://w3id.org/symbios/id/initiative/test-park")
    assert len(round_tripped) == len(graph)
    assert validator.validate(round_tripped).conforms
