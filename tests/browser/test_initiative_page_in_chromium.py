"""An officer reads an initiative page (#21 item 6) in Chromium: the summary at the top, a reference
badge opened with the mouse and from the keyboard, the symbiosis map with its legend and no
overlapping labels, and at phone width the exchanges as a table with no horizontal scroll. Swedish
and English, axe WCAG 2.1 AA, screenshots in var/test-artefacts/screenshots/initiative-*.png."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot

SOTENAS = "/id/initiative/sotenas-symbiosnatverk"
PERSTORP = "/id/initiative/perstorp-oxo"
SOTENAS_HEIGHT_BEFORE = 7143  # px at 1280 px wide, before #21 item 6 (no summary, badges or folding)

LABEL_OVERLAPS = """() => {
  const cy = window.symbiosisMap;
  const box = (e) => e.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false});
  const meets = (a, b) => a.w > 0 && b.w > 0 && a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const shown = cy.edges().filter((e) => e.style('label') !== '').map((e) => [e.data('label'), box(e)]);
  const nodes = cy.nodes().map((n) => [n.data('label'), box(n)]);
  const found = [];
  shown.forEach(([a, boxA], i) => {
    shown.slice(i + 1).forEach(([b, boxB]) => { if (meets(boxA, boxB)) found.push(a + ' / ' + b); });
    nodes.forEach(([b, boxB]) => { if (meets(boxA, boxB)) found.push(a + ' / node ' + b); });
  });
  return {shown: shown.length, edges: cy.edges().length, overlaps: found};
}"""


def _open(page, server, path, lang):
    page.goto(f"{server}{path}?lang={lang}")
    page.wait_for_function("() => window.symbiosisMap !== undefined")


@pytest.mark.parametrize("path, lang", [(SOTENAS, "sv"), (SOTENAS, "en"), (PERSTORP, "sv"), (PERSTORP, "en")])
def test_an_officer_reads_the_summary_opens_a_reference_and_sees_the_map_with_a_legend(server, page, path, lang):
    _open(page, server, path, lang)
    summary = page.locator("section.summary")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box["y"] + box["height"] < 900, "the whole summary is above the fold"
    assert page.locator("nav.contents").is_visible()
    status = "Status" if lang == "en" else "Status"
    assert status in summary.inner_text()

    badge = summary.locator("details.ref").first
    quote = badge.locator(".ref-body q")
    assert not quote.is_visible()
    badge.locator("summary").click()
    assert quote.is_visible() and len(quote.inner_text()) > 10
    assert badge.locator(".ref-where").inner_text().strip()

    legend = page.locator("figcaption.symbiosis-legend")
    assert legend.is_visible()
    assert ("aktör" if lang == "sv" else "actor") in legend.inner_text()
    edges = page.evaluate("window.symbiosisMap.edges().length")
    assert edges == page.locator("table.exchanges tbody tr").count(), "one table row per edge"
    labels = page.evaluate(LABEL_OVERLAPS)
    assert labels["overlaps"] == [], labels
    assert labels["shown"] >= (labels["edges"] + 1) // 2, f"most edge labels are shown: {labels}"
    assert axe_violations(page) == []
    shot(page, f"initiative-{path.rsplit('/', 1)[-1]}-{lang}")


def test_a_reference_badge_opens_from_the_keyboard_and_its_quote_is_in_the_numbered_list(server, page):
    _open(page, server, SOTENAS, "en")
    badge = page.locator("#exchanges details.ref").first
    badge.locator("summary").focus()
    page.keyboard.press("Enter")
    assert badge.get_attribute("open") is not None
    quote = badge.locator(".ref-body q").inner_text()
    page.keyboard.press("Escape")
    assert badge.get_attribute("open") is None, "Escape closes it"
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY", "and the focus stays on the badge"
    page.keyboard.press("Enter")
    other = page.locator("#drivers details.ref").first
    other.locator("summary").click()
    assert other.get_attribute("open") is not None and badge.get_attribute("open") is None, "one open at a time"
    other.locator("summary").click()
    badge.locator("summary").click()
    badge.locator("a.ref-all").click()
    target = page.evaluate("location.hash")
    assert target.startswith("#ref-")
    assert page.locator(f"{target} q").inner_text() == quote
    assert page.locator(f"{target} q").get_attribute("lang") == "sv"


def test_pointing_at_an_exchange_row_shows_its_label_on_the_map(server, page):
    _open(page, server, SOTENAS, "sv")
    quiet = page.evaluate("window.symbiosisMap.edges('.quiet').map(e => e.id())")
    row = page.locator(f"table.exchanges tr[data-edge={quiet[0] if quiet else 'exchange-1'}]")
    row.hover()
    edge = quiet[0] if quiet else "exchange-1"
    assert page.evaluate(f"window.symbiosisMap.getElementById('{edge}').style('label')") != ""
    assert "highlight" in row.get_attribute("class")


def test_the_sotenas_page_is_shorter_than_before(server, page):
    _open(page, server, SOTENAS, "sv")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"Sotenäs page height at 1280 px: {SOTENAS_HEIGHT_BEFORE} before, {height} now")
    assert height < SOTENAS_HEIGHT_BEFORE * 0.9


@pytest.mark.parametrize("path, lang", [(SOTENAS, "sv"), (SOTENAS, "en"), (PERSTORP, "sv"), (PERSTORP, "en")])
def test_on_a_phone_the_exchanges_are_a_table_without_horizontal_scroll(server, phone, path, lang):
    phone.goto(f"{server}{path}?lang={lang}")
    phone.wait_for_load_state("load")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    rows = phone.locator("table.exchanges tbody tr")
    assert rows.first.is_visible()
    assert rows.count() >= 3
    assert not phone.locator("#symbiosis-map").is_visible(), "the table instead of the diagram"
    assert phone.locator("section.summary").is_visible()
    phone.locator("section.summary details.ref summary").first.click()
    assert phone.locator("section.summary details.ref .ref-body").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "an open reference stays on the screen"
    assert axe_violations(phone) == []
    shot(phone, f"initiative-phone-{path.rsplit('/', 1)[-1]}-{lang}")
