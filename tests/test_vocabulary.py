"""The ontology and the concept schemes: labels and definitions in both languages, sound hierarchies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from catalogue.namespaces import CONCEPT, SYM
from catalogue.records import vocabulary_files
from catalogue.settings import PROJECT_ROOT

ONTOLOGY = PROJECT_ROOT / "ontology"
SCHEME_FILES = sorted((ONTOLOGY / "schemes").glob("*.ttl"))


def langs(graph: Graph, subject, predicate) -> list[str]:
    return [o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


@pytest.fixture(scope="module")
def core() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY / "core.ttl")
    graph.parse(ONTOLOGY / "symbios.ttl")
    return graph


def test_every_vocabulary_file_parses():
    files = vocabulary_files(ONTOLOGY)
    assert len(files) >= 10
    for path in files:
        Graph().parse(path, format="turtle")


def test_every_ontology_term_has_swedish_and_english_label_and_definition(core):
    terms = [s for s in core.subjects(RDFS.isDefinedBy, SYM[""]) if isinstance(s, URIRef)]
    assert len(terms) > 40
    for term in terms:
        assert sorted(langs(core, term, RDFS.label)) == ["en", "sv"], term
        assert sorted(langs(core, term, SKOS.definition)) == ["en", "sv"], term


def test_every_declared_class_and_property_is_defined_by_the_ontology(core):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in core.subjects(RDF.type, kind):
            if str(term).startswith(str(SYM)):
                assert (term, RDFS.isDefinedBy, SYM[""]) in core, term


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.stem)
def test_scheme_file_holds_one_scheme_named_after_the_file(path: Path):
    graph = Graph().parse(path)
    schemes = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == [URIRef(CONCEPT + path.stem)]
    assert sorted(langs(graph, schemes[0], SKOS.prefLabel)) == ["en", "sv"]


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.stem)
def test_every_concept_has_one_label_and_a_definition_per_language(path: Path):
    graph = Graph().parse(path)
    concepts = list(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts, f"{path.name} has no concepts"
    for concept in concepts:
        assert sorted(langs(graph, concept, SKOS.prefLabel)) == ["en", "sv"], concept
        assert sorted(langs(graph, concept, SKOS.definition)) == ["en", "sv"], concept
        assert str(concept).startswith(CONCEPT + path.stem + "/"), concept
        assert (concept, SKOS.inScheme, URIRef(CONCEPT + path.stem)) in graph, concept
        assert (concept, RDFS.isDefinedBy, URIRef(CONCEPT + path.stem)) in graph, concept


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.stem)
def test_hierarchy_uses_broader_only_and_every_broader_concept_exists(path: Path):
    graph = Graph().parse(path)
    assert not list(graph.triples((None, SKOS.narrower, None))), "write skos:broader only; narrower is derived"
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    for concept, parent in graph.subject_objects(SKOS.broader):
        assert parent in concepts, f"{concept} has unknown broader {parent}"
    tops = set(graph.subjects(SKOS.topConceptOf, None))
    assert tops, "a scheme needs top concepts"
    for concept in concepts:
        assert (concept in tops) != bool(list(graph.objects(concept, SKOS.broader))), concept


def test_resource_types_are_a_hierarchy_at_least_three_levels_deep():
    graph = Graph().parse(ONTOLOGY / "schemes" / "resource-types.ttl")

    def depth(concept, seen=()):
        parents = list(graph.objects(concept, SKOS.broader))
        return 1 if not parents else 1 + max(depth(p, seen + (concept,)) for p in parents if p not in seen)

    assert max(depth(c) for c in graph.subjects(RDF.type, SKOS.Concept)) >= 3


def test_barrier_types_have_the_guides_seven_barriers_as_top_concepts():
    graph = Graph().parse(ONTOLOGY / "schemes" / "barrier-types.ttl")
    assert len(set(graph.subjects(SKOS.topConceptOf, None))) == 7


SHARED_VOCABULARIES = PROJECT_ROOT.parent / "shared" / "vocabularies"


def test_every_ceon_iri_in_the_alignments_exists_in_ceon():
    ceon = Graph()
    for path in (SHARED_VOCABULARIES / "ceon").glob("*.ttl"):
        ceon.parse(path)
    assert len(ceon) > 100, f"CEON modules missing at {SHARED_VOCABULARIES / 'ceon'}"
    used = {o for o in Graph().parse(ONTOLOGY / "alignments" / "ceon.ttl").objects() if "w3id.org/CEON" in str(o)}
    assert used and all((iri, None, None) in ceon for iri in used), used


@pytest.mark.parametrize("name,column", [("list-of-waste", 0), ("nace", 0)])
def test_every_code_in_the_eu_code_list_alignments_exists_in_the_code_list(name, column):
    table = {"list-of-waste": "list-of-waste/list-of-waste.tsv", "nace": "nace/nace-rev2.tsv"}[name]
    codes = {line.split("\t")[column].strip() for line in (SHARED_VOCABULARIES / table).read_text(encoding="utf-8").splitlines()}
    notations = {str(n) for n in Graph().parse(ONTOLOGY / "alignments" / f"{name}.ttl").objects(None, SKOS.notation)}
    assert notations and notations <= codes, notations - codes


def test_every_concept_the_alignments_map_exists_in_a_scheme():
    schemes = Graph()
    for path in SCHEME_FILES:
        schemes.parse(path)
    for path in (ONTOLOGY / "alignments").glob("*.ttl"):
        for subject in Graph().parse(path).subjects():
            if str(subject).startswith(CONCEPT):
                assert (subject, RDF.type, SKOS.Concept) in schemes, subject
