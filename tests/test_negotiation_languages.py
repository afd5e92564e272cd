"""One parser for Accept and one for Accept-Language, both Werkzeug's (#22 items 6 and 7).

`Accept-Language: sv;q=0, en` asks for English and must get it everywhere: HTML pages, the JSON
API, downloads, error pages and the record pages' JSON views.
"""

from __future__ import annotations

import pytest

from api.language import accepted_language
from api.negotiation import best_match, prefers_html

ENGLISH_PLEASE = {"accept-language": "sv;q=0, en"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


# -- Accept ----------------------------------------------------------------------------------------------

def test_a_missing_or_empty_accept_takes_the_servers_first_choice():
    assert best_match(None, RDF) == "text/turtle"
    assert best_match("", RDF) == "text/turtle"
    assert best_match("*/*", RDF) == "text/turtle"


def test_accept_is_read_by_its_q_values():
    assert best_match("text/turtle;q=0.2, application/ld+json;q=0.9", RDF) == "application/ld+json"
    assert best_match("text/turtle;q=nonsense, application/n-triples;q=0.1", RDF) == "application/n-triples"


def test_the_most_specific_range_gives_a_types_q_value():
    assert best_match("text/turtle;q=0, */*", RDF) == "application/ld+json"
    assert best_match("text/*;q=0, */*;q=0.5", RDF) == "application/ld+json"


def test_a_named_type_beats_a_wildcard_of_the_same_quality():
    assert best_match("application/rdf+xml, */*", ["text/html", *RDF]) == "application/rdf+xml"


def test_media_type_parameters_other_than_q_do_not_stop_a_match():
    assert best_match("text/turtle; charset=utf-8", RDF) == "text/turtle"
    assert best_match("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\"", RDF) == \
        "application/ld+json"


def test_an_accept_that_names_nothing_offered_matches_nothing():
    assert best_match("image/png", RDF) is None
    assert best_match("*/turtle", RDF) is None  # not a media range
    assert best_match("text/turtle;q=0", RDF) is None


def test_a_browsers_accept_prefers_html_and_a_wildcard_does_not():
    assert prefers_html(BROWSER)
    assert not prefers_html("*/*")
    assert not prefers_html(None)
    assert not prefers_html("text/html;q=0, */*")
    assert not prefers_html("application/json, text/html;q=0.5")


def test_a_very_long_accept_header_is_read_only_so_far():
    header = ", ".join(f"x/y{n}" for n in range(5000)) + ", text/turtle"
    assert best_match(header, RDF) is None  # the entry after the first 64 is not looked at


# -- Accept-Language -------------------------------------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    ("sv;q=0, en", "en"), ("en, sv", "en"), ("sv, en", "sv"), ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
    ("en-US,en;q=0.9", "en"), ("sv-SE, en;q=0.5", "sv"), ("sv;q=0, *", "en"), ("en;q=0.5, *", "sv"),
    ("de, fr", None), ("*", None), ("en;q=0, sv;q=0", None), ("", None), (None, None),
])
def test_accept_language_names_the_language_asked_for_most(header, expected):
    assert accepted_language(header) == expected


# -- over HTTP: English everywhere -----------------------------------------------------------------------

PAGES = ["/", "/map", "/about", "/concept", "/concept/resource-types", "/id/initiative/test-park",
         "/id/actor/test-mill", "/id/place/testby-kommun", "/sparql", "/stats", "/similar", "/opportunities"]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asked_for_without_swedish_is_in_english(client, path):
    response = client.get(path, headers={**ENGLISH_PLEASE, "accept": BROWSER})
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize("path", ["/api/initiatives", "/api/initiatives/test-park", "/api/actors", "/api/concepts",
                                  "/api/stats", "/api/initiatives.csv"])
def test_the_json_api_and_downloads_asked_for_without_swedish_answer_in_english(client, path):
    english = client.get(path, params={"lang": "en"}).content
    assert english != client.get(path, params={"lang": "sv"}).content
    assert client.get(path, headers=ENGLISH_PLEASE).content == english


@pytest.mark.parametrize("path", ["/id/initiative/test-park.json", "/concept/resource-types.json"])
def test_the_json_views_of_record_and_concept_pages_asked_for_without_swedish_are_in_english(client, path):
    english = client.get(path, params={"lang": "en"}).json()
    assert english != client.get(path, params={"lang": "sv"}).json()
    assert client.get(path, headers=ENGLISH_PLEASE).json() == english


def test_an_error_page_asked_for_without_swedish_is_in_english(client):
    response = client.get("/id/initiative/no-such-thing", headers={**ENGLISH_PLEASE, "accept": BROWSER})
    assert response.status_code == 404
    assert '<html lang="en">' in response.text
