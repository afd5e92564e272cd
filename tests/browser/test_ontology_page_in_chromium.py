"""The ontology page (/def) in Chromium (#22 item 4): in Swedish and English, at desktop and phone width,
with no request leaving localhost, no console error, no WCAG 2.1 AA problem axe can find and no
sideways scrolling on a phone; the contents lead to the entries. Screenshots: ontology-{sv,en}-{desktop,phone}."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot

HEADINGS = {"sv": ("Innehåll", "Klasser", "Relationer", "Vokabulärer"), "en": ("Contents", "Classes", "Relations", "Vocabularies")}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_ontology_page_reads_in_its_language_and_meets_wcag_2_1_aa(server, page, lang):
    page.goto(f"{server}/def?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    headings = page.locator("h2").all_inner_texts()
    for heading in HEADINGS[lang]:
        assert heading in headings
    shot(page, f"ontology-{lang}-desktop")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_ontology_page_fits_a_phone(server, phone, lang):
    phone.goto(f"{server}/def?lang={lang}")
    shot(phone, f"ontology-{lang}-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_term_in_the_contents_leads_to_its_entry_and_its_value_to_the_next(server, page):
    page.goto(f"{server}/def?lang=en")
    page.locator(".ontology-toc a", has_text="has role").click()
    page.wait_for_url("**#hasRole")
    assert page.locator("#hasRole").is_visible()
    page.locator("section.term:has(#hasRole) dd a", has_text="Role").click()
    page.wait_for_url("**#Role")
    assert page.locator("#Role").inner_text() == "Role"
