"""The pages in a real browser: Playwright driving Debian's headless Chromium against a live server.

Screenshots of each page go to var/test-artefacts/screenshots/. Every page must load without
console errors, and no request may leave localhost (map tiles are switched off here).
"""

from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS, axe_violations, shot


def test_search_facet_open_an_initiative_see_its_symbiosis_map_and_switch_to_english(server, page):
    page.goto(f"{server}/")
    page.get_by_label("Sök bland initiativ, aktörer och resurser").fill("tekniskt vatten")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**q=tekniskt+vatten**")
    total = int(page.locator("#total").inner_text())
    assert total >= 3
    shot(page, "1-search")
    page.locator("details[data-facet=region] a", has_text="Västra Götalands län").click()
    page.wait_for_url("**region=vastra-gotalands-lan**")
    assert 0 < int(page.locator("#total").inner_text()) <= total
    shot(page, "2-facet")
    page.get_by_role("link", name="Perstorp Oxo AB – tekniskt vatten i Stenungsund").click()
    page.wait_for_function("() => window.symbiosisMap !== undefined")
    nodes = page.evaluate("window.symbiosisMap.nodes().map(n => n.data('label'))")
    edges = page.evaluate("window.symbiosisMap.edges().map(e => e.data('label'))")
    assert "Perstorp Oxo AB" in nodes
    assert "Tekniskt vatten" in edges
    rows = page.locator("table.exchanges tbody tr").count()
    assert len(edges) == rows, "the map draws every exchange in the table"
    shot(page, "3-initiative")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Technical water" in page.evaluate("window.symbiosisMap.edges().map(e => e.data('label'))")
    shot(page, "4-english")


def test_the_map_page_places_initiatives_and_filters_like_the_search(server, page):
    page.goto(f"{server}/map?resource=technical-water")
    page.wait_for_function("() => window.symbiosMap !== undefined")
    filtered = page.evaluate("window.symbiosMap.markers")
    page.goto(f"{server}/map")
    page.wait_for_function("() => window.symbiosMap !== undefined")
    everything = page.evaluate("window.symbiosMap.markers")
    assert 0 < filtered < everything
    assert page.evaluate("window.symbiosMap.inGroup()") == everything, "every marker is in the cluster group"
    assert 0 < page.locator(".leaflet-marker-icon.leaflet-interactive").count() <= everything  # clusters hold the rest
    shot(page, "5-map")


def test_pages_are_readable_on_a_phone(server, browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/id/initiative/kemiklustret-stenungsund")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SCREENSHOTS / "6-phone.png"), full_page=False)
    context.close()
    assert width <= 400, f"the page is {width}px wide on a 390px screen"


def test_a_curator_logs_in_sees_a_shape_violation_at_its_field_fixes_it_and_finds_the_version_in_history(server, settings, page):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    token = Accounts(Database(settings.curation_location)).create("browser-curator", "reviewer")
    page.goto(f"{server}/id/initiative/ash2salt")
    page.get_by_role("link", name="Redigera posten (redaktörer)").click()
    page.wait_for_url("**/login**")
    page.get_by_label("Din API-nyckel (token)").fill(token)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/curate/initiative/ash2salt**")
    shot(page, "7-edit-form")
    page.locator("#startYear").fill("tjugohundra")
    page.get_by_role("button", name="Spara utkast").click()
    error = page.locator("fieldset[data-field=startYear] .field-error")
    assert "heltal" in error.first.inner_text()
    assert any("belägg" in text for text in error.all_inner_texts()), "a new year also needs its quote"
    assert page.locator(".field-error").count() == error.count(), "the messages sit at the field they are about, nowhere else"
    shot(page, "8-violation-at-field")
    assert axe_violations(page) == [], "the form with its message meets WCAG 2.1 AA"
    page.locator("#startYear").fill("")  # the source gives no year: leave it out
    page.locator("#howStarted-en").fill("Ragnsells already had a plant at Högbytorp supplying fuel to E.ON's CHP plant.")
    page.locator("fieldset[data-field=howStarted] details.evidence-new summary").click()
    block = page.locator("fieldset[data-field=howStarted] fieldset.evidence")
    block.locator("select").select_option("https://w3id.org/symbios/id/source/rise-kunskapsunderlag-ius")
    block.get_by_label("Var i källan").fill("Bilaga A15")
    block.get_by_label("Citat ur källan").fill("Ragnsells har sedan tidigare en anläggning vid Högbytorp som levererar "
                                              "brännbart material till E.ON:s kraftvärmeverk.")
    page.locator("#message").fill("Engelsk text enligt källan")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_url("**/history**")
    latest = page.locator("li.version").first
    assert "Engelsk text enligt källan" in latest.inner_text() and "utkast" in latest.inner_text()
    assert "Högbytorp supplying fuel" in latest.inner_text(), "the change is shown in words, with its new text"
    shot(page, "9-history")
    assert axe_violations(page) == [], "the history page meets WCAG 2.1 AA"


def test_the_sparql_page_has_an_editor_runs_an_example_and_shows_a_table(server, page):
    page.goto(f"{server}/sparql")
    page.wait_for_function("() => window.sparqlEditor !== undefined")
    page.locator(".examples a").first.click()
    page.wait_for_selector("#result-count")
    assert page.locator("table.results tbody tr").count() > 0
    shot(page, "10-sparql")
    page.watch.expected.append("status of 400 (Bad Request)")  # the syntax error below, answered as designed
    page.evaluate("window.sparqlEditor.setValue('SELECT * WHERE { ?s ?p }')")
    page.get_by_role("button", name="Kör frågan").click()
    page.wait_for_selector("#sparql-results .field-error")
    assert "line" in page.locator("#sparql-results .field-error").inner_text()


def test_the_api_documentation_shows_the_listing_with_its_filters_and_nothing_comes_from_outside(server, page):
    page.goto(f"{server}/docs")
    listing = "#operations-JSON_API-api_initiatives_api_initiatives_get"
    page.wait_for_selector(listing)
    assert page.locator(".opblock-tag").first.inner_text().startswith("JSON API")  # readers' section first
    page.locator(f"{listing} .opblock-summary").click()
    page.wait_for_selector(f"{listing} tr[data-param-name='resource']")
    shot(page, "11-api-docs")


# -- accessibility: axe-core (npm, a devDependency) checks labels, names, contrast, landmarks --------

PAGES = {
    "home": "/",
    "search": "/?q=tekniskt+vatten&region=vastra-gotalands-lan",
    "initiative": "/id/initiative/perstorp-oxo",
    "initiative-en": "/id/initiative/kemiklustret-stenungsund?lang=en",
    "actor": "/id/actor/perstorp-oxo",
    "concept": "/concept/resource-types/waste-heat",
    "scheme": "/concept/resource-types",
    "map": "/map",
    "sparql": "/sparql",
    "login": "/login",
    # the officer's pages (#21)
    "about": "/about",
    "about-en": "/about?lang=en",
    "stats": "/stats",
    "similar": "/similar?have=waste-heat&need=technical-water&municipality=stenungsund-kommun",
    "opportunities-en": "/opportunities?resource=waste-heat&direction=have&municipality=stenungsund-kommun&within=50&lang=en",
    "concepts": "/concept",
    "place": "/id/place/stenungsund-kommun",
    "county-en": "/id/place/vastra-gotalands-lan?lang=en",
    "source": "/id/source/guide-7-byggstenar",
    "newsletter-link": "/?utm_source=nyhetsbrev&utm_medium=email&fbclid=x&lang=sv-SE",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_meets_wcag_2_1_aa_as_axe_checks_it(server, page, name):
    page.goto(f"{server}{PAGES[name]}")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == [], f"{PAGES[name]}"


def test_the_search_works_from_the_keyboard_alone_with_a_visible_focus(server, page):
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert skip == "skip" and page.locator("a.skip").is_visible(), "the first Tab shows the skip link"
    page.keyboard.press("Enter")
    for _ in range(10):  # from the main content, the search box is a few Tabs away
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    assert page.evaluate("document.activeElement.type") == "search"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused field shows where the focus is"
    page.keyboard.type("tekniskt vatten")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=tekniskt+vatten**")
    for _ in range(200):  # Tab on until a result link has the focus, then open it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.result-list h2') !== null"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target and target.startswith("/id/initiative/")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target.split('?')[0]}**")


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_a_phone_without_sideways_scrolling(server, phone, name):
    phone.goto(f"{server}{PAGES[name]}")
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{PAGES[name]} is {width}px wide on a 390px screen"
