"""The curated catalogue in data/: it conforms, every quote is in its source, no personal data."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, SKOS

from catalogue.namespaces import SYM
from catalogue.quotes import check_quotes, evidence_graph_of
from catalogue.settings import PROJECT_ROOT

from .conftest import FIXTURES

DATA = PROJECT_ROOT / "data"
TEXT = {path: path.read_text(encoding="utf-8") for path in sorted(DATA.rglob("*.ttl"))}
PERSONS = [line.strip() for line in (FIXTURES / "person-names.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]


def test_data_folder_holds_records():
    assert len(TEXT) >= 5


def test_the_curated_catalogue_loads_and_conforms(real_store):
    assert "https://w3id.org/symbios/def" in real_store.graph_names()


def test_every_quote_occurs_in_its_source(real_store, real_settings):
    if not real_settings.sources_dir.is_dir():
        pytest.fail(
            f"The source documents are not at {real_settings.sources_dir}; set SYMBIOS_SOURCES to the folder "
            "with 000_…txt … 004_…txt (../shared/seeds in a checkout) to check the quotes."
        )
    checked, problems = check_quotes(evidence_graph_of(real_store), real_settings.sources_dir)
    assert checked > 0 or not list(DATA.glob("initiatives/*.ttl"))
    assert problems == [], "\n".join(f"{p.evidence}: {p.reason}: «{p.quote}»" for p in problems[:20])


def test_no_email_addresses_in_data():
    pattern = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    offenders = [f"{path.name}: {m.group(0)}" for path, text in TEXT.items() for m in pattern.finditer(text)
                 if not m.group(0).startswith("prefix")]
    assert offenders == []


def test_no_personal_names_in_data():
    offenders = [f"{path.name}: {name}" for path, text in TEXT.items() for name in PERSONS if name in text]
    assert offenders == []


def test_quote_checker_tolerates_line_breaks_and_page_headers(real_settings, tmp_path):
    from catalogue.quotes import source_text

    path = tmp_path / "source.txt"
    path.write_text("Fabriksområdet har en utgångs-\npunkt i\n\n38\n\nskoglig samverkan.\u00ad\n", encoding="utf-8")
    text = source_text(path)
    assert text.contains("utgångspunkt i skoglig samverkan")
    assert text.contains("Fabriksområdet har en")
    assert not text.contains("skoglig symbios")



def test_the_data_check_refuses_a_quote_that_joins_a_word_the_source_breaks_at_a_line_end(tmp_path):
    """#24: the write rule forgives a curator who joins "utgångs-\npunkt"; a quote in data/ is the
    source's text as printed, so sixteen joined or recased quotes cannot come back."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS

    from catalogue.namespaces import SYM

    (tmp_path / "source.txt").write_text("Fabriksområdet har en utgångs-\npunkt i skoglig\nsamverkan.\n", encoding="utf-8")
    source = URIRef("https://w3id.org/symbios/id/source/test")

    def problems(quote: str) -> list:
        graph = Graph()
        graph.add((source, SYM.fileName, Literal("source.txt")))
        evidence = URIRef("https://w3id.org/symbios/id/initiative/test#ev")
        graph.add((evidence, DCTERMS.source, source))
        graph.add((evidence, SYM.quote, Literal(quote, lang="sv")))
        return check_quotes(graph, tmp_path)[1]

    assert problems("en utgångs- punkt i skoglig samverkan.") == []
    assert problems("en utgångs-\npunkt i skoglig\nsamverkan.") == []
    [joined] = problems("en utgångspunkt i skoglig samverkan.")
    assert joined.reason.startswith("not as printed")
    assert [p.reason for p in problems("En utgångs- punkt")] == ["not found in source.txt"]

def test_the_readme_lists_exactly_the_warnings_the_validator_reports(real_settings):
    from catalogue.checking import validate_paths

    outcome = validate_paths([DATA], real_settings)
    reported = {
        (problem.focus.rsplit("/", 1)[-1], "sym:" + problem.path.rsplit("#", 1)[-1])
        for problem in outcome.problems
        if problem.severity == "Warning" and problem.path
    }
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Warnings in the curated data", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \| `(sym:\w+)` \|", section, flags=re.MULTILINE))
    assert not [p for p in outcome.problems if p.severity == "Violation"]
    assert listed == reported, (
        f"Add to README: {sorted(reported - listed)}; remove from README: {sorted(listed - reported)}"
    )


APPENDIX_INITIATIVES = 29  # Bilaga A1–A29 of 002, "Initiativ inom industriell och urban symbios"


def test_every_initiative_of_the_appendix_has_a_record_citing_it():
    cited = set()
    for path, text in TEXT.items():
        if path.parent.name == "initiatives":
            cited |= {int(n) for n in re.findall(r'sym:locator "Bilaga A(\d+)"', text)}
    missing = sorted(set(range(1, APPENDIX_INITIATIVES + 1)) - cited)
    assert missing == [], f"No initiative record cites appendix {', '.join(f'A{n}' for n in missing)} of 002."


def test_no_record_uses_a_retired_concept(real_store):
    """A retired concept (owl:deprecated) stays resolvable, but records say what they claim with
    its replacement (issue #2: bt:long-term-investments became bt:economy)."""
    rows = real_store.select(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "SELECT DISTINCT ?g ?concept WHERE { GRAPH ?g { ?s ?p ?concept } ?concept owl:deprecated true . "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/symbios/id/')) }"
    ).rows
    assert rows == [], [(str(r["g"]), str(r["concept"])) for r in rows]


def _actor_records() -> dict[str, Graph]:
    return {path.stem: Graph().parse(path) for path in sorted((DATA / "actors").glob("*.ttl"))}


def actors_without_evidence(records: dict) -> list[str]:
    """Actor records with no evidence that names the organisation: a sym:Evidence with a quote, from
    one of the sources the record cites, supporting its name (skos:prefLabel)."""
    missing = []
    for slug, graph in records.items():
        for actor in graph.subjects(RDF.type, SYM.Actor):
            sources = set(graph.objects(actor, DCTERMS.source))
            if not any((evidence, RDF.type, SYM.Evidence) in graph and graph.value(evidence, SYM.quote) is not None
                       and graph.value(evidence, DCTERMS.source) in sources
                       and (evidence, SYM.supportsProperty, SKOS.prefLabel) in graph
                       for evidence in graph.objects(actor, SYM.evidence)):
                missing.append(slug)
    return missing


def test_every_actor_record_has_evidence():
    """#24: an actor record is traced to a source that names it, as every other fact is (the shape
    symsh:Actor-evidence requires the evidence; this also asks that it is from a source the record
    cites and supports the name)."""
    records = _actor_records()
    assert len(records) >= 200
    missing = actors_without_evidence(records)
    assert missing == [], f"{len(missing)} actor records without evidence naming them: {', '.join(missing[:20])}"


def test_an_actor_without_its_evidence_is_found_by_the_data_rule():
    records = _actor_records()
    graph = records["ragn-sells"]
    for evidence in list(graph.objects(None, SYM.evidence)):
        graph.remove((None, SYM.evidence, evidence))
    assert actors_without_evidence(records) == ["ragn-sells"]


def test_an_actor_evidence_that_reads_the_type_out_of_the_quote_says_so_in_swedish_and_english():
    """Where an actor's evidence carries sym:interpretation (the type is read out of the quote, not
    stated), it supports the type it interprets and gives its reasoning in both languages."""
    interpreted = 0
    for slug, graph in _actor_records().items():
        for evidence in set(graph.subjects(SYM.interpretation, None)):
            interpreted += 1
            assert {o.language for o in graph.objects(evidence, SYM.interpretation)} == {"sv", "en"}, slug
            assert {SKOS.prefLabel, SYM.actorType} <= set(graph.objects(evidence, SYM.supportsProperty)), slug
    assert interpreted > 0
