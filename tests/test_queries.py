"""Every .rq file parses and says what it returns."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import prepareQuery

from catalogue import queries

from .backends import new_store

NAMES = queries.query_names()


def test_the_query_folder_is_not_empty():
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_query_file_parses_with_rdflib(name):
    prepareQuery(queries.query_text(name))


@pytest.mark.parametrize("name", NAMES)
def test_query_file_runs_on_an_empty_oxigraph_store(name):
    new_store().protocol_query(queries.query_text(name), "json", "turtle")


@pytest.mark.parametrize("name", NAMES)
def test_query_file_starts_with_a_comment_saying_what_it_returns(name):
    assert queries.query_text(name).startswith("# ")
    assert len(queries.describe(name)) > 10
