"""HTML pages of records and concepts show the IRI they describe and link their RDF (#22 item 6)."""

from __future__ import annotations

import re

import pytest

HTML = {"accept": "text/html"}
RDF = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml", "nt": "application/n-triples"}
PAGES = [
    ("/id/initiative/test-park", "https://w3id.org/symbios/id/initiative/test-park"),
    ("/id/actor/test-mill", "https://w3id.org/symbios/id/actor/test-mill"),
    ("/id/place/testby-kommun", "https://w3id.org/symbios/id/place/testby-kommun"),
    ("/id/source/test-source", "https://w3id.org/symbios/id/source/test-source"),
    ("/concept/resource-types", "https://w3id.org/symbios/concept/resource-types"),
    ("/concept", "https://w3id.org/symbios/concept"),
]


def _concept_page(client) -> tuple[str, str]:
    items = client.get("/concept/resource-types.json").json()
    text = str(items)
    slug = re.search(r"https://w3id\.org/symbios/concept/resource-types/([a-z0-9-]+)", text).group(1)
    return f"/concept/resource-types/{slug}", f"https://w3id.org/symbios/concept/resource-types/{slug}"


@pytest.mark.parametrize("lang, label", [("sv", "Identifierare:"), ("en", "Identifier:")])
@pytest.mark.parametrize("path, iri", PAGES)
def test_a_page_shows_the_iri_it_describes(client, path, iri, lang, label):
    page = client.get(path, params={"lang": lang}, headers=HTML).text
    assert re.search(rf'<p class="identifier">{label} <code>{re.escape(iri)}</code>', page)


@pytest.mark.parametrize("path, iri", PAGES)
def test_a_page_links_its_rdf_in_the_head_and_in_the_link_header(client, path, iri):
    answer = client.get(path, headers=HTML)
    head = answer.text.split("</head>")[0]
    for suffix, media in RDF.items():
        assert f'<link rel="alternate" type="{media}" href="{path}.{suffix}">' in head
        assert f'<{path}.{suffix}>; rel="alternate"; type="{media}"' in answer.headers["link"]
        assert client.get(f"{path}.{suffix}").headers["content-type"].startswith(media)


def test_a_concept_page_shows_its_iri_and_links_its_rdf(client):
    path, iri = _concept_page(client)
    page = client.get(path, headers=HTML).text
    assert f"<code>{iri}</code>" in page
    assert f'<link rel="alternate" type="text/turtle" href="{path}.ttl">' in page


def test_a_page_that_describes_no_resource_shows_no_identifier(client):
    page = client.get("/", headers=HTML).text
    assert 'class="identifier"' not in page and 'rel="alternate" type="text/turtle"' not in page
