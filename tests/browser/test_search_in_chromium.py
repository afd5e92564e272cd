"""The search page in a real browser as a municipality officer uses it (issue 21, item 5): find the
process-water cases by ticking the concept and by typing it in Swedish or in English (the same
initiatives), remove a filter by its chip, page through, sort; on a phone the page does not scroll
sideways; axe (WCAG 2.1 AA) on each state; screenshots in Swedish and English, desktop and phone.
"""

from __future__ import annotations

from .conftest import axe_violations, shot


def result_slugs(page) -> list[str]:
    """The initiatives of the search on every page of it, following "Nästa"/"Next"."""
    slugs = []
    while True:
        slugs += [href.split("?")[0].rsplit("/", 1)[-1]
                  for href in page.locator(".result-list h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
        following = page.locator("nav.pager a[rel=next]")
        if following.count() == 0:
            return slugs
        following.click()
        page.wait_for_load_state()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide on a {page.viewport_size['width']}px screen"


def tick(page, facet: str, label: str) -> None:
    """Tick a facet value, opening its panel and its "Visa fler" first when they are closed."""
    panel = page.locator(f"details[data-facet={facet}]")
    if panel.get_attribute("open") is None:
        panel.locator("summary").first.click()
    value = panel.locator("a.facet-value", has_text=label).first
    if not value.is_visible():
        value.locator("xpath=ancestor::details[contains(@class,'facet-more')][1]/summary").click()
    value.click()


def test_the_process_water_cases_are_the_same_ticked_as_a_concept_or_typed_in_swedish_or_english(server, page):
    page.goto(f"{server}/")
    tick(page, "resource", "Tekniskt vatten")
    page.wait_for_url("**resource=technical-water**")
    chip = page.locator("a.filter-chip[data-facet=resource]")
    assert " ".join(chip.inner_text().split()).startswith("Resurstyp: Tekniskt vatten")
    shot(page, "search-1-ticked-sv")
    assert axe_violations(page) == []
    ticked = result_slugs(page)
    assert "perstorp-oxo" in ticked

    page.goto(f"{server}/")
    page.get_by_label("Sök bland initiativ, aktörer och resurser").fill("tekniskt vatten")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**q=tekniskt+vatten**")
    first = page.locator(".result-list li.result").first
    assert first.locator("mark").count() > 0, "the snippet marks the words that matched"
    assert "Träff: begreppet Tekniskt vatten" in first.locator(".why").inner_text()
    shot(page, "search-2-typed-sv")
    assert axe_violations(page) == []
    typed_sv = result_slugs(page)

    page.goto(f"{server}/?lang=en")
    page.get_by_label("Search initiatives, actors and resources").fill("technical water")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=technical+water**")
    assert "Matched: the concept Technical water" in page.locator(".result-list li.result .why").first.inner_text()
    shot(page, "search-3-typed-en")
    assert axe_violations(page) == []
    typed_en = result_slugs(page)

    assert sorted(typed_sv) == sorted(ticked), "typing the concept's name finds what ticking it finds"
    assert sorted(typed_en) == sorted(typed_sv), "the English name finds the same initiatives"
    assert "perstorp-oxo" in typed_sv[:3], "a process-water case ranks high"


def test_a_chip_removes_its_filter_and_keeps_the_other_and_the_search_text(server, page):
    page.goto(f"{server}/?q=vatten&region=vastra-gotalands-lan&status=active")
    chips = page.locator("a.filter-chip")
    assert chips.count() == 3  # the search text and the two filters
    with_both = int(page.locator("#total").inner_text())
    page.locator("details[data-facet=region]").evaluate("d => d.open = false")  # a closed panel hides no filter
    assert page.locator("a.filter-chip[data-facet=region]").is_visible()
    shot(page, "search-4-chips")
    assert axe_violations(page) == []
    page.locator("a.filter-chip[data-facet=region]").click()
    page.wait_for_load_state()
    assert "region=" not in page.url and "status=active" in page.url and "q=vatten" in page.url
    assert int(page.locator("#total").inner_text()) >= with_both
    page.get_by_role("link", name="Rensa alla").click()
    page.wait_for_load_state()
    assert page.locator("a.filter-chip").count() == 0
    assert page.url.endswith("/?lang=sv")


def test_paging_through_and_sorting_keep_the_search(server, page):
    page.goto(f"{server}/?status=active")
    total = int(page.locator("#total").inner_text())
    assert total > 20
    assert page.locator("#result-count").inner_text().startswith("1–20 av")
    page.locator("nav.pager").get_by_role("link", name="Sida 2").click()
    page.wait_for_url("**offset=20**")
    assert page.locator("#result-count").inner_text().startswith("21–")
    assert "status=active" in page.url
    assert page.locator("nav.pager a[aria-current=page]").inner_text() == "2"
    shot(page, "search-5-page-2")
    assert axe_violations(page) == []
    page.select_option("#sort", "-start_year")
    page.locator("form.sort button").click()
    page.wait_for_url("**sort=-start_year**")
    assert "status=active" in page.url and "offset" not in page.url, "a new order starts on its first page"
    years = [int(t.rsplit(" ", 1)[-1]) for t in page.locator(".result .facts span", has_text="sedan").all_inner_texts()]
    assert years == sorted(years, reverse=True)


def test_a_search_that_finds_nothing_offers_did_you_mean(server, page):
    page.goto(f"{server}/?q=spillvarmmme&lang=en")
    assert page.locator("#total").inner_text() == "0"
    suggestion = page.locator(".did-you-mean a").first
    assert page.locator(".did-you-mean").inner_text().startswith("Did you mean")
    shot(page, "search-6-did-you-mean-en")
    assert axe_violations(page) == []
    suggestion.click()
    page.wait_for_load_state()
    assert int(page.locator("#total").inner_text()) > 0


def test_the_search_on_a_phone_has_no_sideways_scroll_and_puts_the_results_near_the_top(server, phone):
    for lang, url in (("sv", "/?q=tekniskt+vatten&region=vastra-gotalands-lan"), ("en", "/?q=technical+water&lang=en&status=active")):
        phone.goto(f"{server}{url}")
        no_sideways_scroll(phone)
        closed = phone.locator("details.facet:not([open])").count()
        assert closed >= 3, "on a phone the facet panels start closed, but those with a chosen value"
        assert phone.locator("a.filter-chip").first.is_visible()
        shot(phone, f"search-7-phone-{lang}")
        assert axe_violations(phone) == []
    phone.goto(f"{server}/?offset=20")
    no_sideways_scroll(phone)
    phone.locator("details[data-facet=barrier] summary").first.click()
    phone.locator("details[data-facet=barrier] .facet-more > summary").first.click()
    no_sideways_scroll(phone)
    shot(phone, "search-8-phone-facets-sv")
    assert axe_violations(phone) == []


def test_the_search_on_a_desktop_in_english_shows_the_same_pieces(server, page):
    page.goto(f"{server}/?lang=en&q=waste+heat&kind=bilateral-symbiosis")
    assert page.locator("a.filter-chip[data-facet=kind]").inner_text().split(":")[0].strip() == "Kind of initiative"
    assert page.get_by_role("link", name="Clear all").is_visible()
    assert page.locator("label[for=sort]").inner_text() == "Sort by"
    shot(page, "search-9-desktop-en")
    assert axe_violations(page) == []
