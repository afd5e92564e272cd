"""/def for people and for RDF clients (#22 item 4): a browser gets the ontology as a page, the way
pyLODE presents one (metadata, contents, every class and property with its name and definition in
sv or en, what it describes and its values in words and linked, the vocabularies and alignments it
imports, its formats); any other client still gets the RDF it asked for."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

import catalogue
from catalogue.namespaces import SYM

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class _Page(HTMLParser):
    """The ids, in-page links and text of a page (the text inside <code> kept apart: identifiers)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids, self.anchors, self.links, self.text, self.code, self._in_code = set(), [], [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            (self.anchors if attrs["href"].startswith("#") else self.links).append(attrs["href"])
        if tag == "code":
            self._in_code += 1

    def handle_endtag(self, tag):
        if tag == "code":
            self._in_code -= 1

    def handle_data(self, data):
        (self.code if self._in_code else self.text).append(data)


def page(client, lang: str = "sv") -> _Page:
    answer = client.get(f"/def?lang={lang}", headers={"accept": BROWSER})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(answer.text)
    return parsed


@pytest.fixture(scope="module")
def ontology(real_app) -> Graph:
    from fastapi.testclient import TestClient

    return Graph().parse(data=TestClient(real_app).get("/def.ttl").text, format="turtle")


def test_a_browser_gets_the_ontology_as_a_page_with_title_version_and_contents(real_client):
    answer = real_client.get("/def", headers={"accept": BROWSER})
    assert answer.headers["content-type"].startswith("text/html")
    text = answer.text
    assert "<h1>Symbios – ontologi för industriell och urban symbios</h1>" in text
    assert catalogue.__version__ in text and f'href="/def/{catalogue.__version__}"' in text
    assert 'aria-labelledby="toc"' in text
    assert 'rel="alternate"' in answer.headers["link"] and "/def.ttl" in answer.headers["link"]
    assert "Accept-Language" in answer.headers["vary"]


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle"])
def test_a_client_that_does_not_ask_for_html_still_gets_turtle(real_client, accept, ontology):
    answer = real_client.get("/def", headers={"accept": accept} if accept else {})
    assert answer.headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=answer.text, format="turtle"), ontology)


@pytest.mark.parametrize("accept,fmt", [("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt")])
def test_rdf_clients_get_the_same_ontology_in_each_format(real_client, accept, fmt, ontology):
    answer = real_client.get("/def", headers={"accept": accept})
    assert answer.headers["content-type"].startswith(accept)
    from .jsonld_documents import offline  # rdflib would fetch the JSON-LD's context (#22 item 6)
    assert isomorphic(Graph().parse(data=offline(answer.text, fmt), format=fmt), ontology)


def test_every_class_and_property_of_the_ontology_has_its_entry_on_the_page(real_client, ontology):
    parsed = page(real_client)
    terms = {str(t)[len(str(SYM)):] for t in ontology.subjects(RDFS.isDefinedBy, URIRef(str(SYM)))
             if str(t).startswith(str(SYM)) and str(t) != str(SYM)}
    assert len(terms) > 70
    assert terms <= parsed.ids, terms - parsed.ids
    assert {str(SYM) + t for t in terms} <= {c.strip() for c in parsed.code}


def test_every_link_within_the_page_leads_to_an_entry(real_client):
    parsed = page(real_client, "en")
    assert parsed.anchors and set(parsed.anchors) - {"#main"} <= {"#" + i for i in parsed.ids}


@pytest.mark.parametrize("lang,names", [
    ("sv", ["Initiativ", "Aktör", "har roll", "Relationer", "Innehåll", "heltal"]),
    ("en", ["Initiative", "Actor", "has role", "Relations", "Contents", "whole number"]),
])
def test_the_page_names_terms_in_its_language(real_client, lang, names):
    text = " ".join(page(real_client, lang).text)
    for name in names:
        assert name in text, name


def test_a_property_says_what_it_describes_and_its_values_with_links(real_client):
    answer = real_client.get("/def?lang=en", headers={"accept": BROWSER}).text
    entry = answer[answer.index('id="hasRole"'):]
    entry = entry[:entry.index("</section>")]
    assert '<dt>Describes</dt><dd><a href="#Initiative">Initiative</a></dd>' in entry
    assert '<dt>Value</dt><dd><a href="#Role">Role</a></dd>' in entry
    start = answer[answer.index('id="startYear"'):]
    assert "<dt>Value</dt><dd><span>whole number</span></dd>" in start[:start.index("</section>")]


def test_a_class_lists_its_properties_and_where_it_is_a_value(real_client):
    answer = real_client.get("/def?lang=en", headers={"accept": BROWSER}).text
    entry = answer[answer.index('id="Role"'):]
    entry = entry[:entry.index("</section>")]
    assert '<a href="#agent">agent</a>' in entry and '<a href="#roleType">role type</a>' in entry
    assert "Is the value of" in entry and '<a href="#hasRole">has role</a>' in entry


def test_no_prefixed_name_is_the_pages_text_only_identifiers_show_iris(real_client):
    for lang in ("sv", "en"):
        text = " ".join(page(real_client, lang).text)
        assert not re.findall(r"\b(?:sym|skos|dcterms|prov|owl|rdfs|xsd|schema|geo|qudt|org|oa):[A-Za-z]", text), lang


def test_the_page_lists_the_imported_vocabularies_and_alignments_with_links(real_client, ontology):
    parsed = page(real_client, "en")
    imports = [str(i) for i in ontology.objects(URIRef(str(SYM)), OWL.imports)]
    for iri in imports:
        path = iri[len("https://w3id.org/symbios"):]
        assert any(link.split("?")[0] == path for link in parsed.links), path
    text = " ".join(parsed.text)
    assert "Resource types" in text and "resource-types" not in text


def test_the_page_links_its_data_formats(real_client):
    links = page(real_client).links
    for suffix in ("ttl", "jsonld", "rdf", "nt"):
        assert f"/def.{suffix}" in links
        assert real_client.get(f"/def.{suffix}").status_code == 200


def test_an_annotation_property_and_a_datatype_have_their_sections(real_client, ontology):
    parsed = page(real_client, "en")
    assert {"classes", "relations", "values", "annotations", "datatypes", "schemes", "alignments"} <= parsed.ids
    assert (SYM.supportsProperty, RDF.type, OWL.AnnotationProperty) in ontology
