"""Sources in Chromium (#20 item 1): the list of sources and the new-source form, Swedish and
English, desktop and phone width, axe WCAG 2.1 AA on each page and on the form's error state; a
PDF made in the test uploaded through the form."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot

LIST = "/curate/sources"
NEW = "/curate/sources/new"


def _log_in(page, server, settings, target, name):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    token = Accounts(Database(settings.curation_location)).create(name, "curator")
    page.goto(f"{server}/login?next={target.replace('?', '%3F').replace('=', '%3D')}")
    page.locator("input[name=token]").fill(token)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{target.split('?')[0]}**")


def _pdf(path):
    from fpdf import FPDF

    document = FPDF()
    document.set_font("Helvetica", size=12)
    for text in ("Avsnitt 1. Restvärmen från bruket värmer växthusen i Testby sedan 2021.",
                 "Avsnitt 2. Kommunen och bruket delar på kostnaden för ledningen."):
        document.add_page()
        document.multi_cell(0, 8, text)
    document.output(str(path))
    return path


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_list_of_sources_shows_who_cites_each_and_passes_axe(server, settings, page, phone, lang):
    _log_in(page, server, settings, f"{LIST}?lang={lang}", f"sources-list-{lang}")
    assert page.locator("h1").inner_text() == ("Källor" if lang == "sv" else "Sources")
    first = page.locator("li.source").first
    assert first.locator("h2").inner_text()
    assert page.locator("ul.cited-by a").count() > 0
    shot(page, f"sources-list-{lang}")
    assert axe_violations(page) == []
    _log_in(phone, server, settings, f"{LIST}?lang={lang}", f"sources-list-phone-{lang}")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, f"sources-list-{lang}-phone")
    assert axe_violations(phone) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_new_source_form_and_its_errors_pass_axe_at_desktop_and_phone_width(server, settings, page, phone, lang):
    _log_in(page, server, settings, f"{NEW}?lang={lang}", f"sources-new-{lang}")
    assert page.locator("[data-picker-widget]").count() == 1  # the publisher picker, enhanced by pickers.js
    shot(page, f"source-new-{lang}")
    assert axe_violations(page) == []
    page.locator("#source-title-sv").fill("Förstudie i webbläsaren")
    page.locator("#source-year").fill("20x4")
    page.locator("#source-text").fill("Restvärme från bruket i Testby värmer växthusen och skolan.")
    page.watch.expected.append("422")  # the form comes back with its problems as a 422 page, on purpose
    page.locator("form.source-form button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    assert page.locator("#year-error").is_visible() and page.locator("#source-year").input_value() == "20x4"
    shot(page, f"source-new-{lang}-errors")
    assert axe_violations(page) == []
    _log_in(phone, server, settings, f"{NEW}?lang={lang}", f"sources-new-phone-{lang}")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, f"source-new-{lang}-phone")
    assert axe_violations(phone) == []


def test_a_curator_uploads_a_pdf_and_finds_the_new_draft_in_the_list(server, settings, page, tmp_path):
    _log_in(page, server, settings, f"{NEW}?lang=sv", "sources-upload")
    page.locator("#source-title-sv").fill("Restvärme i Testby, uppladdad förstudie")
    page.locator("#source-year").fill("2024")
    page.locator("#source-language").select_option("sv")
    page.locator("#source-url").fill("https://example.org/forstudie.pdf")
    page.locator("#source-file").set_input_files(str(_pdf(tmp_path / "forstudie.pdf")))
    page.locator("form.source-form button[type=submit]").click()
    page.wait_for_url("**/curate/sources?lang=sv&added=restvarme-i-testby-uppladdad-forstudie")
    assert "är sparad som utkast" in page.locator("[data-added]").inner_text()
    row = page.locator("li[data-source='restvarme-i-testby-uppladdad-forstudie']")
    assert "2024" in row.inner_text() and "utkast" in row.inner_text()
    shot(page, "sources-list-sv-added")
    assert axe_violations(page) == []
