"""Place, source, actor and vocabulary pages in Chromium, as an officer opens them: our municipality's
page in Swedish and English on a desktop and a phone, a source page, a scheme's tree; axe on each."""

from __future__ import annotations

import json

import pytest

from .conftest import SCREENSHOTS, axe_violations, shot

STENUNGSUND = "/id/place/stenungsund-kommun"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_our_municipalitys_page_lists_its_initiatives_on_a_desktop(server, page, lang):
    page.goto(f"{server}{STENUNGSUND}?lang={lang}")
    page.wait_for_load_state("networkidle")
    shot(page, f"place-stenungsund-{lang}-desktop")
    assert page.locator("h1").inner_text() == "Stenungsund"
    cards = page.locator("#initiatives ~ .cards .card h3 a, section[aria-labelledby=initiatives] .card h3 a")
    assert cards.count() >= 2
    assert "/id/initiative/perstorp-oxo" in [cards.nth(i).get_attribute("href").split("?")[0] for i in range(cards.count())]
    counts = page.locator(".counts").inner_text()
    assert ("initiativ" if lang == "sv" else "initiatives") in counts
    markers = json.loads(page.locator("#place-map").get_attribute("data-markers"))
    assert {m["slug"] for m in markers} >= {"perstorp-oxo", "kemiklustret-stenungsund"}
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_our_municipalitys_page_reads_on_a_phone(server, phone, lang):
    phone.goto(f"{server}{STENUNGSUND}?lang={lang}")
    phone.wait_for_load_state("networkidle")
    shot(phone, f"place-stenungsund-{lang}-phone")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []


def test_the_county_page_leads_to_its_municipalities(server, page):
    page.goto(f"{server}/id/place/vastra-gotalands-lan")
    page.wait_for_load_state("networkidle")
    shot(page, "place-vastra-gotaland-sv-desktop")
    page.get_by_role("link", name="Stenungsund", exact=True).first.click()
    page.wait_for_url(f"**{STENUNGSUND}**")
    assert axe_violations(page) == []


def test_a_source_page_shows_the_quotes_that_cite_it(server, page, phone):
    page.goto(f"{server}/id/source/guide-7-byggstenar?lang=en")
    page.wait_for_load_state("networkidle")
    shot(page, "source-guide-en-desktop")
    assert page.locator("blockquote").count() > 0
    assert page.locator("blockquote[lang=sv]").count() == page.locator("blockquote").count()  # Swedish quotes marked
    assert axe_violations(page) == []
    phone.goto(f"{server}/id/source/guide-7-byggstenar")
    phone.wait_for_load_state("networkidle")
    shot(phone, "source-guide-sv-phone")
    phone.screenshot(path=str(SCREENSHOTS / "source-guide-sv-phone-top.png"))  # the first screen, readable at full size
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []


def test_an_actor_page_shows_where_and_in_what_the_actor_takes_part(server, page, phone):
    page.goto(f"{server}/id/actor/perstorp-oxo?lang=en")
    page.wait_for_load_state("networkidle")
    shot(page, "actor-perstorp-en-desktop")
    assert page.locator("table.exchanges").count() > 0
    assert axe_violations(page) == []
    phone.goto(f"{server}/id/actor/perstorp-oxo")
    phone.wait_for_load_state("networkidle")
    shot(phone, "actor-perstorp-sv-phone")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []


def test_the_concept_browser_leads_from_the_schemes_to_a_concept_and_its_initiatives(server, page, phone):
    page.goto(f"{server}/concept")
    page.wait_for_load_state("networkidle")
    shot(page, "concept-index-sv-desktop")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Resurstyper").click()
    page.wait_for_url("**/concept/resource-types**")
    shot(page, "scheme-resource-types-sv-desktop")
    assert page.locator(".tree ul ul").count() > 0, "the scheme is a tree"
    assert axe_violations(page) == []
    page.locator(".tree a.concept-name", has_text="Flygaska").click()
    page.wait_for_url("**/concept/resource-types/fly-ash**")
    shot(page, "concept-fly-ash-sv-desktop")
    assert "19 01 14" in page.locator("table.mappings").inner_text()
    assert axe_violations(page) == []
    phone.goto(f"{server}/concept/resource-types?lang=en")
    phone.wait_for_load_state("networkidle")
    shot(phone, "scheme-resource-types-en-phone")
    phone.screenshot(path=str(SCREENSHOTS / "scheme-resource-types-en-phone-top.png"))
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
