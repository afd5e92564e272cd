"""Evidence that says where its quote stands in the source's text: a W3C Web Annotation text quote
selector (the exact text with the text before and after it), written and read as JSON and Turtle."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from catalogue.namespaces import OA

from .writing import TURTLE

PARK = "https://w3id.org/symbios/id/initiative/test-park"
EVIDENCE = PARK + "#ev-start"


def _shown(http, path="/api/initiatives/test-park"):
    response = http.get(path)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["etag"]


def _put(http, tokens, body, etag, path="/api/initiatives/test-park"):
    return http.put(f"{path}?lang=sv", json=body, headers={**tokens["curator"], "If-Match": etag})


def _draft_graph(http, tokens, path="/api/initiatives/test-park") -> Graph:
    return Graph().parse(data=http.get(f"{path}/draft", headers=tokens["curator"]).text, format="turtle")


def test_every_evidence_in_json_shows_the_text_before_and_after_its_quote_null_when_not_picked(http):
    shown, _ = _shown(http)
    assert shown["evidence"]["ev-start"]["prefix"] is None and shown["evidence"]["ev-start"]["suffix"] is None


def test_a_json_put_with_prefix_and_suffix_stores_a_text_quote_selector_whose_exact_text_is_the_quote(http, tokens):
    shown, etag = _shown(http)
    shown["evidence"]["ev-start"].update(prefix="Avsnitt 1\n", suffix=" i Testby kommun.")
    saved = _put(http, tokens, shown, etag)
    assert saved.status_code == 200, saved.text
    graph = _draft_graph(http, tokens)
    selector = graph.value(URIRef(EVIDENCE), OA.hasSelector)
    assert selector == URIRef(EVIDENCE + "-selector")
    assert graph.value(selector, OA.exact) == Literal("Parken startade 1998")
    assert graph.value(selector, OA.prefix) == Literal("Avsnitt 1\n")
    assert graph.value(selector, OA.suffix) == Literal(" i Testby kommun.")


def test_the_selector_round_trips_a_json_get_then_put_stores_no_new_version(http, tokens):
    shown, etag = _shown(http)
    shown["evidence"]["ev-start"].update(prefix="Avsnitt 1\n", suffix=" i Testby kommun.")
    saved = _put(http, tokens, shown, etag)
    published = http.post("/api/initiatives/test-park/publish",
                          headers={**tokens["reviewer"], "If-Match": saved.headers["etag"]})
    assert published.status_code == 200, published.text
    body, etag = _shown(http)  # the JSON view is the public record's
    assert body["evidence"]["ev-start"]["prefix"] == "Avsnitt 1\n"
    assert body["evidence"]["ev-start"]["suffix"] == " i Testby kommun."
    unchanged = _put(http, tokens, body, etag)
    assert unchanged.status_code == 200, unchanged.text
    assert unchanged.headers["etag"] == etag, "nothing changed, so no new version"


def test_sending_neither_prefix_nor_suffix_removes_the_selector(http, tokens):
    shown, etag = _shown(http)
    shown["evidence"]["ev-start"].update(prefix="Avsnitt 1\n", suffix=None)
    etag = _put(http, tokens, shown, etag).headers["etag"]
    shown["evidence"]["ev-start"].update(prefix=None)
    assert _put(http, tokens, shown, etag).status_code == 200
    graph = _draft_graph(http, tokens)
    assert graph.value(URIRef(EVIDENCE), OA.hasSelector) is None
    assert not list(graph.triples((URIRef(EVIDENCE + "-selector"), None, None)))


def test_a_prefix_that_is_not_text_is_a_422_naming_the_field(http, tokens):
    shown, etag = _shown(http)
    shown["evidence"]["ev-start"]["prefix"] = 12
    refused = _put(http, tokens, shown, etag)
    assert refused.status_code == 422
    assert "evidence.ev-start.prefix" in refused.text


def test_a_selector_whose_exact_text_is_not_the_quote_is_refused_in_turtle(http, tokens):
    turtle = http.get("/api/initiatives/test-park/draft", headers=tokens["curator"])
    graph = Graph().parse(data=turtle.text, format="turtle")
    selector = URIRef(EVIDENCE + "-selector")
    graph.add((URIRef(EVIDENCE), OA.hasSelector, selector))
    graph.add((selector, OA.exact, Literal("Parken startade 1999")))
    graph.add((selector, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), OA.TextQuoteSelector))
    refused = http.put("/api/initiatives/test-park", content=graph.serialize(format="turtle"),
                       headers={**TURTLE, **tokens["curator"], "If-Match": turtle.headers["etag"]})
    assert refused.status_code == 422
    problem = next(p for p in refused.json()["problems"] if p["path"] == str(OA.exact))
    assert problem["focus"] == EVIDENCE and problem["value"] == "Parken startade 1999"
    assert "citatet" in problem["message_sv"] and "quote" in problem["message_en"]
