"""The quote picker's view of a source: its text with sections and pages, and a picked range
turned into the evidence the form stores (#20 item 3)."""

from __future__ import annotations

from catalogue.quotes import SourceText
from catalogue.source_sections import outline, picked

from .test_inline_actor_http import session

TEXT_PATH = "/curate/sources/test-source/text"
QUOTE_PATH = "/curate/sources/test-source/quote"
SENTENCE = "Parken startade 1998 i Testby kommun."


def test_the_text_comes_with_its_sections_by_their_labels(http, tokens):
    session(http, tokens)
    body = http.get(TEXT_PATH).json()
    assert body["title"] == "Testkälla" and SENTENCE in body["text"]
    labels = [s["label"] for s in body["sections"]]
    assert labels == ["Avsnitt 1", "Avsnitt 2", "Bilaga A1"]
    first = body["sections"][0]
    assert body["text"][first["start"]:first["end"]].startswith("Avsnitt 1") and SENTENCE in body["text"][first["start"]:first["end"]]
    assert body["pages"] == []  # a text without page breaks has no pages


def test_a_picked_range_becomes_the_quote_with_the_text_around_it_and_its_section(http, tokens):
    session(http, tokens)
    text = http.get(TEXT_PATH).json()["text"]
    start = text.index(SENTENCE)
    body = http.get(QUOTE_PATH, params={"start": start, "end": start + len(SENTENCE)}).json()
    assert body["quote"] == SENTENCE and body["locator"] == "Avsnitt 1"
    assert body["prefix"].endswith("Avsnitt 1\n") or body["prefix"].endswith("Avsnitt 1 ")
    assert body["suffix"].startswith(" Testbruket är ett företag")
    assert SourceText.of(text).contains(body["prefix"] + body["quote"] + body["suffix"])


def test_a_quote_picked_across_a_hyphenated_line_break_reads_as_the_check_reads_it(http, tokens):
    session(http, tokens)
    text = http.get(TEXT_PATH).json()["text"]
    start = text.index("levererar spill-")
    end = text.index("värme till") + len("värme")
    body = http.get(QUOTE_PATH, params={"start": start, "end": end}).json()
    assert "\n" not in body["quote"] and SourceText.of(text).contains(body["quote"])


def test_pages_of_an_uploaded_pdf_are_where_its_page_breaks_are_and_name_the_page_in_the_locator():
    text = "Rapport\n1 Inledning\nFörsta sidans text.\fAndra sidan: Bruket levererar ånga.\fTredje."
    shape = outline(text)
    assert shape["pages"] == [0, text.index("Andra"), text.index("Tredje")]
    start = text.index("Bruket")
    assert picked(text, SourceText.of(text), start, start + len("Bruket levererar ånga."))["locator"] == "Avsnitt 1, s. 2"


def test_a_range_outside_the_text_or_not_a_number_is_a_400_naming_the_parameter(http, tokens):
    session(http, tokens)
    for params, name in (({"start": 5, "end": 10_000_000}, "end"), ({"start": "x", "end": 9}, "start"),
                         ({"start": 9, "end": 5}, "end"), ({"end": 5}, "start")):
        response = http.get(QUOTE_PATH, params=params)
        assert response.status_code == 400, params
        assert response.json()["parameter"] == name


def test_an_unknown_source_is_a_404_in_the_one_error_shape(http, tokens):
    session(http, tokens)
    response = http.get("/curate/sources/no-such-source/text")
    assert response.status_code == 404 and response.json()["ok"] is False


def test_without_a_session_the_text_is_not_shown(http):
    for path in (TEXT_PATH, QUOTE_PATH + "?start=0&end=5"):
        response = http.get(path)
        assert response.status_code == 401 and "text" not in response.json()
