"""The statistics page in Chromium: every chart is drawn by Chart.js with one bar per table row,
in Swedish and English, at desktop and phone width, with no request leaving localhost, no console
error and no WCAG 2.1 AA problem axe can find (#21 item 4). Screenshots: stats-{sv,en}-{desktop,phone}."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot

CHARTS = ["exchanges-by-category", "initiatives-by-region", "initiatives-by-kind", "initiatives-by-driver",
          "initiatives-by-barrier", "initiatives-by-start-year"]
#: Per chart: its label count, its bar count per dataset and the dataset labels, as Chart.js holds them.
DRAWN = """() => Array.from(document.querySelectorAll('canvas')).map(canvas => {
    const chart = Chart.getChart(canvas);
    return chart && {id: canvas.id.replace(/-canvas$/, ''), labels: chart.data.labels,
                     bars: chart.data.datasets.map((d, i) => chart.getDatasetMeta(i).data.length),
                     series: chart.data.datasets.map(d => d.label)};
})"""


def _open(page, server, lang):
    page.goto(f"{server}/stats?lang={lang}")
    page.wait_for_function("() => document.querySelectorAll('canvas').length === 6 && "
                           "Array.from(document.querySelectorAll('canvas')).every(c => Chart.getChart(c))")
    return {chart["id"]: chart for chart in page.evaluate(DRAWN)}


def _figures(page, server, lang):
    return page.request.get(f"{server}/api/stats?lang={lang}").json()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_chart_is_drawn_with_one_bar_per_figure(server, page, lang):
    drawn = _open(page, server, lang)
    figures = _figures(page, server, lang)
    assert sorted(drawn) == sorted(CHARTS)
    regions = [item["region"]["label"] for item in figures["initiatives_by_region"]]
    assert drawn["initiatives-by-region"]["labels"][:len(regions)] == regions
    assert drawn["initiatives-by-region"]["bars"] == [len(regions) + (1 if figures["initiatives_without_region"] else 0)]
    categories = {item["category"]["label"] for item in figures["exchanges_by_category_and_status"]}
    statuses = {item["status"]["label"] for item in figures["exchanges_by_category_and_status"]}
    exchanges = drawn["exchanges-by-category"]
    assert set(exchanges["labels"]) == categories and set(exchanges["series"]) == statuses
    assert exchanges["bars"] == [len(categories)] * len(statuses)
    top_kinds = [item["concept"]["label"] for item in figures["initiatives_by_concept"]["kind"] if item["broader"] is None]
    assert drawn["initiatives-by-kind"]["labels"] == top_kinds
    not_stated = "Ej angivet" if lang == "sv" else "Not stated"
    assert drawn["initiatives-by-start-year"]["labels"][-1] == not_stated
    slugs = {item["region"]["slug"] for item in figures["initiatives_by_region"]}
    slugs |= {item["concept"]["slug"] for items in figures["initiatives_by_concept"].values() for item in items}
    for chart in drawn.values():
        assert all(bars == len(chart["labels"]) for bars in chart["bars"])
        assert not slugs & set(chart["labels"]), "a slug as a label"
    # the tables are folded away once the charts are drawn, and still there to open
    assert page.locator("details.stats-table[open]").count() == 0
    assert page.locator("details.stats-table table").count() == 6


def test_clicking_a_county_bar_opens_the_search_filtered_by_that_county(server, page):
    _open(page, server, "sv")
    canvas = page.locator("#initiatives-by-region-canvas")
    canvas.scroll_into_view_if_needed()
    point = page.evaluate("""() => { const chart = Chart.getChart(document.getElementById('initiatives-by-region-canvas'));
        const bar = chart.getDatasetMeta(0).data[0]; return {x: (bar.x + bar.base) / 2, y: bar.y}; }""")
    canvas.click(position=point)
    page.wait_for_url("**region=vastra-gotalands-lan**")
    assert "lang=sv" in page.url


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_stats_page_passes_axe_and_is_looked_at_on_the_desktop(server, page, lang):
    _open(page, server, lang)
    page.evaluate("document.querySelectorAll('details.stats-table').forEach(d => d.open = true)")
    assert axe_violations(page) == []
    shot(page, f"stats-{lang}-desktop")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_stats_page_fits_a_phone_without_sideways_scrolling(server, phone, lang):
    _open(phone, server, lang)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.evaluate("document.querySelectorAll('details.stats-table').forEach(d => d.open = true)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
    shot(phone, f"stats-{lang}-phone")


def test_without_javascript_the_tables_are_the_page(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{server}/stats?lang=sv")
    assert page.locator("details.stats-table[open] table").count() == 6
    assert page.locator(".chart-box:visible").count() == 0
    assert page.get_by_role("link", name="Västra Götalands län").count() == 1
    context.close()
