"""The initiative page people read (#21 item 6): a summary, contents, numbered reference badges
that open their quote in place, no empty columns, numbers the page's way, Swedish-only text
marked on English pages, every label translated, a citation string. Over the curated data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from api.app import create_app
from catalogue.initiative_page import amount, number, references

SOTENAS = "/id/initiative/sotenas-symbiosnatverk"
PERSTORP = "/id/initiative/perstorp-oxo"
#: Swedish interface strings that must not appear on an English page (outside text marked lang="sv").
SWEDISH_UI = ["Ladda ner", "Källa", "Källor och citat", "Aktörer", "Resursutbyten", "Mängd", "Från", "Till",
              "okänd", "Redigera posten", "Liknande initiativ", "Drivkrafter", "Hinder och utmaningar",
              "Framgångsfaktorer", "Resultat", "Finansiering", "Sammanfattning", "Innehåll", "Så citerar du",
              "Vad", "Var", "Vem", "Utbyten", "startade", "och 14 till", "Alla källor", "Förklaring", "Även",
              "Om initiativet", "Hur det startade", "Affärsmodell", "Relaterade initiativ", "Varför?"]


@pytest.fixture(scope="module")
def pages(real_settings, real_store):
    """The Sotenäs and Perstorp pages in both languages, fetched once: path -> HTML text."""
    client = TestClient(create_app(real_settings, store=real_store))
    out = {}
    for path in (SOTENAS, PERSTORP, "/id/initiative/regenergy-frovi"):
        for lang in ("sv", "en"):
            response = client.get(f"{path}?lang={lang}", headers={"Accept": "text/html"})
            assert response.status_code == 200, response.text[:300]
            out[(path, lang)] = response.text
    return out


def tree(text: str):
    return lxml_html.fromstring(text)


def visible_text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_summary_names_kind_municipality_county_main_actors_status_and_main_exchanges(pages):
    summary = tree(pages[(SOTENAS, "sv")]).get_element_by_id("summary-title").getparent()
    text = visible_text(summary)
    assert "Lokalt symbiosnätverk" in text
    assert "Sotenäs (Västra Götalands län)" in text, "the municipality with its county"
    assert "Sotenäs Symbioscentrum" in text
    assert "Aktiv" in text and "startade 2013" in text
    assert "Biogas: biogasanläggningen → industrin i Sotenäs" in text


def test_the_summary_of_perstorp_names_stenungsund_and_the_technical_water_from_the_municipality(pages):
    summary = tree(pages[(PERSTORP, "en")]).get_element_by_id("summary-title").getparent()
    text = visible_text(summary)
    assert "Stenungsund (Västra Götaland County)" in text or "Stenungsund (Västra Götalands län)" in text
    assert "Active · started 2023" in text
    assert "Technical water: Stenungsunds kommun → Perstorp Oxo AB" in text


def test_the_contents_link_to_sections_that_are_on_the_page(pages):
    page = tree(pages[(SOTENAS, "sv")])
    targets = [a.get("href")[1:] for a in page.xpath("//nav[@class='contents']//a")]
    assert {"actors", "exchanges", "barriers", "references", "cite"} <= set(targets)
    for target in targets:
        assert page.get_element_by_id(target) is not None, target


def test_no_raw_evidence_id_is_anywhere_in_the_page(pages):
    for (path, lang), text in pages.items():
        assert not re.search(r"ev-[a-z]", text), f"{path} ({lang}) shows an evidence id"


def test_each_badge_opens_its_quote_and_locator_in_place_and_links_to_its_numbered_reference(pages):
    page = tree(pages[(SOTENAS, "sv")])
    badges = page.xpath("//details[@class='ref']")
    assert len(badges) > 30
    listed = {li.get("id"): li for li in page.xpath("//ol[@class='references']/li")}
    assert len(listed) == 38, "every quote of the record once, numbered"
    for badge in badges:
        number = re.search(r"\[(\d+)\]", visible_text(badge.find("summary"))).group(1)
        body = badge.xpath(".//span[@class='ref-body']")[0]
        assert body.xpath(".//q") and visible_text(body.xpath(".//q")[0]), "the quote"
        link = body.xpath(".//a[@class='ref-all']")[0].get("href")
        assert link == f"#ref-{number}"
        entry = listed[f"ref-{number}"]
        assert visible_text(body.xpath(".//q")[0]) == visible_text(entry.xpath(".//q")[0])
    fish = [b for b in badges if "byta slam från odlingen till energi" in visible_text(b)]
    assert fish and "Bilaga A4" in visible_text(fish[0]), "the locator beside the quote"


def test_references_are_numbered_in_the_order_the_page_cites_them():
    item = {"evidence": {e: {"supports": []} for e in ("a", "b", "c", "d")}, "initiative_evidence": ["d"],
            "roles": [{"evidence": ["c"]}], "exchanges": [{"evidence": ["b", "c"]}], "drivers": [], "barriers": [],
            "success_factors": [], "outcomes": [], "funding": [], "status_history": []}
    item["evidence"]["d"]["supports"] = ["https://w3id.org/symbios/def#status"]
    statements, numbers, entries = references(item)
    assert numbers == {"d": 1, "c": 2, "b": 3, "a": 4}, "the status quote, the actor's, the exchange's, then the uncited one"
    assert statements["status"] == [1]
    assert [e["number"] for e in entries] == [1, 2, 3, 4]


def test_an_empty_quantity_column_is_not_shown(pages):
    table = tree(pages[(SOTENAS, "sv")]).xpath("//table[@class='exchanges']")[0]
    headers = [visible_text(th) for th in table.xpath(".//th")]
    assert "Mängd" not in headers, "no Sotenäs exchange has a quantity"
    assert len(table.xpath(".//tbody/tr[1]/td")) == len(headers)


def test_a_quantity_is_shown_with_its_unit_the_swedish_way_on_a_swedish_page(pages):
    table = tree(pages[(PERSTORP, "sv")]).xpath("//table[@class='exchanges']")[0]
    headers = [visible_text(th) for th in table.xpath(".//th")]
    assert "Mängd" in headers
    cells = [visible_text(td) for td in table.xpath(".//td[@data-label='Mängd']")]
    assert any(c.startswith("1,1 miljoner kubikmeter per år") and "”1,1 miljoner kubikmeter färskvatten per år (sparat" in c for c in cells), \
        "the number the Swedish way, then the source's own words"
    english = [visible_text(td) for td in tree(pages[(PERSTORP, "en")]).xpath("//td[@data-label='Quantity']")]
    assert any(c.startswith("1.1 million cubic metres per year") and c.endswith("(på svenska)") for c in english)


def test_numbers_and_ranges_are_written_the_way_the_language_writes_them():
    assert number(500000, "sv") == "500\u00a0000" and number(500000, "en") == "500,000"
    assert number(1.1, "sv") == "1,1" and number(2.0, "en") == "2"
    assert amount(None, 600, 700, {"label": "Mkr"}, "sv") == "600–700 Mkr"
    assert amount(None, 2, None, None, "sv") == "minst 2" and amount(None, None, 3, None, "en") == "at most 3"
    assert amount(None, None, None, None, "sv") is None


def test_an_english_page_marks_the_text_that_exists_only_in_swedish(pages):
    page = tree(pages[(SOTENAS, "en")])
    marked = page.xpath("//*[@lang='sv']")
    texts = [visible_text(e) for e in marked]
    assert any(t.startswith("Initiativet startade 2013") for t in texts), "how it started, in Swedish"
    notes = page.xpath("//span[@class='lang-note']")
    assert notes and all(visible_text(n) == "(på svenska)" for n in notes)
    how = page.get_element_by_id("about")
    assert "(på svenska)" in visible_text(how)
    assert not tree(pages[(SOTENAS, "sv")]).xpath("//span[@class='lang-note']"), "nothing to mark on a Swedish page"


def test_an_english_page_has_no_swedish_interface_strings(pages):
    for path in (SOTENAS, PERSTORP):
        page = tree(pages[(path, "en")])
        for element in page.xpath("//*[@lang='sv'] | //script"):  # text in Swedish, marked as such
            element.getparent().remove(element)
        main = page.xpath("//main")[0]
        words = visible_text(main)
        found = [s for s in SWEDISH_UI if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", words)]
        assert found == [], f"{path}: untranslated {found}"
        assert "Download:" in words


def test_the_page_says_how_to_cite_the_record(pages):
    sv = visible_text(tree(pages[(SOTENAS, "sv")]).get_element_by_id("cite"))
    assert "Så citerar du" in sv
    assert "Symbios (" in sv and "Sotenäs Symbiosnätverk" in sv
    assert "https://w3id.org/symbios/id/initiative/sotenas-symbiosnatverk" in sv and "CC BY 4.0" in sv
    en = visible_text(tree(pages[(SOTENAS, "en")]).get_element_by_id("cite"))
    assert "How to cite" in en and "Sotenäs symbiosis network" in en


def test_the_locator_map_container_carries_the_initiatives_point(pages):
    holder = tree(pages[(SOTENAS, "sv")]).get_element_by_id("locator-map")
    import json

    markers = json.loads(holder.get("data-markers"))
    assert [(m["place"], round(m["lat"]), round(m["lon"])) for m in markers] == [("Sotenäs", 58, 11)]


def test_the_symbiosis_map_has_a_legend_of_what_it_draws(pages):
    legend = tree(pages[(SOTENAS, "en")]).xpath("//figcaption[@class='symbiosis-legend']")[0]
    text = visible_text(legend)
    assert "actor" in text and "described party" in text
    assert "Existing" in text or "existing" in text
    assert "energy" in text and "water" in text and "gases" not in text, "only the categories drawn"


def test_the_regenergy_greenhouse_is_one_node_in_its_diagram(pages):
    import json

    data = json.loads(tree(pages[("/id/initiative/regenergy-frovi", "sv")]).get_element_by_id("symbiosis-data").text)
    greenhouses = [n for n in data["nodes"] if "Regenergy Frövi" in n["label"]]
    assert len(greenhouses) == 1
    rows = tree(pages[("/id/initiative/regenergy-frovi", "sv")]).xpath("//table[@class='exchanges']/tbody/tr")
    assert len(rows) == len(data["edges"]), "one table row per edge"


def test_every_curated_initiative_page_renders_in_both_languages_without_evidence_ids(real_settings, real_store):
    from catalogue.settings import PROJECT_ROOT

    client = TestClient(create_app(real_settings, store=real_store))
    slugs = sorted(p.stem for p in (PROJECT_ROOT / "data" / "initiatives").glob("*.ttl"))
    assert len(slugs) > 40
    for slug in slugs:
        for lang in ("sv", "en"):
            response = client.get(f"/id/initiative/{slug}?lang={lang}", headers={"Accept": "text/html"})
            assert response.status_code == 200, f"{slug} ({lang})"
            assert not re.search(r"ev-[a-z]", response.text), f"{slug} ({lang}) shows an evidence id"
            page = tree(response.text)
            assert page.xpath("//section[@class='summary']"), slug
            for link in page.xpath("//details[@class='ref']//a[@class='ref-all']"):
                assert page.get_element_by_id(link.get("href")[1:]) is not None, f"{slug}: {link.get('href')}"
