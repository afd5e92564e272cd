"""Every .rq file parses and says what it returns."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
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
    """Each file runs as it is used: the variables its comment says it expects are bound (Virtuoso refuses a
    skos:broader* test with neither end bound: "transitive start not given")."""
    expected = re.findall(r"Expects \?(\w+)", queries.describe(name))
    if expected:
        queries.select(new_store(), name, **{variable: URIRef("urn:x-symbios:test") for variable in expected})
    else:
        new_store().protocol_query(queries.query_text(name), "json", "turtle")


@pytest.mark.parametrize("name", NAMES)
def test_query_file_starts_with_a_comment_saying_what_it_returns(name):
    assert queries.query_text(name).startswith("# ")
    assert len(queries.describe(name)) > 10


@pytest.mark.parametrize("name", ["index_facet_values", "index_texts", "similarity_profiles"])
def test_a_whole_catalogue_query_read_in_parts_has_exactly_the_rows_of_one_read(real_store, name):
    from rdflib import Literal

    from catalogue.queries import HEX

    whole = sorted(sorted(row.items()) for row in queries.select(real_store, name))
    parts = [queries.select(real_store, name, part=Literal(HEX[i:i + 4])) for i in range(0, 16, 4)]
    assert all(len(part) for part in parts)  # every part holds some initiatives
    assert sorted(sorted(row.items()) for part in parts for row in part) == whole


class CappedStore:
    """A store that, like Virtuoso over HTTP, refuses to answer with more than ``cap`` rows."""

    def __init__(self, store, cap: int) -> None:
        self.store, self.cap, self.location, self.asked = store, cap, f"capped-{cap}", []

    def select(self, text, bindings=None):
        self.asked.append(str((bindings or {}).get("part", "all")))
        result = self.store.select(text, bindings)
        if len(result) >= self.cap:
            from catalogue.errors import ResultTooLarge

            raise ResultTooLarge(f"cut at {self.cap} rows")
        return result


def test_select_all_reads_in_more_parts_until_no_part_is_cut_and_remembers_it(real_store):
    whole = len(queries.select(real_store, "index_facet_values"))
    capped = CappedStore(real_store, cap=whole // 2)
    assert len(queries.select_all(capped, "index_facet_values")) == whole
    assert capped.asked[0] == "all" and len(capped.asked) in (1 + 4, 1 + 4 + 16)
    capped.asked.clear()
    assert len(queries.select_all(capped, "index_facet_values")) == whole and "all" not in capped.asked
    with pytest.raises(Exception, match="cut at 1 rows"):
        queries.select_all(CappedStore(real_store, cap=1), "index_facet_values")
