"""Suggestions from a source's text (#20 item 4): what is proposed, why, with which quote, and the endpoint."""

from __future__ import annotations

import pytest

from catalogue.loading import read_shapes
from catalogue.quotes import SourceText
from catalogue.source_sections import sections, sentences
from catalogue.suggestions import Finder, Lexicon

from .test_inline_actor_http import session

RT = "https://w3id.org/symbios/concept/resource-types/"
BT = "https://w3id.org/symbios/concept/barrier-types/"
U = "https://w3id.org/symbios/concept/units/"
IND = "https://w3id.org/symbios/concept/indicators/"
ID = "https://w3id.org/symbios/id/"
SOURCE = ID + "source/test-source"
TEXT = ("Bilaga A7\tVärmesamverkan i Testby\n\n"
        "Testbruket levererar restvärmen till fjärrvärmenätet sedan 2015, omkring 12 GWh per år. "
        "Processvattnet från bruket renas och går till\nTestväxthuset.\n\n"
        "Bilaga A8\tÖvrigt\n\n"
        "Samarbetet har gett 16 nya arbetstillfällen. Initiativet startade 2019 efter ett studiebesök.\n")


@pytest.fixture
def lexicon(curation_store, curation_settings) -> Lexicon:
    return Lexicon.build(curation_store, read_shapes(curation_settings.shapes_dir))


def suggest(lexicon, text=TEXT, **kw):
    return Finder(lexicon, text, SOURCE).suggest(**kw)


def of(found, kind, value):
    return [s for s in found if s["kind"] == kind and s["value"] == value]


def test_restvarmen_proposes_the_waste_heat_concept_for_an_exchanges_resource_type(lexicon):
    [heat] = of(suggest(lexicon), "concept", RT + "waste-heat")
    assert heat["target"] == {"group": "hasExchange", "key": "resourceType"}
    assert "restvärmen" in heat["why"]["sv"] and "Waste heat" in heat["why"]["en"]


def test_processvattnet_proposes_the_process_water_concept_through_its_stem(lexicon):
    [water] = of(suggest(lexicon), "concept", RT + "process-water")
    assert "Processvattnet" in water["why"]["en"] and water["label"]["en"] == "Process water"


def test_a_compound_word_proposes_the_concept_its_first_part_names(lexicon):
    found = suggest(lexicon, "Flygaskdeponin ligger nära bruket.")
    [ash] = of(found, "concept", RT + "fly-ash")
    assert "compound that begins with" in ash["why"]["en"] and "sammansatt ord" in ash["why"]["sv"]


def test_a_broad_concept_is_not_proposed_from_a_part_of_a_word(lexicon):
    assert not of(suggest(lexicon, "Energieffektivisering är målet."), "concept", RT + "energy")


def test_a_barrier_concept_goes_to_a_new_barrier_as_the_shapes_say(lexicon):
    found = suggest(lexicon, "Det har varit svårt att få tillstånd för anläggningen.")
    assert any(s["target"] == {"group": "hasBarrier", "key": "factorType"} and s["value"].startswith(BT) for s in found)


def test_an_actor_is_proposed_by_its_name_for_a_role(lexicon):
    [mill] = of(suggest(lexicon), "actor", ID + "actor/test-mill")
    assert mill["target"] == {"group": "hasRole", "key": "agent"} and mill["label"]["sv"] == "Testbruket"
    assert "Testbruket" in mill["why"]["sv"] and "actor" in mill["why"]["en"]


def test_a_number_with_a_unit_is_proposed_as_an_exchange_quantity(lexicon):
    [quantity] = of(suggest(lexicon), "quantity", 12)
    assert quantity["unit"] == U + "gwh-per-year" and quantity["target"] == {"group": "hasExchange", "key": "quantity"}
    assert quantity["values"] == {"numericValue": 12}


def test_a_count_next_to_an_indicators_words_is_proposed_as_an_outcome(lexicon):
    [jobs] = of(suggest(lexicon), "outcome", 16)
    assert jobs["indicator"] == IND + "jobs-created" and jobs["unit"] == U + "count"
    assert jobs["target"] == {"group": "hasOutcome", "key": "numericValue"}


def test_years_after_startade_and_sedan_are_proposed_as_start_years(lexicon):
    found = suggest(lexicon)
    assert of(found, "startYear", 2019)[0]["target"] == {"group": None, "key": "startYear"}
    assert "startade" in of(found, "startYear", 2019)[0]["why"]["sv"]
    assert of(found, "startYear", 2015) and not of(found, "startYear", 12)


def test_every_quote_is_the_sentence_word_for_word_as_the_source_has_it(lexicon):
    text = SourceText.of(TEXT)
    found = suggest(lexicon)
    assert found
    for s in found:
        evidence = s["evidence"]
        assert text.contains(evidence["quote"]), evidence["quote"]
        assert text.contains(evidence["prefix"] + evidence["quote"] + evidence["suffix"])
    [water] = of(found, "concept", RT + "process-water")
    assert water["evidence"]["quote"] == "Processvattnet från bruket renas och går till Testväxthuset."


def test_every_suggestion_says_why_in_swedish_and_english(lexicon):
    for s in suggest(lexicon):
        assert s["why"]["sv"] and s["why"]["en"] and s["why"]["sv"] != s["why"]["en"]


def test_the_locator_is_the_section_heading_the_sentence_stands_under(lexicon):
    found = suggest(lexicon)
    assert of(found, "startYear", 2015)[0]["evidence"]["locator"] == "Bilaga A7"
    assert of(found, "outcome", 16)[0]["evidence"]["locator"] == "Bilaga A8"


def test_a_page_number_is_added_when_the_text_has_pages(lexicon):
    found = suggest(lexicon, "Första sidan.\fAndra sidan: Testbruket startade 2001.")
    assert of(found, "startYear", 2001)[0]["evidence"]["locator"] == "s. 2"


def test_a_table_of_contents_line_is_no_section():
    assert [s.label for s in sections("A1\t Kemiklustret  \ufffd   12\n\nA1\tKemiklustret\ntext")] == ["Bilaga A1"]


def test_a_sentence_ends_at_a_full_stop_before_a_capital_or_at_a_blank_line():
    text = "Ett. Två är\nfler.\n\nRubrik\nTre"
    assert [text[s:e] for s, e in sentences(text)] == ["Ett.", "Två är\nfler.", "Rubrik\nTre"]


def test_a_passage_limits_the_suggestions_to_it(lexicon):
    start = TEXT.index("Samarbetet")
    found = suggest(lexicon, start=start)
    assert of(found, "outcome", 16) and not of(found, "startYear", 2015)


def test_the_evidence_check_accepts_every_quote_and_selector_proposed_for_a_seed_text(lexicon, curation_settings):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from catalogue.evidence_check import SourceInfo, quote_problems
    from catalogue.namespaces import OA, SYM
    from catalogue.source_texts import SourceTexts

    texts = SourceTexts(None, curation_settings.sources_dir)
    if not texts.exists("004_db300c6783d442f9.txt"):
        pytest.skip("the seed texts are not here")
    found = Finder(lexicon, texts.read("004_db300c6783d442f9.txt"), ID + "source/guide").suggest()
    record = Graph()
    for i, s in enumerate(found):
        evidence, chosen = URIRef(f"{ID}initiative/x#ev-{i}"), URIRef(f"{ID}initiative/x#ev-{i}-selector")
        record.add((evidence, RDF.type, SYM.Evidence))
        record.add((evidence, DCTERMS.source, URIRef(ID + "source/guide")))
        record.add((evidence, SYM.quote, Literal(s["evidence"]["quote"], lang="sv")))
        record.add((evidence, OA.hasSelector, chosen))
        record.add((chosen, OA.prefix, Literal(s["evidence"]["prefix"])))
        record.add((chosen, OA.suffix, Literal(s["evidence"]["suffix"])))
    assert len(found) > 50
    assert quote_problems(record, lambda _: SourceInfo("Guide", "004_db300c6783d442f9.txt"), texts) == []


def test_the_answer_gives_one_suggestion_per_fact_counting_the_other_sentences(lexicon):
    from catalogue.suggestion_requests import SuggestionRequest, answer

    text = "Testbruket levererar ånga. Testbruket tar emot vatten. Testbruket startade 2001."
    body = answer(lexicon, text, SOURCE, SuggestionRequest(), 50)
    [mill] = of(body["suggestions"], "actor", ID + "actor/test-mill")
    assert mill["more"] == 2 and mill["evidence"]["quote"] == "Testbruket levererar ånga."


# -- the endpoint ---------------------------------------------------------------------------------

PATH = "/curate/sources/test-source/suggestions"


def test_the_endpoint_answers_suggestions_for_the_sources_text(http, tokens):
    csrf = session(http, tokens)
    response = http.post(PATH, json={}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    body = response.json()
    assert of(body["suggestions"], "actor", ID + "actor/test-mill")
    assert of(body["suggestions"], "startYear", 1998)
    assert [s["label"] for s in body["sections"]] == ["Avsnitt 1", "Avsnitt 2", "Bilaga A1"]


def test_the_endpoint_takes_a_section_by_its_heading(http, tokens):
    csrf = session(http, tokens)
    body = http.post(PATH, json={"section": "Bilaga A1"}, headers={"X-CSRF-Token": csrf}).json()
    assert of(body["suggestions"], "quantity", 5) and not of(body["suggestions"], "startYear", 1998)


def test_the_endpoint_stops_at_the_limit_and_says_so(http, tokens):
    csrf = session(http, tokens)
    body = http.post(PATH, json={"limit": 2}, headers={"X-CSRF-Token": csrf}).json()
    assert len(body["suggestions"]) == 2 and body["truncated"] is True


def test_the_endpoint_needs_a_session(http):
    assert http.post(PATH, json={}).status_code == 401


def test_the_endpoint_needs_the_csrf_token(http, tokens):
    session(http, tokens)
    assert http.post(PATH, json={}).status_code == 403


def test_an_unknown_source_is_a_404(http, tokens):
    csrf = session(http, tokens)
    response = http.post("/curate/sources/no-such-source/suggestions", json={}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 404 and response.json()["ok"] is False


@pytest.mark.parametrize("body, field", [
    ({"start": 10, "end": 5}, "end"),
    ({"start": -1}, "start"),
    ({"end": 10_000_000}, "end"),
    ({"start": "a"}, "start"),
    ({"section": "Bilaga Z9"}, "section"),
    ({"section": "Bilaga A1", "start": 0}, "section"),
    ({"limit": 0}, "limit"),
    ({"limit": 100_000}, "limit"),
    ({"colour": "red"}, "colour"),
    ([1, 2], "body"),
])
def test_a_bad_range_or_value_is_a_422_naming_its_field(http, tokens, body, field):
    csrf = session(http, tokens)
    response = http.post(PATH, json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422, response.text
    problem = response.json()["problems"][0]
    assert problem["field"] == field and problem["message_sv"] and problem["message_en"]


def test_the_panel_lists_the_sources_that_have_a_text(http, tokens):
    session(http, tokens)
    body = http.get("/curate/suggestions/sources?lang=sv").json()
    assert body["sources"] == [{"iri": SOURCE, "slug": "test-source", "label": "Testkälla"}]


def test_the_source_list_is_only_for_curators_who_are_logged_in(http):
    assert http.get("/curate/suggestions/sources").status_code == 401


def test_the_edit_page_of_an_initiative_carries_the_suggestions_panel(http, tokens):
    session(http, tokens)
    page = http.get("/curate/initiative/test-park?lang=en").text
    assert "data-suggestions" in page and "Suggestions from the source" in page and "/static/suggestions.js" in page


def test_the_readme_gives_the_suggestions_precision_and_recall_and_how_they_were_measured():
    from catalogue.settings import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Suggestions from a source", 1)[1].split("\n## ", 1)[0]
    assert "benchmarks/bench_suggestions.py" in section and "| kind | precision | recall |" in section
    assert all(f"| {kind} |" in section for kind in ("concept", "actor", "quantity", "outcome", "start year", "all"))
