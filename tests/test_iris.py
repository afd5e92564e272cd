"""catalogue.iris: the one check of an IRI named in a request (issue 19, item 3)."""

from __future__ import annotations

import pytest

from catalogue.errors import BadRequest
from catalogue.iris import MAX_IRI, checked_iri, iri_ref, is_iri

GOOD = ["https://w3id.org/symbios/id/initiative/test-park", "urn:x", "http://[::1]:8080/a?b=c&d=e#f", "http://x/?\ue000",
        "https://sv.wikipedia.org/wiki/Malmö", "mailto:a@example.org", "https://ex.org/a%20b", "tag:ex.org,2026:x"]
BAD = ["", "urn:x>", "urn:x>}SERVICE<http://127.0.0.1:1/>{?s?p?o}}#", "no-scheme", "/relative/path", "1http://x",
       "http://x/a b", "http://x/\x00", "http://x/\n", "http://x/\x7f", 'http://x/"', "http://x/{y}", "http://x/|",
       "http://x/^", "http://x/`", "http://x/\\", "http://x/<", "http://x/%zz", "http://x/%2", "http://x/#a#b",
       "http://x/\ufffe", "urn:" + "a" * MAX_IRI,
       # what the store's IRI parser refuses (a 500 from /graph-store/{path} found by schemathesis, issue 19 item 10):
       # private-use characters outside the query, brackets outside an IP-literal host, U+FFF0-U+FFFD
       "http://x/\ue000", "http://x/a#\U000f0000", "http://x/[a]", "http://x/?[", "http://x/\ufffd",
       "http://x/\U000e01d1"]  # ucschar's plane 14 starts at U+E1000


def test_every_code_point_is_judged_as_the_stores_iri_parser_judges_it():
    from pyoxigraph import NamedNode  # test-only: the store's own parser is the reference

    for prefix in ("http://x/", "http://x/?", "http://x/#", "urn:"):
        for code in (*range(0x20, 0xD800), *range(0xE000, 0x110000, 7)):
            value = f"{prefix}{chr(code)}x"
            if is_iri(value):
                NamedNode(value)  # raises ValueError where is_iri is wrong


@pytest.mark.parametrize("value", GOOD)
def test_absolute_iris_pass(value):
    assert is_iri(value)
    assert checked_iri(value, "graph") == value
    assert iri_ref(value) == f"<{value}>"


@pytest.mark.parametrize("value", BAD)
def test_values_that_are_not_absolute_iris_are_refused_naming_the_parameter(value):
    assert not is_iri(value)
    with pytest.raises(BadRequest) as caught:
        checked_iri(value, "named-graph-uri")
    assert caught.value.details["parameter"] == "named-graph-uri"
    assert "'named-graph-uri' must be an absolute IRI" in caught.value.message
    with pytest.raises(ValueError):
        iri_ref(value)


def test_a_value_that_is_not_text_is_refused():
    assert not is_iri(None)
    with pytest.raises(BadRequest):
        checked_iri(None, "graph")
