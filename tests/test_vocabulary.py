"""The ontology and the concept schemes: labels and definitions in both languages, sound hierarchies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from catalogue.namespaces import CONCEPT, SYM
from catalogue.records import vocabulary_files
from catalogue.settings import PROJECT_ROOT, Settings

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


def seed_text(number: str) -> str:
    """The text of source document ``number`` (e.g. "004"); fails, never skips, when it is absent."""
    sources = Settings.from_env().sources_dir
    found = sorted(sources.glob(f"{number}_*.txt"))
    if not found:
        pytest.fail(
            f"The source document {number}_….txt is not in {sources}. Set SYMBIOS_SOURCES to the folder with "
            "000_…txt … 004_…txt (../shared/seeds next to the checkout)."
        )
    return found[0].read_text(encoding="utf-8")


def scheme(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / "schemes" / f"{name}.ttl")


def labels(graph: Graph, concept) -> list[Literal]:
    return [*graph.objects(concept, SKOS.prefLabel), *graph.objects(concept, SKOS.altLabel)]


def same_words(text: str) -> str:
    """A label compared with a source's wording: case, punctuation, '&' for 'och' and a leading
    step number ('01 Utforska') do not count."""
    text = re.sub(r"[^\w\s]", " ", text.casefold().replace("&", " och "))
    return " ".join(re.sub(r"^\s*\d+\s+", "", text).split())


def numbered_members(graph: Graph, parent: str) -> dict[int, URIRef]:
    """The concepts directly under ``parent`` by their sym:order (each number once)."""
    members = {}
    for concept in graph.subjects(SKOS.broader, URIRef(parent)):
        number = int(graph.value(concept, SYM.order))
        assert number not in members, f"two concepts under {parent} have sym:order {number}"
        members[number] = concept
    return members


def test_process_phases_hold_the_guides_seven_building_blocks_in_its_order():
    """004's headings "1. Låt er inspireras" … "7. Utvärdera" (each spelling the guide uses) are
    labels of the building block with that number."""
    headings = re.findall(r"^([1-9])\. (.+?)\s*$", seed_text("004"), re.MULTILINE)
    assert {int(number) for number, _ in headings} == set(range(1, 8))
    graph = scheme("process-phases")
    blocks = numbered_members(graph, CONCEPT + "process-phases/building-blocks")
    assert sorted(blocks) == list(range(1, 8))
    for number, heading in headings:
        assert same_words(heading) in {same_words(label) for label in labels(graph, blocks[int(number)])}, (number, heading)


GOTHENBURG_PHASES = ["Utforska", "Test", "implementera och Skapa upp", "Förvalta & utveckla"]


def test_process_phases_hold_gothenburgs_four_phases_in_their_order():
    """001, Bilaga 3: "01 Utforska …, 02 Test …, 03 att implementera och Skapa upp …, 04 Förvalta & utveckla"."""
    text = " ".join(seed_text("001").split())
    graph = scheme("process-phases")
    phases = numbered_members(graph, CONCEPT + "process-phases/symbiosis-phases")
    assert sorted(phases) == [1, 2, 3, 4]
    for number, phase in enumerate(GOTHENBURG_PHASES, start=1):
        assert re.search(rf"0{number} (att )?{re.escape(phase)}", text), phase
        assert same_words(phase) in {same_words(label) for label in labels(graph, phases[number])}, (number, phase)


IUS_CRITERIA = ["Ömsesidigt fördelaktigt", "Geografisk närhet", "Kontinuerligt samarbete",
                "Ta vara på underutnyttjade fysiska resurser", "Avfall och restflöden blir resurs", "Energi, vatten material"]


def test_ius_criteria_are_exactly_the_criteria_of_gothenburgs_definition():
    """001, "Vadå IUS?": the six criteria the definition highlights, one concept each."""
    text = " ".join(seed_text("001").split())
    graph = scheme("ius-criteria")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    matched = []
    for criterion in IUS_CRITERIA:
        assert criterion in text, criterion
        holders = [c for c in concepts if same_words(criterion) in {same_words(label) for label in labels(graph, c)}]
        assert len(holders) == 1, (criterion, holders)
        matched.append(holders[0])
    assert set(matched) == concepts and len(matched) == len(concepts)


def test_steam_is_both_energy_and_a_gas_and_says_why():
    graph = scheme("resource-types")
    steam = URIRef(CONCEPT + "resource-types/steam")
    assert set(graph.objects(steam, SKOS.broader)) == {URIRef(CONCEPT + "resource-types/energy"), URIRef(CONCEPT + "resource-types/gases")}
    assert sorted(langs(graph, steam, SKOS.scopeNote)) == ["en", "sv"]


def test_barrier_types_have_the_guides_seven_barriers_as_top_concepts():
    graph = Graph().parse(ONTOLOGY / "schemes" / "barrier-types.ttl")
    assert len(set(graph.subjects(SKOS.topConceptOf, None))) == 7


def test_each_of_the_guides_seven_barrier_sentences_labels_its_own_top_concept():
    """004's "Möjliga hinder på vägen", word for word: each sentence is a label of exactly one
    concept, a top concept, and no two sentences share one."""
    section = seed_text("004").split("Möjliga hinder på vägen", 1)[1].split("Nycklar till", 1)[0]
    sentences = [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]
    assert len(sentences) == 7, sentences
    graph = scheme("barrier-types")
    tops = set(graph.subjects(SKOS.topConceptOf, None))
    owners = []
    for sentence in sentences:
        holders = [c for c in graph.subjects(RDF.type, SKOS.Concept) if sentence in {str(label) for label in labels(graph, c)}]
        assert len(holders) == 1 and holders[0] in tops, (sentence, holders)
        owners.append(holders[0])
    assert len(set(owners)) == 7


def test_the_guides_long_term_investments_barrier_is_the_top_concept_economy_not_a_copy_beneath_it():
    """Issue #2: bt:long-term-investments repeated the guide's seventh barrier under bt:economy,
    which carries that sentence. It is retired in favour of bt:economy (kept, never deleted)."""
    graph = scheme("barrier-types")
    retired, economy = URIRef(CONCEPT + "barrier-types/long-term-investments"), URIRef(CONCEPT + "barrier-types/economy")
    assert (retired, OWL.deprecated, Literal(True)) in graph
    assert (retired, DCTERMS.isReplacedBy, economy) in graph
    assert Literal("Det kan krävas långsiktiga investeringar", lang="sv") in set(graph.objects(economy, SKOS.altLabel))


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.stem)
def test_every_retired_concept_names_a_current_replacement_in_its_scheme(path: Path):
    graph = Graph().parse(path)
    for concept in graph.subjects(OWL.deprecated, Literal(True)):
        replacements = list(graph.objects(concept, DCTERMS.isReplacedBy))
        assert replacements, f"{concept} is deprecated but names no dcterms:isReplacedBy"
        for replacement in replacements:
            assert (replacement, RDF.type, SKOS.Concept) in graph, replacement
            assert (replacement, OWL.deprecated, Literal(True)) not in graph, replacement


SHARED_VOCABULARIES = PROJECT_ROOT.parent / "shared" / "vocabularies"


def shared_vocabulary(relative: str) -> Path:
    """A file or folder of the shared copies of CEON and the EU code lists. When it is missing
    the test fails (never skips): the alignments cannot be checked without it."""
    path = SHARED_VOCABULARIES / relative
    if not path.exists():
        pytest.fail(
            f"{path} is missing. The alignment tests expect the shared vocabularies next to the checkout, in "
            f"{SHARED_VOCABULARIES}: CEON's modules as ceon/*.ttl, the EU List of Waste as "
            "list-of-waste/list-of-waste.tsv and NACE Rev. 2 as nace/nace-rev2.tsv."
        )
    return path


def test_a_missing_shared_vocabulary_fails_the_test_with_where_it_is_expected():
    with pytest.raises(pytest.fail.Exception, match=r"nace/no-such-file\.tsv is missing\. .*expect the shared vocabularies"):
        shared_vocabulary("nace/no-such-file.tsv")


def test_every_ceon_iri_in_the_alignments_exists_in_ceon():
    ceon = Graph()
    for path in shared_vocabulary("ceon").glob("*.ttl"):
        ceon.parse(path)
    assert len(ceon) > 100, f"CEON modules missing at {SHARED_VOCABULARIES / 'ceon'}"
    used = {o for o in Graph().parse(ONTOLOGY / "alignments" / "ceon.ttl").objects() if "w3id.org/CEON" in str(o)}
    assert used and all((iri, None, None) in ceon for iri in used), used


@pytest.mark.parametrize("name,column", [("list-of-waste", 0), ("nace", 0)])
def test_every_code_in_the_eu_code_list_alignments_exists_in_the_code_list(name, column):
    table = {"list-of-waste": "list-of-waste/list-of-waste.tsv", "nace": "nace/nace-rev2.tsv"}[name]
    codes = {line.split("\t")[column].strip() for line in shared_vocabulary(table).read_text(encoding="utf-8").splitlines()}
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
