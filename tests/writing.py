"""Helpers for tests that write through the curation API."""

from __future__ import annotations

TURTLE = {"Content-Type": "text/turtle"}
NEW_RECORD = """
@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ik: <https://w3id.org/symbios/concept/initiative-kinds/> .
@prefix ist: <https://w3id.org/symbios/concept/initiative-status/> .
@prefix place: <https://w3id.org/symbios/id/place/> .
@prefix src: <https://w3id.org/symbios/id/source/> .

<https://w3id.org/symbios/id/initiative/new-hub> a sym:Initiative ;
    skos:prefLabel "{label}"@sv ;
    dcterms:description "En ny resurshubb."@sv ;
    sym:kind ik:resource-hub ;
    sym:status ist:planned ;
    sym:startYear 2025 ;
    sym:place place:testby-kommun ;
    dcterms:source src:test-source ;
    sym:evidence <https://w3id.org/symbios/id/initiative/new-hub#ev-plan>,
        <https://w3id.org/symbios/id/initiative/new-hub#ev-kind> .

# every fact with its quote, word for word from tests/fixtures/catalogue/sources/texts/test-source.txt
<https://w3id.org/symbios/id/initiative/new-hub#ev-plan> a sym:Evidence ;
    dcterms:source src:test-source ;
    sym:locator "Avsnitt 2" ;
    sym:quote "Den nya resurshubben i Testby planeras och ska starta 2025."@sv ;
    sym:supportsProperty sym:status, sym:startYear, sym:place .

<https://w3id.org/symbios/id/initiative/new-hub#ev-kind> a sym:Evidence ;
    dcterms:source src:test-source ;
    sym:locator "Avsnitt 2" ;
    sym:quote "Hubben är en resurshubb för företagen i kommunen."@sv ;
    sym:supportsProperty sym:kind .
"""


def new_record(label: str = "Nya hubben") -> str:
    return NEW_RECORD.replace("{label}", label)


def create_draft(http, tokens, label="Nya hubben"):
    response = http.post("/api/initiatives?message=Ny+post", content=new_record(label),
                         headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 201, response.text
    return response
