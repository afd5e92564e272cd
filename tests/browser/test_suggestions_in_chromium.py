"""The suggestions panel on the edit page in Chromium (#20 item 4): choose a source and a section,
add one suggestion to the form (the event the form's script takes), reject another, axe and phone width."""

from __future__ import annotations

from .conftest import SCREENSHOTS, axe_violations, shot

EDIT = "/curate/initiative/sotenas-symbiosnatverk"
RISE = "https://w3id.org/symbios/id/source/rise-kunskapsunderlag-ius"


def _log_in(page, server, settings, lang="sv"):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    token = Accounts(Database(settings.curation_location)).create(f"suggestions-{lang}", "curator")
    page.goto(f"{server}/login?next={EDIT}%3Flang%3D{lang}")
    page.locator("input[name=token]").fill(token)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{EDIT}**")
    page.evaluate("""() => { window.accepted = [];
        document.addEventListener('symbios:accept-suggestion', (e) => window.accepted.push(e.detail)); }""")


def _suggestions_of_appendix(page, lang="sv"):
    panel = page.locator("section[data-suggestions]")
    panel.locator("[data-suggestions-source]").select_option(RISE)
    panel.locator("[data-suggestions-run]").click()
    panel.locator("[data-suggestions-section] option[value='Bilaga A4']").wait_for(state="attached")
    panel.locator("[data-suggestions-section]").select_option("Bilaga A4")
    page.wait_for_function("() => document.querySelector('[data-suggestions-status]').textContent.match(/^\\d+/)")
    return panel


def test_a_curator_adds_a_suggestion_from_an_appendix_and_rejects_another(server, settings, page):
    _log_in(page, server, settings)
    panel = _suggestions_of_appendix(page)
    water = panel.locator("li.suggestion", has_text="Processvatten").first
    assert "processvatten" in water.locator(".suggestion-why").inner_text()
    assert "Bilaga A4" in water.inner_text()
    water.get_by_role("button", name="Lägg till: Processvatten").click()
    accepted = page.evaluate("() => window.accepted")
    assert accepted[0]["value"].endswith("/resource-types/process-water")
    assert accepted[0]["target"] == {"group": "hasExchange", "key": "resourceType"}
    assert accepted[0]["evidence"]["source"] == RISE and accepted[0]["evidence"]["locator"] == "Bilaga A4"
    assert "Tillagd" in water.inner_text()
    actor = panel.locator("section[data-kind=actor] li.suggestion").first
    name, rejected = actor.locator(".suggestion-label").inner_text(), actor.get_attribute("data-suggestion")
    actor.get_by_role("button", name=f"Avvisa: {name}").click()
    assert panel.locator(f"li[data-suggestion='{rejected}']").count() == 0
    shot(page, "suggestions-sv")
    page.evaluate("() => document.querySelector('section[data-suggestions] h2').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "suggestions-sv-panel.png"))
    assert axe_violations(page) == []
    page.reload()
    panel = _suggestions_of_appendix(page)
    assert panel.locator(f"li[data-suggestion='{rejected}']").count() == 0
    assert "avvisade" in panel.locator("[data-suggestions-status]").inner_text()


def test_the_panel_speaks_english_and_fits_a_phone(server, settings, phone):
    _log_in(phone, server, settings, lang="en")
    panel = _suggestions_of_appendix(phone)
    assert panel.get_by_role("heading", name="Suggestions from the source").count() == 1
    assert panel.locator("button[data-accept]").first.get_attribute("aria-label").startswith("Add: ")
    assert "because" not in panel.inner_text() and panel.locator("button", has_text="Reject").count() > 0
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    shot(phone, "suggestions-en-phone")
    phone.evaluate("() => document.querySelector('section[data-suggestions] h2').scrollIntoView()")
    phone.screenshot(path=str(SCREENSHOTS / "suggestions-en-phone-panel.png"))
    assert width <= 400, f"the page is {width}px wide on a 390px screen"
    assert axe_violations(phone) == []
