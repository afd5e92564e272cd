"""What a SPARQL request's text says, read before it runs: update or query, SERVICE, bound values."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from catalogue.store.text import looks_like_update, mentions_service, with_values


def test_update_detection_ignores_comments_and_prefixes():
    assert looks_like_update("# c\nPREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }")
    assert not looks_like_update("SELECT * WHERE { ?s <http://x/insert> ?o }")


def test_service_is_found_in_the_query_but_not_in_iris_strings_or_comments():
    assert mentions_service("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }")
    assert not mentions_service('SELECT * WHERE { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')


def test_bound_values_open_the_outermost_group_so_its_filters_see_them():
    text = with_values('SELECT * WHERE { ?s ?p ?o FILTER(?o != "{") }', {"s": URIRef("http://a/b")})
    assert text.startswith("SELECT * WHERE {\n  VALUES (?s) { (<http://a/b>) }\n ?s ?p ?o")


def test_a_bound_literal_is_escaped_and_cannot_change_the_query():
    text = with_values("SELECT * WHERE { ?s ?p ?o }", {"o": Literal('x" } ; DROP ALL ; #')})
    assert 'VALUES (?o) { ("x\\" } ; DROP ALL ; #") }' in text


def test_a_name_that_is_not_a_sparql_variable_is_refused():
    with pytest.raises(ValueError, match="Not a SPARQL variable name"):
        with_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL #": URIRef("http://a/")})
