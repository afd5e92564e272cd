"""An officer's links in Chromium (#21 items 1 and 8): a newsletter link with tracking parameters opens
the search in Swedish and in English, the nav keeps the language, the about page reads at desktop and
phone width with no WCAG 2.1 AA problem axe finds, and the search's "Ladda ner: CSV" downloads every
matching initiative. No request leaves localhost, no console error (the fixtures check).
Screenshots: officer-newsletter-{sv,en}, officer-about-{sv,en}-{desktop,phone}, officer-nav-phone."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import axe_violations, shot

TRACKING = "utm_source=nyhetsbrev&utm_medium=email&utm_campaign=december&fbclid=IwAR0xyz&mc_cid=ab12"
NAV = ["/", "/map", "/similar", "/opportunities", "/concept", "/stats", "/about"]


def _nav_links(page) -> list[str]:
    return page.eval_on_selector_all("nav.site-nav a", "links => links.map(a => a.getAttribute('href'))")


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


@pytest.mark.parametrize("lang, heading", [("sv", "Initiativ"), ("en", "initiatives")])
def test_a_newsletter_link_with_tracking_parameters_opens_the_search(page, server, lang, heading):
    response = page.goto(f"{server}/?region=vastra-gotalands-lan&lang={lang}&{TRACKING}")
    assert response.status == 200
    assert heading in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == lang
    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [link for link in links if "utm_" in link or "fbclid" in link or "mc_cid" in link]
    assert [link.split("?")[0] for link in _nav_links(page)] == NAV
    assert all(link.endswith(f"lang={lang}") for link in _nav_links(page))
    shot(page, f"officer-newsletter-{lang}")


def test_a_regional_language_tag_opens_the_page_in_its_language_and_the_switch_keeps_the_search(page, server):
    page.goto(f"{server}/?q=spillv%C3%A4rme&lang=en-GB&{TRACKING}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "q=spillv" in page.url and "utm_" not in page.url
    page.locator("nav.site-nav").get_by_role("link", name="Om", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/about?lang=sv")
    assert page.locator("h1").inner_text() == "Om Symbios"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_about_page_reads_at_desktop_width_with_no_accessibility_problem(page, server, lang):
    page.goto(f"{server}/about?lang={lang}&{TRACKING}")
    text = page.locator("main").inner_text()
    assert "CC BY 4.0" in text and "Symbios (20" in text
    assert ("Så citerar du en post" if lang == "sv" else "How to cite a record") in text
    assert page.locator("footer a[href='/sparql?lang=%s']" % lang).count() == 1
    assert page.locator("footer a[href='/export/catalogue.ttl']").count() == 1
    assert axe_violations(page) == []
    shot(page, f"officer-about-{lang}-desktop")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_about_page_and_the_nav_fit_a_phone(phone, server, lang):
    phone.goto(f"{server}/about?lang={lang}")
    _no_horizontal_scroll(phone)
    nav = phone.locator("nav.site-nav")
    assert nav.bounding_box()["width"] <= 390
    for link in nav.locator("a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
    assert axe_violations(phone) == []
    shot(phone, f"officer-about-{lang}-phone")
    phone.goto(f"{server}/?lang={lang}&{TRACKING}")
    _no_horizontal_scroll(phone)
    if lang == "sv":
        shot(phone, "officer-nav-phone")


def test_the_search_listing_downloads_as_csv_through_the_pages_link(page, server):
    page.goto(f"{server}/?region=vastra-gotalands-lan&lang=sv&{TRACKING}")
    total = int(page.locator("#total").inner_text().replace("\u00a0", ""))
    with page.expect_download() as started:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = started.value
    assert download.suggested_filename == "symbios-initiativ.csv"
    body = open(download.path(), "rb").read().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:3] == ["Namn", "Sida", "IRI"]
    assert len(rows) - 1 == total > 1  # every matching initiative, not one page
    assert all("Västra Götalands län" in row[6] for row in rows[1:])
    assert "utm_" not in download.url
