"""Outcomes the sources state are structured and cited: the number of an outcome that is not derived
(sym:derived) is written in the quote of its evidence, the Swedish way ("6 000", "1,1") (#24)."""

from __future__ import annotations

import re

from rdflib import Graph, RDF, URIRef
from rdflib.namespace import DCTERMS

from catalogue.namespaces import SYM
from catalogue.settings import PROJECT_ROOT

INITIATIVES = PROJECT_ROOT / "data" / "initiatives"


#: Small numbers as Swedish sources write them in words ("minst tio procent").
WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio",
         11: "elva", 12: "tolv"}


def swedish(number) -> set[str]:
    """The ways a source writes ``number``: 6000 as "6 000" or "6000", 1.1 as "1,1", 10 as "tio"."""
    value = float(number)
    whole = f"{int(value):,}".replace(",", " ") if value == int(value) else f"{value}".replace(".", ",")
    forms = {whole, whole.replace(" ", ""), whole.replace(" ", "\u00a0")}
    if value in WORDS:
        forms.add(f" {WORDS[int(value)]} ")
    return forms


def stated_outcomes():
    for path in sorted(INITIATIVES.glob("*.ttl")):
        graph = Graph().parse(path)
        for outcome in graph.subjects(RDF.type, SYM.Outcome):
            if graph.value(outcome, SYM.derived) is not None and graph.value(outcome, SYM.derived).toPython():
                continue
            quotes = [" " + re.sub(r"\s+", " ", str(q)) + " " for ev in graph.objects(outcome, SYM.evidence)
                      for q in graph.objects(ev, SYM.quote)]
            for prop in (SYM.numericValue, SYM.minValue, SYM.maxValue):
                for value in graph.objects(outcome, prop):
                    yield path.stem, str(outcome).rsplit("#", 1)[-1], value, quotes


def test_every_stated_outcome_figure_is_in_the_quote_of_its_evidence():
    missing = [(slug, node, str(value)) for slug, node, value, quotes in stated_outcomes()
               if not any(form in quote for form in swedish(value) for quote in quotes)]
    assert missing == []


def test_alby_records_big_akwas_planned_trout_production_as_an_outcome():
    """#24: 002 A10's '6 000 ton regnbåge per år' was only in a quote; it is a cited outcome now."""
    graph = Graph().parse(INITIATIVES / "vatgas-alby-ange.ttl")
    outcome = URIRef("https://w3id.org/symbios/id/initiative/vatgas-alby-ange#outcome-trout")
    assert graph.value(outcome, SYM.numericValue).toPython() == 6000
    assert str(graph.value(outcome, SYM.indicator)).endswith("/indicators/production")
    assert str(graph.value(outcome, SYM.unit)).endswith("/units/tonne-per-year")
    evidence = graph.value(outcome, SYM.evidence)
    assert "6 000 ton regnbåge per år" in str(graph.value(evidence, SYM.quote))
    assert str(graph.value(evidence, DCTERMS.source)).endswith("/rise-kunskapsunderlag-ius")
