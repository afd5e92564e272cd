"""The search page (/) as an officer reads it (issue 21, item 5): chips of the active filters with links
that remove them, "1–20 av 42" with page numbers, a sort form that works without JavaScript, long facets
folded under "Visa fler", a snippet with the searched words marked (and markup in a record shown as
text), "Träff: …" and "Menade du …?" — and no link that carries a parameter the page does not know."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from api.app import create_app
from api.routes.pages import FACET_PREVIEW, PAGE_PARAMETERS, SORT_LABELS, _fold, marked
from catalogue.facets import SORTS
from catalogue.loading import load_catalogue
from catalogue.settings import Settings

from .backends import new_store, store_settings
from .conftest import FIXTURES

VGR = "vastra-gotalands-lan"


class Page(HTMLParser):
    """The elements of a page as (tag, attributes, text) with a class and an href where they have one."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **{k: v or "" for k, v in attrs}, "text": ""}
        self.elements.append(element)
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[dict]:
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and (cls is None or cls in e.get("class", "").split())
                and all(e.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def text(self, tag: str | None = None, cls: str | None = None, **attrs) -> str:
        return " ".join(" ".join(e["text"].split()) for e in self.find(tag, cls, **attrs))


def query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return Page(response.text)


def total_initiatives(client) -> int:
    return client.get("/api/initiatives", params={"limit": 1}).json()["total"]


# -- chips ---------------------------------------------------------------------------------------------------

def test_active_filters_show_as_chips_with_the_facet_title_and_the_value_label(real_client):
    found = page(real_client, f"/?region={VGR}&kind=local-symbiosis-network")
    chips = [(t["text"].strip(), v["text"].strip()) for t, v in zip(found.find("span", "chip-title"), found.find("span", "chip-label"))]
    assert chips == [("Län:", "Västra Götalands län"), ("Typ av initiativ:", "Lokalt symbiosnätverk")]


def test_a_chips_link_removes_just_that_filter_and_keeps_the_search_text_and_language(real_client):
    found = page(real_client, f"/?q=vatten&region={VGR}&kind=local-symbiosis-network&lang=en")
    chips = {c["data-facet"]: query(c["href"]) for c in found.find("a", "filter-chip")}
    assert chips["region"] == [("q", "vatten"), ("kind", "local-symbiosis-network"), ("lang", "en")]
    assert chips["kind"] == [("q", "vatten"), ("region", VGR), ("lang", "en")]
    assert chips["q"] == [("region", VGR), ("kind", "local-symbiosis-network"), ("lang", "en")]
    titles = [c["text"].split(":")[0].strip() for c in found.find("a", "filter-chip")]
    assert titles == ["Search text", "County", "Kind of initiative"]


def test_chips_stand_above_the_facet_panels_so_a_collapsed_panel_hides_no_filter(real_client):
    html = real_client.get(f"/?driver=energy-efficiency&region={VGR}").text
    assert html.index('class="filter-chip"') < html.index('class="facets"')


def test_clear_all_keeps_only_the_language(real_client):
    found = page(real_client, f"/?q=vatten&region={VGR}&sort=-label&lang=en")
    assert query(found.find("a", "clear-all")[0]["href"]) == [("lang", "en")]
    assert found.text("a", "clear-all") == "Clear all"


def test_without_a_filter_or_search_text_there_are_no_chips(real_client):
    assert page(real_client, "/").find("a", "filter-chip") == []


def test_a_filter_given_as_an_iri_or_twice_becomes_one_chip_with_its_slug(real_client):
    iri = f"https://w3id.org/symbios/id/place/{VGR}"
    chips = page(real_client, f"/?region={iri}&region={VGR}").find("a", "filter-chip")
    assert len(chips) == 1
    assert query(chips[0]["href"]) == [("lang", "sv")]


# -- count and pages -------------------------------------------------------------------------------------------

def test_the_count_says_which_initiatives_of_how_many_the_page_shows(real_client):
    total = total_initiatives(real_client)
    assert total > 40
    assert page(real_client, "/").text("p", "result-count") == f"1–20 av {total} initiativ"
    assert page(real_client, "/?offset=20&lang=en").text("p", "result-count") == f"21–40 of {total} initiatives"
    assert page(real_client, "/?offset=40").text("p", "result-count") == f"41–{total} av {total} initiativ"


def pager(html: str) -> Page:
    return Page(html[html.index('<nav class="pager"'):].split("</nav>")[0])


def test_the_pager_links_the_previous_first_numbered_last_and_next_pages_keeping_the_search(real_client):
    active = total_initiatives_with(real_client, status="active")
    last = -(-active // 20)
    assert last >= 2
    links = pager(real_client.get("/?offset=20&status=active&lang=en").text).find("a")
    named = {a.get("aria-label") or " ".join(a["text"].split()): query(a["href"]) for a in links}
    kept = [("status", "active"), ("lang", "en")]
    assert named["← Previous"] == kept and named["Page 1"] == kept
    assert named["Page 2"] == [*kept, ("offset", "20")]
    assert named[f"Page {last}"] == [*kept, *([("offset", str((last - 1) * 20))] if last > 1 else [])]
    if last > 2:
        assert named["Next →"] == [*kept, ("offset", "40")]
    else:
        assert "Next →" not in named
    assert [a["text"] for a in links if a.get("aria-current") == "page"] == ["2"]


def test_far_pages_are_left_out_with_a_gap_but_the_first_and_last_stay(real_client):
    from api.routes.pages import Search, _pages

    pages = _pages(Search(path="/", lang="sv"), total=200, limit=20, offset=100)
    shown = [n.get("number", "…") for n in pages["numbers"]]
    assert shown == [1, "…", 4, 5, 6, 7, 8, "…", 10]
    assert [n["number"] for n in pages["numbers"] if n.get("current")] == [6]
    assert (pages["start"], pages["end"]) == (101, 120)


def total_initiatives_with(client, **filters) -> int:
    return client.get("/api/initiatives", params={"limit": 1, **filters}).json()["total"]


def test_the_pager_shows_a_number_for_each_page_and_no_previous_on_the_first(real_client):
    total = total_initiatives(real_client)
    links = pager(real_client.get("/").text).find("a")
    assert [a["text"] for a in links if a.get("aria-label", "").startswith("Sida ")] == [str(n) for n in range(1, -(-total // 20) + 1)]
    assert [a for a in links if a.get("rel") == "prev"] == [] and len([a for a in links if a.get("rel") == "next"]) == 1
    assert [a["text"] for a in links if a.get("aria-current") == "page"] == ["1"]


def test_a_page_past_the_last_says_so_and_links_the_first_page(real_client):
    found = page(real_client, f"/?region={VGR}&offset=200")
    assert found.text("li", "no-results").startswith("Sökningen har inte så många träffar.")
    first = [a for a in found.find("a") if a["text"] == "Till första sidan"]
    assert query(first[0]["href"]) == [("region", VGR), ("lang", "sv")]


def test_a_single_page_has_no_pager(client):
    found = page(client, "/")
    assert found.find("nav", "pager") == []
    assert found.text("p", "result-count") == "1–1 av 1 initiativ"


# -- sort ------------------------------------------------------------------------------------------------------

def test_the_sort_form_is_a_get_form_that_carries_the_search(real_client):
    html = real_client.get(f"/?q=vatten&region={VGR}&lang=en").text
    found = Page(html[html.index('<form class="sort"'):].split("</form>")[0])
    form = found.find("form", "sort")[0]
    assert form.get("method") == "get" and form.get("action") == "/"
    assert found.find("select", name="sort") and found.find("button", type="submit")
    hidden = [(i["name"], i["value"]) for i in found.find("input", type="hidden")]
    assert hidden == [("q", "vatten"), ("region", VGR), ("lang", "en")]
    options = [o["value"] for o in found.find("option")]
    assert options[0] == "relevance" and set(options) <= set(SORTS)
    assert found.find("option", selected="")[0]["value"] == "relevance"


def test_relevance_is_offered_only_when_there_is_a_search_text(real_client):
    options = [o["value"] for o in page(real_client, "/").find("option")]
    assert "relevance" not in options and options[0] == "label"


def test_every_offered_sort_orders_the_results(real_client):
    names = {}
    for sort in SORT_LABELS:
        if sort == "relevance":
            continue
        found = page(real_client, f"/?sort={sort}")
        assert found.find("option", selected="")[0]["value"] == sort
        names[sort] = [h["text"].strip() for h in found.find("a") if h.get("href", "").startswith("/id/initiative/")]
    everything = page(real_client, "/?sort=label&offset=20"), page(real_client, "/?sort=label&offset=40")
    all_names = names["label"] + [h["text"].strip() for p in everything for h in p.find("a") if h.get("href", "").startswith("/id/initiative/")]
    assert names["-label"] == list(reversed(all_names))[:20]
    assert names["start_year"] != names["-start_year"]


def test_an_unknown_sort_on_a_page_falls_back_to_the_default_order_and_is_left_out_of_links(real_client):
    found = page(real_client, "/?sort=colour&region=" + VGR)
    assert found.find("option", selected="")[0]["value"] == "label"
    assert all("sort" not in dict(query(a["href"])) for a in found.find("a") if a.get("href", "").startswith("/?"))


def test_markup_in_the_search_text_is_shown_as_text_in_the_box_and_the_chip(real_client):
    html = real_client.get("/", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_links_keep_the_chosen_sort(real_client):
    found = page(real_client, "/?sort=-start_year")
    assert ("sort", "-start_year") in query(found.find("a", rel="next")[0]["href"])
    assert ("sort", "-start_year") in query(found.find("a", "facet-value")[0]["href"])


# -- no unknown parameters in links -----------------------------------------------------------------------------

def test_no_link_carries_a_parameter_the_page_does_not_know(real_client):
    found = page(real_client, f"/?utm_source=newsletter&fbclid=abc&region={VGR}&q=vatten&colour=red")
    links = [a["href"] for a in found.find("a") if a.get("href", "").startswith(("/?", "/map?"))]
    assert len(links) > 20
    for href in links:
        names = {k for k, _ in query(href)}
        assert names <= PAGE_PARAMETERS, href
    hidden = {i["name"] for i in found.find("input", type="hidden")}
    assert hidden <= PAGE_PARAMETERS


def test_a_very_long_search_text_is_not_echoed_into_every_link(real_client):
    response = real_client.get("/", params={"q": "vatten " * 3000})
    assert response.status_code == 200
    assert len(response.text) < 200_000
    limit = real_client.app.state.settings.query_text_max
    for a in Page(response.text).find("a"):
        q = dict(query(a.get("href", ""))).get("q", "")
        assert len(q) <= limit


# -- facets ----------------------------------------------------------------------------------------------------

def panel_html(html: str, facet: str) -> str:
    """The facet panel of ``facet``: from its <details> to the next panel (or the end of the facets)."""
    rest = html[html.index(f'data-facet="{facet}"'):]
    return rest[:rest.find('<details class="facet" ', 1) if '<details class="facet" ' in rest else rest.index("</aside>")]


def panel(html: str, facet: str) -> Page:
    return Page(panel_html(html, facet))


def test_a_long_facet_shows_eight_values_and_folds_the_rest_under_show_more(real_client):
    counties = real_client.get("/api/initiatives", params={"limit": 1}).json()["facets"]["region"]
    assert len(counties) > FACET_PREVIEW
    found = panel(real_client.get("/").text, "region")
    more = found.find("details", "facet-more")
    assert len(more) == 1 and "open" not in more[0]
    assert len(counties) > FACET_PREVIEW + 2, "a fold of one or two values is not made"
    assert found.text("span", "when-closed") == f"Visa fler ({len(counties) - FACET_PREVIEW})"
    assert len(found.find("a", "facet-value")) == len(counties), "the folded values are in the page (no JavaScript needed)"


def test_a_chosen_value_under_show_more_keeps_show_more_open():
    values = [{"slug": f"v{n}", "selected": n == 10, "children": []} for n in range(11)]
    assert _fold(values)["open"] is True
    assert _fold(values[:10] + [{**values[10], "selected": False}])["open"] is False
    assert _fold(values[:10])["rest"] == [], "two values more than the preview are shown, not folded"
    nested = [{"slug": "root", "selected": False, "children": values}]
    assert _fold(nested)["shown"][0]["folded"]["open"] is True, "narrower values fold after CHILD_PREVIEW too"


def test_drivers_and_barriers_are_shown_as_their_hierarchy_with_the_narrower_under_the_broader(real_client):
    html = real_client.get("/").text
    for facet in ("driver", "barrier"):
        found = panel(html, facet)
        nested = [e for e in found.find("ul", "facet-values")]
        assert len(nested) > 3, facet
        roots = real_client.get("/api/initiatives", params={"limit": 1}).json()["facets"][facet]
        assert len(found.find("a", "facet-value")) == len(roots), "every counted value is in the panel once"


# -- snippets, reasons, suggestions (the search gives them: catalogue.listing) ------------------------------------

def test_marked_marks_the_spans_it_is_given_and_keeps_every_character():
    text = "Processvatten: tekniskt vatten från Perstorp."
    parts = marked(text, [[15, 30]])
    assert [p["text"] for p in parts if p["mark"]] == ["tekniskt vatten"]
    assert "".join(p["text"] for p in parts) == text


def test_marked_ignores_spans_that_overlap_or_run_past_the_end():
    parts = marked("abc def", [[0, 3], [2, 5], [6, 99]])
    assert parts == [{"text": "abc", "mark": True}, {"text": " d", "mark": True}, {"text": "e", "mark": False},
                     {"text": "f", "mark": True}]


def test_marked_keeps_markup_as_text_for_the_template_to_escape():
    text = 'vatten <img src=x onerror=alert(1)>'
    parts = marked(text, [[0, 6]])
    assert parts == [{"text": "vatten", "mark": True}, {"text": " <img src=x onerror=alert(1)>", "mark": False}]


@pytest.fixture
def hostile_client(tmp_path):
    """The test catalogue with markup in the park's description (the snippet's source)."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", root)
    path = root / "initiatives" / "test-park.ttl"
    park = URIRef("https://w3id.org/symbios/id/initiative/test-park")
    graph = Graph().parse(path, publicID=str(park))
    graph.remove((park, DCTERMS.description, None))
    graph.add((park, DCTERMS.description, Literal('En påhittad park <img src=x onerror=alert(1)> för tester.', lang="sv")))
    graph.add((park, DCTERMS.description, Literal('A made-up park <img src=x onerror=alert(1)> for tests.', lang="en")))
    graph.serialize(path, format="turtle")
    settings = Settings(**store_settings(), data_dir=root)
    store = new_store()
    load_catalogue(store, settings)
    return TestClient(create_app(settings, store=store))


def test_a_snippet_shows_markup_in_a_description_as_text(hostile_client):
    html = hostile_client.get("/?q=påhittad").text
    assert "<img src=x" not in html
    snippet = Page(html).find("p", "snippet")
    assert snippet, "the result has a snippet (catalogue.listing gives one per result when q is given)"
    assert "<img src=x onerror=alert(1)>" in snippet[0]["text"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>påhittad</mark>" in html


def test_a_result_says_why_it_matched_naming_the_concept(real_client):
    found = page(real_client, "/?q=technical+water&lang=en")
    perstorp = [e for e in found.find("li", "result") if "Perstorp Oxo" in e["text"]]
    assert perstorp, "the process-water case is found in English"
    assert "Matched: the concept Technical water" in " ".join(perstorp[0]["text"].split())
    swedish = page(real_client, "/?q=tekniskt+vatten")
    assert "Träff: begreppet Tekniskt vatten" in swedish.text("p", "why")


def test_searched_words_are_marked_in_the_snippets(real_client):
    html = real_client.get("/?q=tekniskt+vatten").text
    assert "<mark>" in html and "<mark>tekniskt vatten</mark>".casefold() in html.casefold()


def test_no_results_offer_did_you_mean_links_with_the_suggestions(real_client):
    found = page(real_client, "/?q=spillvarmmme&lang=en")
    assert found.text("strong", id="total") == "0"
    assert found.text("p", "did-you-mean").startswith("Did you mean"), "a search with no result suggests words"
    html = real_client.get("/?q=spillvarmmme&lang=en").text
    links = Page(html[html.index('class="did-you-mean"'):].split("</p>")[0]).find("a")
    assert links and all(query(a["href"]) == [("q", a["text"]), ("lang", "en")] for a in links)


def test_the_municipality_facet_lists_the_municipalities_when_the_search_counts_them(real_client):
    found = page(real_client, "/")
    assert found.find("details", data_facet="municipality"), "catalogue.listing counts the municipality facet"
    assert "Stenungsund" in found.text("details", data_facet="municipality")
