"""The officer's finding pages in Chromium: describe our plans and get similar initiatives with reasons;
find partners for surplus heat within 50 km; Swedish and English, desktop and phone, axe on every state."""

from __future__ import annotations

from .conftest import axe_violations, shot


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide on a {page.viewport_size['width']} px screen"


def test_describe_our_plans_and_get_similar_initiatives_with_reasons(server, page):
    page.goto(f"{server}/similar")
    assert axe_violations(page) == []
    shot(page, "finding-1-similar-empty")
    page.get_by_label("Vår kommun").select_option(label="Stenungsund")
    page.get_by_label("Vi är").select_option("company")
    have = page.locator("details[data-picker]", has=page.locator("input[name=have]"))
    have.locator("summary").click()
    have.get_by_label("Filtrera listan").fill("restvärme")
    assert have.locator("li:not(.filtered-out) input[value=waste-heat]").is_visible()
    assert not have.locator("input[value=technical-water]").is_visible(), "the filter hides what does not match"
    have.get_by_label("Restvärme", exact=True).check()
    need = page.locator("details[data-picker]", has=page.locator("input[name=need]"))
    need.locator("summary").click()
    need.get_by_label("Tekniskt vatten", exact=True).check()
    page.get_by_role("button", name="Visa liknande initiativ").click()
    page.wait_for_url("**have=waste-heat**")
    assert "need=technical-water" in page.url and "municipality=stenungsund-kommun" in page.url
    results = page.locator(".similar")
    assert results.count() >= 3
    first = results.first
    assert first.locator(".likeness-word").inner_text() in ("Stark likhet", "Medelstark likhet", "Svag likhet")
    assert first.locator(".reasons li").count() >= 1
    assert page.locator(".reasons li", has_text="tekniskt vatten").count() >= 1
    assert page.locator(".picker-chosen", has_text="Restvärme").count() >= 1, "the summary names what is chosen"
    assert axe_violations(page) == []
    shot(page, "finding-2-similar-results-sv")
    page.get_by_role("link", name="Vem kan ta emot restvärme?").click()
    page.wait_for_url("**/opportunities?resource=waste-heat**")
    assert page.locator(".partner", has_text="Göteborg Energi").count() == 1
    page.go_back()
    first.locator("h3 a").click()
    page.wait_for_url("**/id/initiative/**")
    assert page.url.endswith("lang=sv")


def test_an_unknown_concept_in_a_shared_link_is_shown_at_its_field_in_english(server, page):
    page.goto(f"{server}/similar?have=waste-heat&need=no-such-thing&lang=en")
    message = page.locator("#need-error")
    assert "no-such-thing" in message.inner_text()
    assert page.locator("details[data-picker]", has=message).get_attribute("open") is not None
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".similar").count() >= 1, "the rest of the form still answers"
    assert page.locator("input[name=have][value=waste-heat]").is_checked()
    assert axe_violations(page) == []
    shot(page, "finding-3-similar-field-error-en")


def test_describe_our_plans_on_a_phone(server, phone):
    phone.goto(f"{server}/similar?have=waste-heat&need=technical-water&municipality=stenungsund-kommun&lang=en")
    assert phone.locator(".similar").count() >= 3
    assert phone.locator(".reasons li").count() >= 3
    no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "finding-4-similar-phone-en")


def test_find_partners_for_surplus_heat_within_50_km(server, page):
    page.goto(f"{server}/opportunities")
    assert axe_violations(page) == []
    shot(page, "finding-5-partners-empty")
    picker = page.locator("details[data-picker]", has=page.locator("input[name=resource]"))
    picker.get_by_label("Filtrera listan").fill("spillvärme")  # another name of Restvärme
    assert not picker.locator("input[value=technical-water]").is_visible()
    picker.get_by_label("Restvärme", exact=True).check()
    page.get_by_label("Vi har den – vem kan ta emot den?").check()
    page.get_by_label("Vår kommun").select_option(label="Stenungsund")
    page.get_by_label("Hur långt bort").select_option("50")
    page.get_by_role("button", name="Hitta samarbetspartner").click()
    page.wait_for_url("**resource=waste-heat**")
    partners = page.locator(".partner")
    assert partners.count() >= 1
    assert "inom 50" in page.locator("#results-title").inner_text()
    for text in partners.locator(".facts").all_inner_texts():
        km = [int(part.split("km")[0].replace("\u00a0", "").strip()) for part in text.split("·")[1:]]
        assert km and min(km) <= 50, text
    assert page.locator(".partner", has_text="Göteborg Energi").locator(".reasons a").count() >= 1
    assert axe_violations(page) == []
    shot(page, "finding-6-partners-sv")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en**")
    assert "that receive" in page.locator("#results-title").inner_text()  # "1 actor that receives", "3 actors that receive"
    assert "within 50" in page.locator("#results-title").inner_text()
    assert axe_violations(page) == []
    shot(page, "finding-7-partners-en")
    page.locator(".partner h3 a").first.click()
    page.wait_for_url("**/id/actor/**")


def test_find_partners_on_a_phone(server, phone):
    phone.goto(f"{server}/opportunities?resource=waste-heat&direction=have&municipality=stenungsund-kommun&within=100")
    assert phone.locator(".partner").count() >= 1
    no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "finding-8-partners-phone-sv")
    phone.goto(f"{server}/opportunities?lang=en")
    no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "finding-9-partners-phone-empty-en")
