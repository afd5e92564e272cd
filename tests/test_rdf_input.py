"""Bodies from clients (catalogue/rdf_input.py): parsed under limits, and never a reason to
fetch anything (issue 19, items 5 and 8)."""

from __future__ import annotations

import json
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from catalogue.errors import InvalidData, PayloadTooLarge, WriteTimeout
from catalogue.namespaces import SYM
from catalogue.rdf_input import CONTEXT_IRI, Budget, parse_body

from .servers import recording

HUB = "https://w3id.org/symbios/id/initiative/new-hub"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/symbios/id/initiative/new-hub"><skos:prefLabel>&e;</skos:prefLabel></rdf:Description>
</rdf:RDF>
"""


def turtle_list(members: int) -> str:
    """One statement whose object is a Turtle list: two triples per member (the 892 kB body of issue 19)."""
    return f"<{HUB}> <{SKOS.note}> (" + " ".join(str(n) for n in range(members)) + ") ."


def jsonld(context, **node) -> str:
    return json.dumps({"@context": context, "@id": HUB, "@type": "sym:Initiative", **node})


# -- limits: the parse stops at the limit, naming the setting -----------------------------------

def test_a_body_beyond_the_triple_limit_stops_the_parse_and_names_the_setting_issue_19():
    body = turtle_list(150_000)
    assert len(body) > 850_000
    started = time.monotonic()
    with pytest.raises(PayloadTooLarge) as refused:
        parse_body(body, "turtle", HUB, Budget(max_triples=10_000))
    assert time.monotonic() - started < 1.0  # stopped near 10 000 triples, not after 300 000
    assert "SYMBIOS_MAX_BODY_TRIPLES" in refused.value.message
    assert refused.value.details["limit"] == 10_000


def test_a_parse_past_the_write_time_stops_and_names_the_setting_issue_19():
    with pytest.raises(WriteTimeout) as stopped:
        parse_body(turtle_list(5_000), "turtle", HUB, Budget(seconds=0))
    assert "SYMBIOS_WRITE_TIMEOUT" in stopped.value.message
    assert stopped.value.status == 503


def test_the_triple_limit_counts_every_part_of_one_write():
    budget = Budget(max_triples=1_500)
    parse_body(turtle_list(500), "turtle", HUB, budget)
    with pytest.raises(PayloadTooLarge):
        parse_body(turtle_list(500), "turtle", HUB, budget)


def test_rdf_xml_with_entity_declarations_is_refused_before_it_is_expanded_issue_19():
    assert len(BILLION_LAUGHS.encode()) < 1_000
    started = time.monotonic()
    with pytest.raises(InvalidData) as refused:
        parse_body(BILLION_LAUGHS, "xml", HUB)
    assert time.monotonic() - started < 0.5
    assert "DOCTYPE" in refused.value.message and "ENTITY" in refused.value.message


def test_rdf_xml_without_declarations_parses_as_before():
    body = (f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:skos="{SKOS}"><rdf:Description rdf:about="{HUB}">'
            '<skos:prefLabel xml:lang="sv">Hubben</skos:prefLabel><!-- a comment --></rdf:Description></rdf:RDF>')
    assert set(parse_body(body, "xml", HUB)) == {(URIRef(HUB), SKOS.prefLabel, Literal("Hubben", lang="sv"))}


def test_turtle_parses_to_the_graph_rdflib_gives():
    body = f"""@prefix sym: <{SYM}> . @prefix skos: <{SKOS}> .
    <> a sym:Initiative ; skos:prefLabel "Hubben"@sv, "The hub"@en ; sym:startYear 2025 ; sym:share 12.5 ;
       skos:note "plain", "typed"^^<http://example.org/t> ; sym:hasRole <#role-1> ."""
    assert set(parse_body(body, "turtle", HUB)) == set(Graph().parse(data=body, format="turtle", publicID=HUB))


# -- JSON-LD contexts: the project's own is known here, inline ones are fine, nothing is fetched --

def recording_server():
    """A loopback HTTP server that would serve any context, and records every request."""
    return recording("application/ld+json", json.dumps({"@context": {"sym": str(SYM)}}).encode(), "/context.jsonld")


def remote_bodies(url: str) -> dict[str, str]:
    """Every place a JSON-LD body can name a context, each naming ``url``."""
    return {
        "top level": jsonld(url),
        "in a list": jsonld([{"skos": str(SKOS)}, url]),
        "@import": jsonld({"@import": url, "skos": str(SKOS)}),
        "in a node": jsonld({"sym": str(SYM)}, **{"sym:hasRole": {"@context": url, "@id": f"{HUB}#role-1"}}),
        "scoped, in a term": jsonld({"sym": str(SYM), "role": {"@id": "sym:hasRole", "@context": url}}),
        "in @graph": json.dumps({"@graph": [{"@context": url, "@id": HUB, "@type": "sym:Initiative"}]}),
    }


@pytest.mark.parametrize("where", list(remote_bodies("http://x/")))
def test_a_remote_context_is_refused_by_name_and_never_fetched_issue_19(where):
    with recording_server() as (url, hits):
        with pytest.raises(InvalidData) as refused:
            parse_body(remote_bodies(url)[where], "json-ld", HUB)
    assert hits == []
    assert url in refused.value.message and "never fetches" in refused.value.message


def test_file_contexts_are_refused_alike_whether_the_file_exists_or_not_issue_19():
    messages = []
    for path in ("file:///etc/passwd", "file:///no/such/file.jsonld"):
        with pytest.raises(InvalidData) as refused:
            parse_body(jsonld(path), "json-ld", HUB)
        messages.append(refused.value.message.replace(path, "<path>"))
    assert messages[0] == messages[1]  # nothing tells which files exist
    assert "root:" not in messages[0]


def test_the_projects_own_context_is_used_by_its_iri_without_fetching():
    graph = parse_body(jsonld(CONTEXT_IRI, **{"skos:prefLabel": {"@value": "Hubben", "@language": "sv"}}), "json-ld", HUB)
    assert (URIRef(HUB), RDF.type, SYM.Initiative) in graph
    assert (URIRef(HUB), SKOS.prefLabel, Literal("Hubben", lang="sv")) in graph


def test_the_projects_own_context_can_be_imported_and_extended():
    body = jsonld({"@import": CONTEXT_IRI, "name": {"@id": "skos:prefLabel", "@language": "sv"}}, name="Hubben")
    assert (URIRef(HUB), SKOS.prefLabel, Literal("Hubben", lang="sv")) in parse_body(body, "json-ld", HUB)


def test_the_deployments_own_address_for_the_context_is_known_too():
    budget = Budget(contexts=(CONTEXT_IRI, "https://symbios.example.se/context.jsonld"))
    graph = parse_body(jsonld("https://symbios.example.se/context.jsonld"), "json-ld", HUB, budget)
    assert (URIRef(HUB), RDF.type, SYM.Initiative) in graph


def test_an_inline_context_is_fine():
    graph = parse_body(jsonld({"sym": str(SYM)}), "json-ld", HUB)
    assert set(graph) == {(URIRef(HUB), RDF.type, SYM.Initiative)}


@pytest.mark.parametrize("body", [
    {"@context": {"sym": str(SYM)}, "@id": "https://example.org/other-graph",
     "@graph": [{"@id": HUB, "@type": "sym:Initiative"}]},
    {"@context": {"sym": str(SYM)}, "@graph": [
        {"@id": HUB, "@type": "sym:Initiative"},
        {"@id": "https://example.org/other-graph", "@graph": [{"@id": f"{HUB}#x", "@type": "sym:Role"}]}]},
], ids=["top-level @id with @graph", "a graph object inside"])
def test_a_jsonld_body_with_a_named_graph_is_refused_naming_it_issue_19(body):
    with pytest.raises(InvalidData) as refused:
        parse_body(json.dumps(body), "json-ld", HUB)
    assert "<https://example.org/other-graph>" in refused.value.message
