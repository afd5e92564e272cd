"""The statistics page /stats: its tables hold the figures of /api/stats, in the page's language,
with links to the filtered search that finds as many initiatives as the table says (#21 item 4)."""

from __future__ import annotations

import re

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from api.routes.statistics_page import number


class Tables(HTMLParser):
    """Each chart section's table: its caption and rows of (cell text, link or None), headers first."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, dict] = {}
        self.section = None
        self.cell = None
        self.row = None
        self.caption = None
        self.hidden = None  # the group a nested row is under, said to screen readers only

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and attrs.get("class") == "in-group":
            self.hidden = []
            return
        if tag == "section" and "stats-chart" in (attrs.get("class") or ""):
            self.section = self.sections.setdefault(attrs["id"], {"caption": "", "rows": [], "classes": []})
        elif self.section is None:
            return
        elif tag == "caption":
            self.caption = []
        elif tag == "tr":
            self.row = []
            self.section["classes"].append(attrs.get("class") or "")
        elif tag in ("th", "td") and self.row is not None:
            self.cell = {"text": [], "href": None}
        elif tag == "a" and self.cell is not None:
            self.cell["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if self.section is None:
            return
        if tag == "span" and self.hidden is not None:
            self.hidden = None
            return
        if tag == "caption":
            self.section["caption"] = "".join(self.caption).strip()
            self.caption = None
        elif tag in ("th", "td") and self.cell is not None:
            self.row.append(("".join(self.cell["text"]).strip(), self.cell["href"]))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.section["rows"].append(self.row)
            self.row = None
        elif tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.hidden is not None:
            self.hidden.append(data)
        elif self.cell is not None:
            self.cell["text"].append(data)
        if self.caption is not None:
            self.caption.append(data)


def tables(client, lang: str) -> dict[str, dict]:
    response = client.get(f"/stats?lang={lang}")
    assert response.status_code == 200
    reader = Tables()
    reader.feed(response.text)
    return reader.sections


def body(section: dict) -> list[list[tuple[str, str | None]]]:
    return section["rows"][1:]


def as_int(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(",", ""))


#: The curated catalogue's foreign reference cases (sym:foreignReferenceCase), which the statistics leave out (#24).
FOREIGN = {"kalundborg-symbios"}


@pytest.fixture
def stats_sv(real_client):
    return real_client.get("/api/stats?lang=sv").json()


def test_stats_page_answers_in_swedish_and_in_english(real_client):
    swedish, english = real_client.get("/stats?lang=sv"), real_client.get("/stats?lang=en")
    assert '<html lang="sv">' in swedish.text and "<h1>Statistik</h1>" in swedish.text
    assert '<html lang="en">' in english.text and "<h1>Statistics</h1>" in english.text
    assert "Initiativ per län" in swedish.text and "Initiatives per county" in english.text


def test_stats_page_has_one_captioned_table_per_chart(real_client):
    sections = tables(real_client, "sv")
    assert set(sections) == {"exchanges-by-category", "initiatives-by-region", "initiatives-by-kind",
                             "initiatives-by-driver", "initiatives-by-barrier", "initiatives-by-start-year"}
    for section in sections.values():
        assert section["caption"]
        assert len(section["rows"]) > 1


def test_county_table_holds_the_counts_of_api_stats(real_client, stats_sv):
    rows = body(tables(real_client, "sv")["initiatives-by-region"])
    expected = [(item["region"]["label"], item["initiatives"]) for item in stats_sv["initiatives_by_region"]]
    assert [(label, as_int(count)) for (label, _), (count, _) in rows][:len(expected)] == expected
    assert rows[-1][0][0].startswith("Inget län") and as_int(rows[-1][1][0]) == stats_sv["initiatives_without_region"]


def test_exchange_table_holds_the_counts_of_api_stats_by_category_and_status(real_client, stats_sv):
    section = tables(real_client, "sv")["exchanges-by-category"]
    statuses = [text for text, _ in section["rows"][0][1:-1]]
    shown = {}
    for row in body(section):
        for status, (count, _) in zip(statuses, row[1:-1]):
            if as_int(count):
                shown[(row[0][0], status)] = as_int(count)
        assert as_int(row[-1][0]) == sum(as_int(count) for count, _ in row[1:-1])
    expected = {(item["category"]["label"], item["status"]["label"]): item["exchanges"]
                for item in stats_sv["exchanges_by_category_and_status"]}
    assert shown == expected


@pytest.mark.parametrize("facet", ["kind", "driver", "barrier"])
def test_concept_tables_hold_the_counts_of_api_stats(real_client, stats_sv, facet):
    rows = body(tables(real_client, "sv")[f"initiatives-by-{facet}"])
    shown = sorted((label, as_int(count)) for (label, _), (count, _) in rows)
    expected = sorted((item["concept"]["label"], item["initiatives"]) for item in stats_sv["initiatives_by_concept"][facet])
    assert shown == expected


def test_kind_table_nests_narrower_kinds_under_their_broader_kind(real_client):
    section = tables(real_client, "en")["initiatives-by-kind"]
    labels = [row[0][0] for row in body(section)]
    levels = section["classes"][1:]
    place_based = labels.index("Place-based symbiosis")
    assert "level-0" in levels[place_based] and "level-1" in levels[place_based + 1]
    assert "Place-based symbiosis ›" in real_client.get("/stats?lang=en").text, "screen readers hear the group"


def test_start_year_table_counts_not_stated_years_as_such_and_adds_up_to_every_initiative(real_client, stats_sv):
    rows = body(tables(real_client, "sv")["initiatives-by-start-year"])
    by_label = {label: as_int(count) for (label, _), (count, _) in rows}
    assert by_label["Startår ej angivet"] == stats_sv["initiatives_without_start_year"] > 0
    decades = {label: count for label, count in by_label.items() if label.endswith("-talet")}
    assert sum(decades.values()) + by_label["Startår ej angivet"] == stats_sv["initiatives"]
    for item in stats_sv["initiatives_by_start_year"]:
        assert by_label[str(item["year"])] == item["initiatives"]
        assert by_label[f"{item['year'] // 10 * 10}-talet"] >= item["initiatives"]


def test_english_start_years_name_decades_the_english_way(real_client):
    rows = body(tables(real_client, "en")["initiatives-by-start-year"])
    labels = [label for (label, _), _ in rows]
    assert "Start year not stated" in labels
    assert any(label.endswith("0s") and label[:4].isdigit() for label in labels)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_stats_tables_show_labels_never_slugs_or_iris(real_client, lang):
    figures = real_client.get(f"/api/stats?lang={lang}").json()
    slugs = {item["region"]["slug"] for item in figures["initiatives_by_region"]}
    slugs |= {item["concept"]["slug"] for items in figures["initiatives_by_concept"].values() for item in items}
    slugs |= {item["category"]["slug"] for item in figures["exchanges_by_category_and_status"]}
    for section in tables(real_client, lang).values():
        for row in section["rows"]:
            for text, _ in row:
                assert text not in slugs and "://" not in text and "_" not in text, text


@pytest.mark.parametrize("chart, facet", [("initiatives-by-region", "region"), ("initiatives-by-kind", "kind"),
                                          ("initiatives-by-driver", "driver"), ("initiatives-by-barrier", "barrier")])
def test_each_link_to_the_search_finds_as_many_initiatives_as_the_table_says(real_client, chart, facet):
    rows = body(tables(real_client, "sv")[chart])
    linked = [(href, as_int(count)) for (_, href), (count, _) in rows if href]
    assert len(linked) >= 4
    for href, count in linked:
        url = urlsplit(href)
        assert url.path == "/"
        parameters = dict(parse_qsl(url.query))
        assert set(parameters) == {facet, "lang"} and parameters["lang"] == "sv"
        found = real_client.get("/api/initiatives", params={facet: parameters[facet], "limit": 500}).json()
        abroad = [item for item in found["items"] if item["slug"] in FOREIGN]  # the search shows them, the table not
        assert found["total"] - len(abroad) == count, href


def test_a_link_to_the_search_opens_a_search_page(real_client):
    href = body(tables(real_client, "sv")["initiatives-by-region"])[0][0][1]
    assert real_client.get(href).status_code == 200


def test_stats_page_passes_the_chart_figures_as_json_not_as_script(real_client):
    text = real_client.get("/stats?lang=sv").text
    assert '<script id="stats-data" type="application/json">' in text
    scripts = re.findall(r'<script src="(/static/[^"?]+)(?:\?v=[0-9a-f]+)?" defer></script>', text)
    assert scripts[-2:] == ["/static/vendor/chart.js/chart.umd.min.js", "/static/stats.js"], "Chart.js first, both deferred"
    assert "<script>" not in text


def test_stats_json_twin_answers_the_figures_of_api_stats(real_client):
    twin = real_client.get("/stats?lang=en", headers={"Accept": "application/json"})
    assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
    assert twin.json() == real_client.get("/api/stats?lang=en").json()
    page = real_client.get("/stats?lang=en")
    assert 'rel="alternate"' in page.headers["link"] and "Accept" in page.headers["vary"]


def test_stats_page_refuses_a_format_it_cannot_give_with_406(real_client):
    response = real_client.get("/stats", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json()["ok"] is False


def test_stats_page_ignores_tracking_parameters_and_an_odd_language(real_client):
    response = real_client.get("/stats?utm_source=newsletter&lang=sv-SE")
    assert response.status_code == 200 and '<html lang="sv">' in response.text


def test_stats_page_works_over_a_small_catalogue(client):
    response = client.get("/stats?lang=en")
    assert response.status_code == 200
    assert "Start year not stated" in response.text or "Initiatives by start year" in response.text


def test_numbers_are_written_the_swedish_way_on_swedish_pages():
    assert number(150000, "sv") == "150\u00a0000"
    assert number(150000, "en") == "150,000"
    assert number(42, "sv") == "42"


def test_the_text_report_of_symbios_stats_lists_counties_and_start_years_with_those_not_stated(real_store):
    from catalogue.labels import Labels
    from catalogue.statistics import catalogue_stats, format_report

    figures = catalogue_stats(real_store, Labels.build(real_store), "en")
    report = format_report(figures)
    assert "Initiatives per county" in report and "Initiatives by start year" in report
    not_stated = next(line for line in report.splitlines() if line.endswith("(not stated)"))
    assert int(not_stated.split()[0]) == figures["initiatives_without_start_year"]
    top = figures["initiatives_by_region"][0]
    assert f"  {top['initiatives']:>4}  {top['region']['label']}" in report.splitlines()


def test_the_statistics_count_initiatives_in_sweden_and_name_the_foreign_reference_cases_left_out(real_client, stats_sv):
    """#24: Kalundborg (Denmark) is a reference case; Swedish statistics leave it out and say so."""
    assert {case["slug"] for case in stats_sv["foreign_reference_cases"]} == FOREIGN
    everything = real_client.get("/api/initiatives", params={"limit": 1}).json()["total"]
    assert stats_sv["initiatives"] == everything - len(FOREIGN)
    assert stats_sv["initiatives"] == sum(item["initiatives"] for item in stats_sv["initiatives_by_start_year"]) \
        + stats_sv["initiatives_without_start_year"]


@pytest.mark.parametrize("lang, wording", [("sv", "Statistiken räknar initiativ i Sverige"),
                                           ("en", "The statistics count initiatives in Sweden")])
def test_the_stats_page_says_it_counts_initiatives_in_sweden_and_which_cases_it_leaves_out(real_client, lang, wording):
    text = real_client.get(f"/stats?lang={lang}").text
    scope = re.search(r'<p class="stats-scope" id="stats-scope">([^<]*)</p>', text).group(1)
    assert scope.startswith(wording) and ("Kalundborg Symbios" if lang == "sv" else "Kalundborg Symbiosis") in scope


def test_a_foreign_reference_case_and_what_it_holds_count_in_no_figure_of_the_statistics(empty_store):
    from rdflib import Graph

    from catalogue.labels import Labels
    from catalogue.statistics import catalogue_stats, format_report

    records = """
    @prefix sym: <https://w3id.org/symbios/def#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix i: <https://w3id.org/symbios/id/initiative/> . @prefix place: <https://w3id.org/symbios/id/place/> .
    @prefix dt: <https://w3id.org/symbios/concept/driver-types/> .
    i:here a sym:Initiative ; skos:prefLabel "Här"@sv ; sym:place place:lan ; sym:startYear 2001 ;
        sym:hasDriver i:here-driver .
    i:here-driver a sym:Driver ; sym:factorType dt:water-supply .
    i:abroad a sym:Initiative ; skos:prefLabel "Utomlands"@sv ; sym:place place:lan ; sym:startYear 1961 ;
        sym:foreignReferenceCase true ; sym:hasDriver i:abroad-driver .
    i:abroad-driver a sym:Driver ; sym:factorType dt:water-supply .
    place:lan a sym:Region ; skos:prefLabel "Länet"@sv .
    """
    empty_store.replace_graphs({"https://w3id.org/symbios/id/initiative/test": Graph().parse(data=records, format="turtle")})
    figures = catalogue_stats(empty_store, Labels.build(empty_store), "sv")
    assert figures["initiatives"] == 1 and figures["drivers"] == 1
    assert [item["initiatives"] for item in figures["initiatives_by_region"]] == [1]
    assert figures["initiatives_by_start_year"] == [{"year": 2001, "initiatives": 1}]
    assert figures["initiatives_per_factor"]["driver"][0]["initiatives"] == 1
    assert [case["label"] for case in figures["foreign_reference_cases"]] == ["Utomlands"]
    assert "left out as foreign reference cases:\n  Utomlands" in format_report(figures)
