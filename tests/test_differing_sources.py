"""Where two sources give different figures for the same thing, both are kept with their sources and
each record says that it differs from the other ("avviker från …"), as the catalogue does for Frövi's
jobs and Umeå's rail terminal (#24)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from catalogue.namespaces import SYM
from catalogue.settings import PROJECT_ROOT

INITIATIVES = PROJECT_ROOT / "data" / "initiatives"
ID = "https://w3id.org/symbios/id/initiative/"


def texts(slug: str) -> list[str]:
    graph = Graph().parse(INITIATIVES / f"{slug}.ttl")
    return [str(o) for _, _, o in graph.triples((URIRef(ID + slug), SYM.businessModel, None))]


#: (record, its figure, the other record's figure as the note repeats it)
JOB_TARGETS = [
    ("brg-strategi-industriell-symbios", "120 000 nya jobb", "80 000 fler arbetstillfällen i Göteborgsregionen"),
    ("goteborgs-stad-ius-forstudie", "80 000 fler arbetstillfällen i Göteborgsregionen", "120 000 nya jobb"),
]


@pytest.mark.parametrize("slug, own, other", JOB_TARGETS, ids=[slug for slug, _, _ in JOB_TARGETS])
def test_each_job_target_says_it_differs_from_the_other_sources_target(slug, own, other):
    """#24: BRG's strategy (000) speaks of 120 000 new jobs, the city's pre-study (001) of 80 000 in the
    Gothenburg region: both stay, each marked as differing from the other."""
    [text] = texts(slug)
    assert own in text
    note = text.split(own, 1)[1].split(")", 1)[0]
    assert "avviker från" in note and other in note and "båda uppgifterna behålls med sina källor" in text


def test_the_two_records_with_differing_job_targets_are_related():
    graph = Graph().parse(INITIATIVES / "brg-strategi-industriell-symbios.ttl")
    assert (URIRef(ID + "brg-strategi-industriell-symbios"), SYM.relatedInitiative,
            URIRef(ID + "goteborgs-stad-ius-forstudie")) in graph
