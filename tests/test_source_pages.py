"""Sources in the browser (#20 item 1): the list with the records citing each (GET /curate/sources)
and the form that adds one from a PDF or pasted text (GET and POST /curate/sources/new)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from catalogue.errors import InvalidData
from catalogue.namespaces import SYM

from .test_curator_pages import csrf_of, login

LIST = "/curate/sources"
NEW = "/curate/sources/new"
ID = "https://w3id.org/symbios/id/"
PASTED = ("Avsnitt 1\nFörstudien beskriver hur restvärme från bruket i Testby kan värma växthusen.\n\n"
          "Avsnitt 2\nKommunen och bruket undertecknade en avsiktsförklaring om restvärmen år 2023.\n")


def page(http, path):
    return html.unescape(http.get(path).text)


def form_csrf(http, lang="sv") -> str:
    return csrf_of(http.get(f"{NEW}?lang={lang}").text)


def add(http, lang="sv", files=None, **fields):
    data = {"csrf": form_csrf(http, lang), "title.sv": "Förstudie om restvärme i Testby", "year": "2024",
            "language": "sv", "url": "https://example.org/forstudie.pdf", "text": PASTED}
    data.update(fields)
    return http.post(f"{NEW}?lang={lang}", data=data, files=files or {"file": ("", b"", "application/octet-stream")},
                     follow_redirects=False)


def test_the_list_needs_a_login_and_sends_the_browser_there(http):
    response = http.get(LIST, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/curate/sources"


def test_the_new_source_form_needs_a_login_too(http):
    response = http.get(NEW, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/curate/sources/new"


def test_the_list_shows_each_source_with_the_records_citing_it_linked_to_their_edit_page(http, tokens):
    login(http, tokens)
    text = page(http, LIST + "?lang=sv")
    assert "<h1>Källor</h1>" in text and "Testkälla" in text
    assert '<a href="/curate/initiative/test-park?lang=sv">Testparken</a>' in text
    assert '<a href="/curate/actor/test-mill?lang=sv">Testbruket</a>' in text
    assert 'data-cited-count="3"' in text and "Citeras av 3 poster, 3 citat" in text  # the park's quote and each actor's (#24)


def test_the_list_links_to_the_new_source_form_in_the_pages_language(http, tokens):
    login(http, tokens)
    assert '<a class="button" href="/curate/sources/new?lang=sv" data-new-source>Ny källa</a>' in page(http, LIST + "?lang=sv")
    english = page(http, LIST + "?lang=en")
    assert '<a class="button" href="/curate/sources/new?lang=en" data-new-source>New source</a>' in english
    assert "<h1>Sources</h1>" in english and "Cited by 3 records" in english and "Publisher" in english


def test_the_dashboard_links_to_the_sources(http, tokens):
    login(http, tokens)
    assert 'href="/curate/sources?lang=sv"' in page(http, "/curate?lang=sv")


def test_the_list_shows_no_prefixed_names_or_raw_iris(http, tokens):
    login(http, tokens)
    text = http.get(LIST + "?lang=en").text
    assert "w3id.org" not in text and "dcterms:" not in text and "src:" not in text


def test_the_form_asks_for_title_publisher_year_language_web_address_and_a_pdf_or_text(http, tokens):
    login(http, tokens)
    text = page(http, NEW + "?lang=sv")
    for name in ("title.sv", "title.en", "year", "language", "url", "file", "text"):
        assert f'name="{name}"' in text, name
    assert re.search(r'<select id="source-publisher" name="publisher" data-picker="record" data-kind="actor"', text)
    assert re.search(r'<option value="' + ID + r'actor/test-mill" data-search="[^"]*testbruket[^"]*">Testbruket</option>', text)
    assert 'enctype="multipart/form-data"' in text and "Ladda upp en PDF" in text and "Klistra in dokumentets text" in text


def test_the_form_speaks_english_on_the_english_page(http, tokens):
    login(http, tokens)
    text = page(http, NEW + "?lang=en")
    assert "<h1>New source</h1>" in text and "Upload a PDF" in text and "Paste the document’s text" in text
    assert "Year published" in text and "Ladda upp" not in text


def test_pasted_text_is_stored_and_the_source_saved_as_a_draft_with_its_metadata(http, tokens, curation_app):
    login(http, tokens)
    response = add(http, publisher=ID + "actor/test-mill")
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/curate/sources?lang=sv&added=forstudie-om-restvarme-i-testby"
    version = curation_app.state.curation.current("source", "forstudie-om-restvarme-i-testby")
    graph = version.graph()
    subject = URIRef(ID + "source/forstudie-om-restvarme-i-testby")
    assert version.state == "draft" and (subject, RDF.type, SYM.SourceDocument) in graph
    assert (subject, DCTERMS.title, Literal("Förstudie om restvärme i Testby", lang="sv")) in graph
    assert (subject, DCTERMS.publisher, URIRef(ID + "actor/test-mill")) in graph
    assert str(graph.value(subject, DCTERMS.issued)) == "2024" and str(graph.value(subject, DCTERMS.language)) == "sv"
    file_name = str(graph.value(subject, SYM.fileName))
    assert file_name.startswith("forstudie-om-restvarme-i-testby-") and file_name.endswith(".txt")
    assert curation_app.state.source_texts.read(file_name) == PASTED.strip()


def test_the_list_shows_the_new_draft_source_and_says_it_was_saved(http, tokens):
    login(http, tokens)
    target = add(http, publisher=ID + "actor/test-mill").headers["location"]
    text = page(http, target)
    assert "är sparad som utkast" in text and "<strong>Förstudie om restvärme i Testby</strong>" in text
    row = text.split('data-source="forstudie-om-restvarme-i-testby"', 1)[1].split("</li>", 1)[0]
    assert "Testbruket" in row and "2024" in row and "svenska" in row and "utkast" in row
    assert "Ingen post citerar källan ännu." in row


def test_a_quote_from_the_new_text_can_be_saved_as_evidence_and_one_not_in_it_is_refused(http, tokens, curation_app):
    login(http, tokens)
    add(http)
    curation = curation_app.state.curation

    def actor(slug, quote):
        subject, evidence = URIRef(ID + f"actor/{slug}"), URIRef(ID + f"actor/{slug}#ev-1")
        graph = Graph()
        graph.add((subject, RDF.type, SYM.Actor))
        graph.add((subject, SKOS.prefLabel, Literal("Restvärmebolaget", lang="sv")))
        graph.add((subject, SYM.actorType, URIRef("https://w3id.org/symbios/concept/actor-types/company")))
        graph.add((subject, SYM.evidence, evidence))
        graph.add((evidence, RDF.type, SYM.Evidence))
        graph.add((evidence, DCTERMS.source, URIRef(ID + "source/forstudie-om-restvarme-i-testby")))
        graph.add((evidence, SYM.locator, Literal("Avsnitt 1")))
        graph.add((evidence, SYM.quote, Literal(quote, lang="sv")))
        graph.add((evidence, SYM.supportsProperty, SKOS.prefLabel))
        graph.add((evidence, SYM.supportsProperty, SYM.actorType))
        return curation.save("actor", slug, graph, "test-curator", "From the new source", None, create=True)

    saved = actor("restvarmebolaget", "restvärme från bruket i Testby kan värma växthusen")
    assert saved.state == "draft"
    with pytest.raises(InvalidData) as refused:
        actor("restvarmebolaget-2", "restvärme från bruket i Uppsala kan värma växthusen")
    assert any("Uppsala" in (p.get("value") or "") for p in refused.value.details["problems"])


def test_a_bad_year_and_web_address_are_shown_at_their_fields_and_in_the_summary_with_the_values_kept(http, tokens):
    login(http, tokens)
    response = add(http, year="tjugo", url="ftp://example.org/x", **{"title.en": "Pre-study"})
    assert response.status_code == 422
    text = html.unescape(response.text)
    summary = text.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert '<a href="#source-year">Utgivningsåret ska vara ett årtal' in summary
    assert '<a href="#source-url">Webbadressen ska börja med http://' in summary
    assert re.search(r'<div class="field-error" id="year-error"><p>Utgivningsåret', text)
    assert 'value="tjugo" aria-describedby="source-year-hint year-error" aria-invalid="true"' in text
    assert 'value="ftp://example.org/x"' in text and 'value="Pre-study"' in text and "Förstudien beskriver hur restvärme" in text


def test_a_text_read_once_is_kept_for_the_next_try_so_it_need_not_be_sent_again(http, tokens, curation_app):
    login(http, tokens)
    refused = add(http, year="20x4")
    kept = re.search(r'name="text_file" value="([^"]+)"', refused.text).group(1)
    assert "Texten från förra försöket är redan inläst" in refused.text
    again = add(http, year="2024", text="", text_file=kept)
    assert again.status_code == 303, again.text
    version = curation_app.state.curation.current("source", "forstudie-om-restvarme-i-testby")
    assert str(version.graph().value(URIRef(ID + "source/forstudie-om-restvarme-i-testby"), SYM.fileName)) == kept


def test_no_text_at_all_is_asked_for_at_the_text_field(http, tokens):
    login(http, tokens)
    response = add(http, lang="en", text="")
    assert response.status_code == 422
    assert re.search(r'id="text-error"><p>Upload the source as a PDF, or paste its text.', html.unescape(response.text))


def test_a_title_whose_source_exists_asks_for_another_short_name(http, tokens):
    login(http, tokens)
    assert add(http).status_code == 303
    again = add(http)
    assert again.status_code == 422 and 'id="slug-error"' in again.text and "finns redan en källa" in again.text


def client_with(settings, store, **limits):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(dataclasses.replace(settings, **limits), store=store))


@pytest.fixture
def small(curation_settings, curation_store):
    """A client of an app that takes sources of at most 200 bytes."""
    return client_with(curation_settings, curation_store, source_max_bytes=200)


def test_pasted_text_over_the_size_limit_is_a_413_page_keeping_what_was_typed(small, tokens):
    http = small
    login(http, tokens)
    response = add(http, text="Restvärme från bruket. " * 20)
    assert response.status_code == 413
    text = html.unescape(response.text)
    assert "högst 200 tas emot" in text and 'value="Förstudie om restvärme i Testby"' in text


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(small, tokens):
    http = small
    login(http, tokens)
    response = add(http, text="x" * 200_000)
    assert response.status_code == 413 and "data-error-summary" in response.text


def test_a_post_without_the_sessions_csrf_token_saves_nothing(http, tokens, curation_app):
    login(http, tokens)
    response = add(http, csrf="forged")
    assert response.status_code == 403
    assert not any(v.record.endswith("forstudie-om-restvarme-i-testby") for v in curation_app.state.curation.pending())


PAGES = ["Avsnitt 1. Restvärme från bruket i Testby värmer växthusen sedan 2021.",
         "Avsnitt 2. Kommunen och bruket delar på kostnaden för ledningen."]


def pdf(pages=PAGES, text=True) -> bytes:
    """A PDF made here, one page per text (or, without text, pages holding only a drawn box, like a scan)."""
    from fpdf import FPDF

    document = FPDF()
    document.set_font("Helvetica", size=12)
    for page_text in pages:
        document.add_page()
        if text:
            document.multi_cell(0, 8, page_text)
        else:
            document.rect(20, 20, 150, 200, style="F")
    return bytes(document.output())


def upload(http, data: bytes, lang="sv", name="forstudie.pdf", **fields):
    return add(http, lang=lang, text="", files={"file": (name, data, "application/pdf")}, **fields)


def test_an_uploaded_pdfs_text_is_stored_with_a_form_feed_between_its_pages(http, tokens, curation_app):
    login(http, tokens)
    response = upload(http, pdf(), **{"title.en": "Pre-study on residual heat in Testby"})
    assert response.status_code == 303, response.text
    version = curation_app.state.curation.current("source", "forstudie-om-restvarme-i-testby")
    subject = URIRef(ID + "source/forstudie-om-restvarme-i-testby")
    graph = version.graph()
    text = curation_app.state.source_texts.read(str(graph.value(subject, SYM.fileName)))
    assert text.count("\f") == 1
    first, second = text.split("\f")
    assert "Restvärme från bruket i Testby värmer växthusen sedan 2021." in first
    assert "Kommunen och bruket delar på kostnaden för ledningen." in second
    assert version.state == "draft" and (subject, DCTERMS.title, Literal("Pre-study on residual heat in Testby", lang="en")) in graph


def test_a_file_that_is_no_pdf_is_a_415_at_the_file_field(http, tokens):
    login(http, tokens)
    response = upload(http, b"Hej, detta ar ingen PDF.", name="rapport.pdf")
    assert response.status_code == 415
    text = html.unescape(response.text)
    assert '<div class="field-error" id="file-error"><p>Filen är ingen PDF.' in text
    assert '<a href="#source-file">Filen är ingen PDF.' in text and 'value="Förstudie om restvärme i Testby"' in text


def test_a_scanned_pdf_without_text_asks_for_the_text_to_be_pasted(http, tokens):
    login(http, tokens)
    response = upload(http, pdf(text=False), lang="en")
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert "The PDF holds no text to quote (it is probably scanned). Paste the document's text" in text
    assert 'id="file-error"' in text and 'value="https://example.org/forstudie.pdf"' in text


def test_a_pdf_with_more_pages_than_the_limit_is_refused_asking_to_split_it(curation_settings, curation_store, tokens):
    http = client_with(curation_settings, curation_store, source_max_pages=1)
    login(http, tokens)
    response = upload(http, pdf())
    assert response.status_code == 422
    assert "PDF-filen har 2 sidor; högst 1 tas emot. Dela upp den, eller klistra in texten." in html.unescape(response.text)


def test_a_pdf_that_is_not_read_in_time_asks_for_the_text(curation_settings, curation_store, tokens):
    http = client_with(curation_settings, curation_store, source_extract_timeout=0.001)
    login(http, tokens)
    response = upload(http, pdf())
    assert response.status_code == 422 and "gick inte att läsa inom 0.001 sekunder" in html.unescape(response.text)


def test_a_pdf_over_the_size_limit_is_a_413_at_the_file_field(curation_settings, curation_store, tokens):
    http = client_with(curation_settings, curation_store, source_max_bytes=500)
    login(http, tokens)
    response = upload(http, pdf())
    assert response.status_code == 413 and 'id="file-error"' in response.text


def test_a_pdf_and_pasted_text_together_are_refused_at_the_text_field(http, tokens):
    login(http, tokens)
    response = add(http, files={"file": ("forstudie.pdf", pdf(), "application/pdf")})
    assert response.status_code == 422 and "Ladda upp en PDF eller klistra in text, inte båda." in response.text
