"""The evidence rule (#20 item 3): every quote stands in its source's text, every fact a write adds
or changes has new evidence — checked on each write path (JSON, merge patch, Turtle, Graph Store,
the edit form), refused as a 422 that names the quote and the closest passage, storing nothing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote as url_quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from catalogue.evidence_check import (
    FACT_NEEDS_EVIDENCE, QUOTE_IN_SOURCE, SELECTOR_IN_SOURCE, SOURCE_HAS_TEXT, SourceInfo, closest_passage,
    fact_problems, quote_problems,
)
from catalogue.namespaces import OA, SYM
from catalogue.quotes import SourceText
from catalogue.source_texts import SourceTexts

from .form_post import form_post
from .test_curator_pages import csrf_of, login
from .writing import TURTLE, create_draft, new_record

ROOT = Path(__file__).resolve().parent.parent
TEXTS = Path(__file__).parent / "fixtures" / "catalogue" / "sources" / "texts"
PARK = "https://w3id.org/symbios/id/initiative/test-park"
HUB = "https://w3id.org/symbios/id/initiative/new-hub"
SOURCE = URIRef("https://w3id.org/symbios/id/source/test-source")
EV = URIRef(PARK + "#ev-start")
REAL_QUOTE = "Parken startade 1998"
#: A real quote of the test source with words added that the source does not say (the "i Uppsala" case).
EDITED_QUOTE = "Parken startade 1998 i Uppsala"
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}
PREFIXED = re.compile(r"\b(sym|symsh|ik|ist|oa|skos|dcterms|src|rdf|xsd):\w")


# -- helpers ----------------------------------------------------------------------------------------

def texts() -> SourceTexts:
    return SourceTexts(None, TEXTS)


def sources(iri: str) -> SourceInfo | None:
    return SourceInfo("Testkälla", "test-source.txt") if iri == str(SOURCE) else None


def shapes() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def evidence(quote: str, prefix: str | None = None, suffix: str | None = None, supports=(SYM.startYear,),
             node: URIRef = EV) -> Graph:
    graph = Graph()
    graph.add((node, RDF.type, SYM.Evidence))
    graph.add((node, DCTERMS.source, SOURCE))
    graph.add((node, SYM.locator, Literal("Avsnitt 1")))
    graph.add((node, SYM.quote, Literal(quote, lang="sv")))
    for prop in supports:
        graph.add((node, SYM.supportsProperty, prop))
    if prefix is not None or suffix is not None:
        selector = URIRef(str(node) + "-selector")
        graph.add((node, OA.hasSelector, selector))
        graph.add((selector, RDF.type, OA.TextQuoteSelector))
        graph.add((selector, OA.exact, Literal(quote)))
        if prefix is not None:
            graph.add((selector, OA.prefix, Literal(prefix)))
        if suffix is not None:
            graph.add((selector, OA.suffix, Literal(suffix)))
    return graph


def park_graph() -> Graph:
    return Graph().parse(TEXTS.parent.parent / "initiatives" / "test-park.ttl", format="turtle")


def assert_plain_words(problem: dict) -> None:
    for key in ("message_sv", "message_en"):
        assert problem[key] and not PREFIXED.search(problem[key]), problem[key]
        assert "<http" not in problem[key], problem[key]


def history(http, tokens, path="/api/initiatives/test-park") -> list[tuple]:
    response = http.get(f"{path}/history", headers=tokens["curator"])
    assert response.status_code == 200, response.text
    return [(v["version"], v["state"]) for v in response.json()["versions"]]


def latest_turtle(http, tokens, path="/api/initiatives/test-park"):
    response = http.get(f"{path}/draft", headers=tokens["curator"])
    assert response.status_code == 200, response.text
    return response


def assert_refused(response, path: str, value: str | None = None) -> dict:
    """The one error shape: 422, an error text and problems; the problem for ``path`` returned."""
    assert response.status_code == 422, response.text[:800]
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"]
    assert isinstance(body.get("problems"), list) and body["problems"]
    found = [p for p in body["problems"] if p.get("path") == path and (value is None or p.get("value") == value)]
    assert found, body["problems"]
    for problem in found:
        assert_plain_words(problem)
    return found[0]


def assert_quote_refused(response) -> None:
    problem = assert_refused(response, str(SYM.quote), EDITED_QUOTE)
    assert problem["shape"] == QUOTE_IN_SOURCE
    assert problem["focus"] == str(EV)
    assert "Parken startade 1998 i Testby" in problem["closest"]
    assert EDITED_QUOTE in problem["message_sv"] and EDITED_QUOTE in problem["message_en"]


def assert_unchanged(http, tokens, before_history, before_turtle, path="/api/initiatives/test-park"):
    assert history(http, tokens, path) == before_history
    now = latest_turtle(http, tokens, path)
    assert now.headers["etag"] == before_turtle.headers["etag"]
    assert now.text == before_turtle.text


# -- quotes: found after normalisation ----------------------------------------------------------------

@pytest.mark.parametrize("quote", [
    "omkring 12 GWh per år",                      # the text has U+2009 between number and unit
    "1 000 000 kronor",                           # the text has U+00A0 between the digit groups
    "1\u00a0000\u00a0000 kronor",                 # … and so may the quote
    "levererar spillvärme till Testväxthuset",    # the text hyphenates "spill-\nvärme" at a line break
    "levererar spill-\nvärme till",               # the quote copied with the line break
    "16 nya arbetstillfällen",                    # the text has a soft hyphen inside the word
    "Testbruket   är ett\nföretag\tsom",          # any run of whitespace is one space
])
def test_a_quote_of_the_test_source_is_found_whatever_its_spaces_and_hyphens(quote):
    assert quote_problems(evidence(quote, supports=()), sources, texts()) == []


@pytest.mark.parametrize("quote", ["infrastruktur för värme", "infra- struktur för värme", "infra-\nstruktur för\u2009värme"])
def test_a_word_hyphenated_across_a_line_break_is_found_joined_or_as_printed(quote):
    text = SourceText.of("Kommunen bygger ny infra-\nstruktur för\u00a0värme i hamnen.")
    assert text.contains(quote)


def test_a_word_that_is_only_similar_is_not_found():
    text = SourceText.of("Kommunen bygger ny infra-\nstruktur för värme i hamnen.")
    assert not text.contains("infrastruktur för kyla")
    assert not text.contains("infrastruktur för värme i staden")


@pytest.mark.parametrize("quote", ["infra struktur för värme", "Testbruketär ett företag", "16 nya arbets tillfällen"])
def test_a_space_inside_a_word_or_missing_between_words_is_not_the_source_s_wording(quote):
    text = SourceText.of("Kommunen bygger ny infra-\nstruktur för värme i hamnen. " + (TEXTS / "test-source.txt").read_text())
    assert not text.contains(quote)


# -- quotes: refused, naming the quote and the closest passage ------------------------------------------

def test_a_quote_not_in_the_source_is_a_problem_naming_the_quote_and_the_closest_passage():
    [problem] = quote_problems(evidence(EDITED_QUOTE), sources, texts())
    assert problem.shape == QUOTE_IN_SOURCE and problem.path == str(SYM.quote)
    assert problem.focus == str(EV) and problem.value == EDITED_QUOTE
    assert "Parken startade 1998 i Testby" in problem.closest
    assert problem.closest in problem.message_sv and problem.closest in problem.message_en
    assert "Testkälla" in problem.message_sv and "Testkälla" in problem.message_en
    assert_plain_words(problem.as_dict())


def test_the_closest_passage_is_whole_words_of_the_text():
    text = SourceText.of((TEXTS / "test-source.txt").read_text())
    closest, score = closest_passage("Hubben är en resurshub för företagen i regionen", text)
    assert "Hubben är en resurshubb för" in closest and score > 70
    start = text.collapsed.index(closest)
    end = start + len(closest)
    assert (start == 0 or text.collapsed[start - 1] == " ") and (end == len(text.collapsed) or text.collapsed[end] == " ")


def test_every_quote_of_a_record_is_checked_not_only_the_first():
    graph = evidence(REAL_QUOTE) + evidence("Hubben ligger i Uppsala", node=URIRef(PARK + "#ev-other"), supports=())
    [problem] = quote_problems(graph, sources, texts())
    assert problem.focus == PARK + "#ev-other" and problem.value == "Hubben ligger i Uppsala"


def test_a_source_without_a_text_is_a_problem_saying_to_add_the_text():
    untexted = lambda iri: SourceInfo("Rapport utan text", None)  # noqa: E731
    [problem] = quote_problems(evidence(REAL_QUOTE), untexted, texts())
    assert problem.shape == SOURCE_HAS_TEXT and problem.path == str(DCTERMS.source) and problem.value == str(SOURCE)
    assert "Rapport utan text" in problem.message_sv and "text" in problem.message_en
    assert_plain_words(problem.as_dict())


def test_a_source_whose_text_file_is_missing_is_the_same_problem():
    gone = lambda iri: SourceInfo("Testkälla", "no-such-file.txt")  # noqa: E731
    [problem] = quote_problems(evidence(REAL_QUOTE), gone, texts())
    assert problem.shape == SOURCE_HAS_TEXT


# -- selectors: the text before and after must surround the quote ---------------------------------------

def test_a_selector_whose_prefix_and_suffix_surround_the_quote_passes():
    graph = evidence(REAL_QUOTE, prefix="Avsnitt 1\n", suffix=" i Testby kommun.")
    assert quote_problems(graph, sources, texts()) == []


def test_a_selector_prefix_that_does_not_stand_before_the_quote_is_a_problem_naming_it():
    [problem] = quote_problems(evidence(REAL_QUOTE, prefix="Bilaga A1 "), sources, texts())
    assert problem.shape == SELECTOR_IN_SOURCE and problem.path == str(OA.prefix) and problem.value == "Bilaga A1 "
    assert problem.focus == str(EV)
    assert "Bilaga A1" in problem.message_sv and "Bilaga A1" in problem.message_en
    assert_plain_words(problem.as_dict())


def test_a_selector_suffix_that_does_not_stand_after_the_quote_is_a_problem_naming_it():
    [problem] = quote_problems(evidence(REAL_QUOTE, prefix="Avsnitt 1\n", suffix=" i Uppsala"), sources, texts())
    assert problem.shape == SELECTOR_IN_SOURCE and problem.path == str(OA.suffix) and problem.value == " i Uppsala"
    assert problem.closest and "Parken startade 1998" in problem.closest


def test_a_prefix_and_suffix_that_each_occur_but_elsewhere_in_the_text_are_refused():
    # "Avsnitt 2" and "Hubben är" both stand in the text, just not around this quote
    problems = quote_problems(evidence(REAL_QUOTE, prefix="Avsnitt 2\n", suffix=" Hubben är"), sources, texts())
    assert {p.path for p in problems} == {str(OA.prefix), str(OA.suffix)}


# -- facts: what a write adds or changes needs new evidence ---------------------------------------------

def _kinds():
    return [SYM.Initiative]


def test_a_new_record_without_evidence_is_refused_for_each_fact_it_states():
    record = park_graph()
    for ev in list(record.subjects(RDF.type, SYM.Evidence)):
        record.remove((ev, None, None))
    record.remove((None, SYM.evidence, None))
    problems = fact_problems(PARK, record, None, shapes(), _kinds())
    paths = {p.path for p in problems}
    assert {str(SYM.startYear), str(SYM.status), str(SYM.kind), str(SYM.place)} <= paths
    assert all(p.shape == FACT_NEEDS_EVIDENCE for p in problems)
    nodes = {p.focus for p in problems if p.path == str(SYM.evidence)}
    assert {PARK + "#role-mill", PARK + "#exchange-heat", PARK + "#outcome-jobs", PARK + "#funding-1"} <= nodes
    for problem in problems:
        assert_plain_words(problem.as_dict())


def test_the_start_year_changed_without_evidence_is_refused_naming_the_start_year():
    before = park_graph()
    after = park_graph()
    after.set((URIRef(PARK), SYM.startYear, Literal(1999)))
    [problem] = fact_problems(PARK, after, before, shapes(), _kinds())
    assert problem.path == str(SYM.startYear) and problem.value == "1999" and problem.focus == PARK
    assert problem.message_sv.startswith("Startår") and problem.message_en.lower().startswith("start year")


def test_the_old_evidence_for_the_start_year_does_not_prove_a_new_start_year():
    before = park_graph()
    after = park_graph()
    after.set((URIRef(PARK), SYM.startYear, Literal(1999)))
    after.set((EV, SYM.locator, Literal("s. 4")))  # a new locator, the same quote: nothing new is said
    assert [p.path for p in fact_problems(PARK, after, before, shapes(), _kinds())] == [str(SYM.startYear)]


def test_a_changed_fact_with_a_new_quote_supporting_it_passes():
    before = park_graph()
    after = park_graph()
    after.set((URIRef(PARK), SYM.status, URIRef("https://w3id.org/symbios/concept/initiative-status/planned")))
    new = URIRef(PARK + "#ev-status")
    after += evidence("Den nya resurshubben i Testby planeras", supports=(SYM.status,), node=new)
    after.add((URIRef(PARK), SYM.evidence, new))
    assert fact_problems(PARK, after, before, shapes(), _kinds()) == []


def test_a_new_barrier_without_evidence_is_refused_and_with_evidence_passes():
    before = park_graph()
    after = park_graph()
    barrier = URIRef(PARK + "#barrier-1")
    after.add((URIRef(PARK), SYM.hasBarrier, barrier))
    after.add((barrier, RDF.type, SYM.Barrier))
    after.add((barrier, SYM.factorType, URIRef("https://w3id.org/symbios/concept/factors/regulation")))
    [problem] = fact_problems(PARK, after, before, shapes(), _kinds())
    assert problem.focus == str(barrier) and problem.path == str(SYM.evidence) and problem.shape == FACT_NEEDS_EVIDENCE
    assert_plain_words(problem.as_dict())
    new = URIRef(PARK + "#ev-barrier")
    after += evidence("Samarbetet har gett 16 nya arbetstillfällen.", supports=(), node=new)
    after.add((barrier, SYM.evidence, new))
    assert fact_problems(PARK, after, before, shapes(), _kinds()) == []


def test_a_changed_quantity_of_an_exchange_needs_new_evidence_for_the_exchange():
    before = park_graph()
    after = park_graph()
    after.set((URIRef(PARK + "#exchange-heat-quantity"), SYM.numericValue, Literal(13)))
    [problem] = fact_problems(PARK, after, before, shapes(), _kinds())
    assert problem.focus == PARK + "#exchange-heat"


def test_facts_left_as_they_were_need_nothing_new():
    assert fact_problems(PARK, park_graph(), park_graph(), shapes(), _kinds()) == []


def test_removing_a_fact_needs_no_evidence():
    after = park_graph()
    after.remove((URIRef(PARK), SYM.place, URIRef("https://w3id.org/symbios/id/place/testlands-lan")))
    assert fact_problems(PARK, after, park_graph(), shapes(), _kinds()) == []


# -- every write path refuses a quote the source does not say, and stores nothing -----------------------

def _json(http):
    response = http.get("/api/initiatives/test-park")
    assert response.status_code == 200, response.text
    return response.json(), response.headers["etag"]


def _park_turtle_with(http, tokens, change) -> tuple[str, str]:
    current = latest_turtle(http, tokens)
    graph = Graph().parse(data=current.text, format="turtle")
    change(graph)
    return graph.serialize(format="turtle"), current.headers["etag"]


def _edit_quote(graph: Graph) -> None:
    graph.set((EV, SYM.quote, Literal(EDITED_QUOTE, lang="sv")))


def _edit_start_year(graph: Graph) -> None:
    graph.set((URIRef(PARK), SYM.startYear, Literal(1999)))


def at(iri: str) -> str:
    return f"/graph-store?graph={url_quote(iri, safe='')}"


def test_json_put_of_a_quote_not_in_the_source_is_refused_and_nothing_is_stored(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    shown, etag = _json(http)
    shown["evidence"]["ev-start"]["quote"] = EDITED_QUOTE
    refused = http.put("/api/initiatives/test-park?lang=sv", json=shown, headers={**tokens["curator"], "If-Match": etag})
    assert_quote_refused(refused)
    assert_unchanged(http, tokens, before_history, before)


def test_json_put_of_a_new_start_year_without_evidence_is_refused_naming_the_field(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    shown, etag = _json(http)
    shown["start_year"] = 1999
    refused = http.put("/api/initiatives/test-park?lang=sv", json=shown, headers={**tokens["curator"], "If-Match": etag})
    problem = assert_refused(refused, str(SYM.startYear), "1999")
    assert problem["shape"] == FACT_NEEDS_EVIDENCE and problem["focus"] == PARK
    assert_unchanged(http, tokens, before_history, before)


def test_json_put_of_a_new_start_year_with_a_new_quote_for_it_is_stored(http, tokens):
    shown, etag = _json(http)
    shown["start_year"] = 2025
    shown["evidence"]["ev-year"] = {"source": {"iri": str(SOURCE)}, "locator": "Avsnitt 2",
                                    "quote": "Den nya resurshubben i Testby planeras och ska starta 2025.",
                                    "supports": [str(SYM.startYear)]}
    shown["initiative_evidence"] = [*shown["initiative_evidence"], "ev-year"]
    saved = http.put("/api/initiatives/test-park?lang=sv", json=shown, headers={**tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert history(http, tokens) == [(1, "published"), (2, "draft")]


def test_json_post_of_a_new_record_without_evidence_is_refused_and_nothing_is_stored(http, tokens):
    new = {"slug": "json-hub", "labels": {"sv": "JSON-hubben"}, "description": "En hubb skriven som JSON.",
           "kind": [{"iri": "https://w3id.org/symbios/concept/initiative-kinds/resource-hub"}],
           "start_year": 2025, "places": ["https://w3id.org/symbios/id/place/testby-kommun"],
           "sources": [{"iri": str(SOURCE)}]}
    refused = http.post("/api/initiatives?lang=sv", json=new, headers=tokens["curator"])
    assert_refused(refused, str(SYM.startYear), "2025")
    assert http.get("/api/initiatives/json-hub/history", headers=tokens["curator"]).status_code == 404


def test_merge_patch_of_a_quote_not_in_the_source_is_refused_and_nothing_is_stored(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    _, etag = _json(http)
    refused = http.patch("/api/initiatives/test-park?lang=sv", json={"evidence": {"ev-start": {"quote": EDITED_QUOTE}}},
                         headers={**MERGE_PATCH, **tokens["curator"], "If-Match": etag})
    assert_quote_refused(refused)
    assert_unchanged(http, tokens, before_history, before)


def test_merge_patch_of_a_start_year_alone_is_refused_for_want_of_evidence(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    _, etag = _json(http)
    refused = http.patch("/api/initiatives/test-park?lang=sv", json={"start_year": 1999},
                         headers={**MERGE_PATCH, **tokens["curator"], "If-Match": etag})
    assert_refused(refused, str(SYM.startYear), "1999")
    assert_unchanged(http, tokens, before_history, before)


def test_turtle_put_of_a_quote_not_in_the_source_is_refused_and_nothing_is_stored(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    body, etag = _park_turtle_with(http, tokens, _edit_quote)
    refused = http.put("/api/initiatives/test-park", content=body, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert_quote_refused(refused)
    assert_unchanged(http, tokens, before_history, before)


def test_turtle_put_of_a_start_year_without_evidence_is_refused_and_nothing_is_stored(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    body, etag = _park_turtle_with(http, tokens, _edit_start_year)
    refused = http.put("/api/initiatives/test-park", content=body, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert_refused(refused, str(SYM.startYear), "1999")
    assert_unchanged(http, tokens, before_history, before)


def test_turtle_post_of_a_new_record_with_an_edited_quote_is_refused_and_nothing_is_stored(http, tokens):
    body = new_record().replace("ska starta 2025.", "ska starta 2025 i Uppsala.")
    refused = http.post("/api/initiatives", content=body, headers={**TURTLE, **tokens["curator"]})
    problem = assert_refused(refused, str(SYM.quote), "Den nya resurshubben i Testby planeras och ska starta 2025 i Uppsala.")
    assert "ska starta 2025" in problem["closest"]
    assert http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).status_code == 404


def test_turtle_post_of_a_new_record_with_a_fact_no_evidence_supports_is_refused(http, tokens):
    body = new_record().replace("sym:supportsProperty sym:status, sym:startYear, sym:place .",
                                "sym:supportsProperty sym:status, sym:place .")
    refused = http.post("/api/initiatives", content=body, headers={**TURTLE, **tokens["curator"]})
    assert_refused(refused, str(SYM.startYear), "2025")
    assert http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).status_code == 404


@pytest.mark.parametrize("method", ["put", "post"])
def test_graph_store_writes_of_a_quote_not_in_the_source_are_refused_and_nothing_is_stored(http, tokens, method):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    if method == "put":
        body, _ = _park_turtle_with(http, tokens, _edit_quote)
    else:  # POST merges the triples sent into the graph: a second quote on the evidence
        body = f"<{EV}> <{SYM.quote}> \"{EDITED_QUOTE}\"@sv ."
    refused = getattr(http, method)(at(PARK), content=body, headers={**TURTLE, **tokens["curator"]})
    assert_refused(refused, str(SYM.quote), EDITED_QUOTE)
    assert_unchanged(http, tokens, before_history, before)


@pytest.mark.parametrize("method", ["put", "post"])
def test_graph_store_writes_of_a_start_year_without_evidence_are_refused_and_nothing_is_stored(http, tokens, method):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    if method == "put":
        body, _ = _park_turtle_with(http, tokens, _edit_start_year)
    else:  # POST merges: one more kind, and nothing that says so
        body = f"<{PARK}> <{SYM.kind}> <https://w3id.org/symbios/concept/initiative-kinds/resource-hub> ."
    refused = getattr(http, method)(at(PARK), content=body, headers={**TURTLE, **tokens["curator"]})
    path = str(SYM.startYear) if method == "put" else str(SYM.kind)
    problem = assert_refused(refused, path)
    assert problem["shape"] == FACT_NEEDS_EVIDENCE and problem["focus"] == PARK
    assert_unchanged(http, tokens, before_history, before)


def test_graph_store_put_creating_a_record_with_an_edited_quote_is_refused(http, tokens):
    body = new_record().replace("ska starta 2025.", "ska starta 2025 i Uppsala.")
    refused = http.put(at(HUB), content=body, headers={**TURTLE, **tokens["reviewer"]})
    assert_refused(refused, str(SYM.quote))
    assert http.get(at(HUB)).status_code == 404
    assert http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).status_code == 404


# -- the edit form ---------------------------------------------------------------------------------


def _form_data(http, lang="sv", **changes) -> dict[str, list[str]]:
    page = http.get(f"/curate/initiative/test-park?lang={lang}")
    assert page.status_code == 200, page.text[:500]
    data = form_post(page.text)
    assert data.get("startYear") == ["1998"] and data.get("csrf") and data.get("etag"), data
    data.update({key: [value] for key, value in changes.items()})
    return data


def test_a_start_year_changed_through_the_form_without_evidence_is_refused_at_its_field(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    login(http, tokens)
    refused = http.post("/curate/initiative/test-park", data=_form_data(http, startYear="1999"), follow_redirects=False)
    assert refused.status_code in (200, 422), refused.status_code  # the form again, not a redirect to the history
    assert "field-error" in refused.text
    assert "Startår: ange ett belägg" in refused.text
    assert not PREFIXED.search(re.sub(r"<[^>]*>", " ", refused.text.split("<main", 1)[-1]).split("</main>")[0])
    assert_unchanged(http, tokens, before_history, before)


def test_the_form_in_english_names_the_start_year_in_english(http, tokens):
    login(http, tokens)
    data = _form_data(http, lang="en", startYear="1999")
    refused = http.post("/curate/initiative/test-park?lang=en", data=data, follow_redirects=False)
    assert "Start year: give evidence" in refused.text


def test_a_form_save_that_changes_nothing_adds_no_version(http, tokens):
    before_history, before = history(http, tokens), latest_turtle(http, tokens)
    login(http, tokens)
    answer = http.post("/curate/initiative/test-park", data=_form_data(http), follow_redirects=False)
    assert answer.status_code == 200, answer.text[:500]
    assert_unchanged(http, tokens, before_history, before)


# -- writes that change nothing, restore --------------------------------------------------------------

def test_a_turtle_put_that_changes_nothing_adds_no_version(http, tokens):
    create_draft(http, tokens)
    current = latest_turtle(http, tokens, "/api/initiatives/new-hub")
    same = http.put("/api/initiatives/new-hub", content=current.text,
                    headers={**TURTLE, **tokens["curator"], "If-Match": current.headers["etag"]})
    assert same.status_code == 200, same.text
    assert same.headers["etag"] == current.headers["etag"]
    assert history(http, tokens, "/api/initiatives/new-hub") == [(1, "draft")]


def test_a_graph_store_put_of_the_record_as_it_is_adds_no_version(http, tokens):
    before_history = history(http, tokens)
    same = http.put(at(PARK), content=latest_turtle(http, tokens).text, headers={**TURTLE, **tokens["curator"]})
    assert same.status_code in (200, 204), same.text
    assert history(http, tokens) == before_history


def test_publishing_twice_adds_one_version(http, tokens):
    created = create_draft(http, tokens)
    first = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": created.headers["etag"]})
    assert first.status_code == 200, first.text
    again = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": first.headers["etag"]})
    assert again.status_code == 200, again.text
    assert history(http, tokens, "/api/initiatives/new-hub") == [(1, "draft"), (2, "published")]


def _with_new_start_year(graph: Graph) -> None:
    graph.set((URIRef(PARK), SYM.startYear, Literal(2025)))
    new = URIRef(PARK + "#ev-year")
    graph += evidence("Den nya resurshubben i Testby planeras och ska starta 2025.", node=new)
    graph.add((URIRef(PARK), SYM.evidence, new))


def test_turtle_put_of_a_new_start_year_with_a_new_quote_for_it_is_stored(http, tokens):
    body, etag = _park_turtle_with(http, tokens, _with_new_start_year)
    saved = http.put("/api/initiatives/test-park", content=body, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert history(http, tokens) == [(1, "published"), (2, "draft")]
    graph = Graph().parse(data=latest_turtle(http, tokens).text, format="turtle")
    assert graph.value(URIRef(PARK), SYM.startYear) == Literal(2025)


def test_restore_brings_back_facts_without_new_evidence(http, tokens):
    body, etag = _park_turtle_with(http, tokens, _with_new_start_year)
    saved = http.put("/api/initiatives/test-park", content=body, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    # version 1 says 1998 again, and its evidence for that is not new: a save is refused, a restore is not
    old = http.get("/api/initiatives/test-park/versions/1", headers=tokens["curator"])
    assert old.status_code == 200, old.text
    resaved = http.put("/api/initiatives/test-park", content=old.text,
                       headers={**TURTLE, **tokens["curator"], "If-Match": saved.headers["etag"]})
    assert_refused(resaved, str(SYM.startYear), "1998")
    restored = http.post("/api/initiatives/test-park/restore?version=1",
                         headers={**tokens["curator"], "If-Match": saved.headers["etag"]})
    assert restored.status_code == 200, restored.text
    assert history(http, tokens) == [(1, "published"), (2, "draft"), (3, "draft")]
    graph = Graph().parse(data=latest_turtle(http, tokens).text, format="turtle")
    assert graph.value(URIRef(PARK), SYM.startYear) == Literal(1998)


def test_restore_checks_the_quotes_again_against_the_sources_text_as_it_is_now(http, tokens, curation_app, tmp_path):
    shown, etag = _json(http)
    shown["description"] = "En ändrad beskrivning."
    saved = http.put("/api/initiatives/test-park?lang=sv", json=shown, headers={**tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    changed = tmp_path / "texts"
    changed.mkdir()
    (changed / "test-source.txt").write_text("Avsnitt 1\nParken invigdes 1999 i Testby kommun.\n", encoding="utf-8")
    curation = curation_app.state.curation
    kept = curation.texts
    curation.texts = SourceTexts(None, changed)  # the source's text was corrected since version 1
    try:
        before_history = history(http, tokens)
        refused = http.post("/api/initiatives/test-park/restore?version=1",
                            headers={**tokens["curator"], "If-Match": saved.headers["etag"]})
        problem = assert_refused(refused, str(SYM.quote), REAL_QUOTE)
        assert "Parken invigdes 1999" in problem["closest"]
        assert history(http, tokens) == before_history
    finally:
        curation.texts = kept


# -- actor records carry evidence too -------------------------------------------------------------------

MILL = "https://w3id.org/symbios/id/actor/test-mill"
TESTBY = URIRef("https://w3id.org/symbios/id/place/testby-kommun")


def _mill_with_place(http, tokens, with_evidence: bool):
    current = latest_turtle(http, tokens, "/api/actors/test-mill")
    graph = Graph().parse(data=current.text, format="turtle")
    graph.add((URIRef(MILL), SYM.place, TESTBY))
    if with_evidence:
        new = URIRef(MILL + "#ev-place")
        graph += evidence("Parken startade 1998 i Testby kommun. Testbruket är ett företag", supports=(SYM.place,), node=new)
        graph.add((URIRef(MILL), SYM.evidence, new))
    return http.put("/api/actors/test-mill", content=graph.serialize(format="turtle"),
                    headers={**TURTLE, **tokens["curator"], "If-Match": current.headers["etag"]}), current


def test_an_actor_given_a_place_without_evidence_is_refused_and_nothing_is_stored(http, tokens):
    before_history = history(http, tokens, "/api/actors/test-mill")
    refused, before = _mill_with_place(http, tokens, with_evidence=False)
    problem = assert_refused(refused, str(SYM.place), str(TESTBY))
    assert problem["focus"] == MILL and problem["message_sv"].startswith("Plats")
    assert_unchanged(http, tokens, before_history, before, "/api/actors/test-mill")


def test_an_actor_given_a_place_with_a_quote_saying_so_is_stored(http, tokens):
    saved, _ = _mill_with_place(http, tokens, with_evidence=True)
    assert saved.status_code == 200, saved.text
    assert history(http, tokens, "/api/actors/test-mill") == [(1, "published"), (2, "draft")]


def test_evidence_without_a_locator_is_refused_in_plain_words(http, tokens):
    def without_locator(graph: Graph) -> None:
        _with_new_start_year(graph)
        graph.remove((URIRef(PARK + "#ev-year"), SYM.locator, None))
    body, etag = _park_turtle_with(http, tokens, without_locator)
    refused = http.put("/api/initiatives/test-park", content=body, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert_refused(refused, str(SYM.locator))
