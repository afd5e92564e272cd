"""Place, source and actor pages and the concept browser, over the curated catalogue: what an officer
reads there (initiatives and counts, quotes, roles and exchanges, vocabularies as trees with their use
and their matches in other vocabularies), their data twins, and 404s for what is not there."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from api.routes.resources import CONCEPT_FACETS

PAGE = {"Accept": "text/html"}


def page(client, path: str, **params) -> str:
    response = client.get(path, params=params, headers=PAGE)
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


def text_of(markup: str) -> str:
    """What a reader sees: the page without its tags (and so without link targets), and without the small
    identifier line at the foot (the IRI the page describes, shown on purpose for those who cite it)."""
    body = markup.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r'<p class="identifier">.*?</p>', " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def links(markup: str) -> set[str]:
    return {html.unescape(h).split("?")[0] for h in re.findall(r'href="([^"]+)"', markup)}


def initiatives_via_api(client, **filters) -> set[str]:
    body = client.get("/api/initiatives", params={**filters, "limit": 500}).json()
    return {item["slug"] for item in body["items"]}


# -- places ------------------------------------------------------------------------------------

def test_a_municipality_page_lists_its_initiatives_with_counts(real_client):
    markup = page(real_client, "/id/place/stenungsund-kommun")
    expected = initiatives_via_api(real_client, municipality="stenungsund-kommun")
    assert {"perstorp-oxo", "kemiklustret-stenungsund"} <= expected
    assert {f"/id/initiative/{slug}" for slug in expected} <= links(markup)
    assert f"{len(expected)} initiativ" in text_of(markup)
    assert re.search(r"\d+ aktörer", text_of(markup))


def test_a_municipality_page_names_its_county_and_the_actors_of_its_initiatives(real_client):
    markup = page(real_client, "/id/place/stenungsund-kommun", lang="en")
    assert "Municipality in" in text_of(markup) and "/id/place/vastra-gotalands-lan" in links(markup)
    assert {"/id/actor/perstorp-oxo", "/id/actor/borealis", "/id/actor/stenungsunds-kommun"} <= links(markup)
    assert "2 initiatives" in text_of(markup)


def test_a_municipality_page_gives_the_initiatives_short_summaries(real_client):
    item = real_client.get("/id/place/stenungsund-kommun.json").json()
    perstorp = next(i for i in item["initiatives"] if i["slug"] == "perstorp-oxo")
    assert perstorp["summary"] and len(perstorp["summary"]) < 260
    assert perstorp["summary"][:40] in text_of(page(real_client, "/id/place/stenungsund-kommun"))


def test_a_county_page_lists_the_initiatives_of_its_municipalities(real_client):
    markup = page(real_client, "/id/place/vastra-gotalands-lan")
    found = links(markup)
    # Paper Province is placed in Bengtsfors (in Västra Götaland) and Värmland's municipalities, not in this county itself
    assert "/id/initiative/paper-province-genomforbarhetsstudie" in found
    assert {"/id/initiative/perstorp-oxo", "/id/initiative/sotenas-symbiosnatverk"} <= found
    assert {"/id/place/stenungsund-kommun", "/id/place/goteborg-kommun", "/id/place/bengtsfors-kommun"} <= found
    assert "Kommuner i länet" in text_of(markup)


def test_a_county_page_counts_as_many_initiatives_as_the_county_filter_finds(real_client):
    item = real_client.get("/id/place/hallands-lan.json").json()
    assert item["kind"] == "county"
    assert {i["slug"] for i in item["initiatives"]} == initiatives_via_api(real_client, region="hallands-lan")
    assert item["counts"]["initiatives"] == len(item["initiatives"]) > 0


def test_a_place_page_links_no_geometry_fragment(real_client):
    markup = page(real_client, "/id/place/stenungsund-kommun")
    assert not [h for h in re.findall(r'href="([^"]+)"', markup) if "#point" in h]
    assert "58,0705" in text_of(markup)  # the point is shown as a position instead, the Swedish way


def test_a_place_page_leaves_a_map_container_with_the_initiatives_points(real_client):
    import json

    markup = page(real_client, "/id/place/stenungsund-kommun")
    found = re.search(r"<div id=\"place-map\"[^>]*data-markers='([^']*)'", markup)
    markers = json.loads(html.unescape(found.group(1)))
    assert {m["slug"] for m in markers} == {"perstorp-oxo", "kemiklustret-stenungsund"}
    assert all(57 < m["lat"] < 59 and 11 < m["lon"] < 13 and m["href"].startswith("/id/initiative/") for m in markers)


def test_a_place_json_twin_is_the_page_view(real_client):
    response = real_client.get("/id/place/stenungsund-kommun", headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["county"]["slug"] == "vastra-gotalands-lan" and body["counts"]["initiatives"] == len(body["initiatives"])


def test_a_country_page_shows_what_is_placed_in_the_country(real_client):
    assert "Land" in text_of(page(real_client, "/id/place/sverige"))


# -- sources -----------------------------------------------------------------------------------

def test_a_source_page_lists_the_records_citing_it_with_their_quotes_and_locators(real_client):
    markup = page(real_client, "/id/source/goteborgs-stad-forstudie-ius")
    seen = text_of(markup)
    assert "/id/initiative/kemiklustret-stenungsund" in links(markup)
    # a quote verbatim from data/initiatives/kemiklustret-stenungsund.ttl, with its locator
    assert "Existerande goda IUS-exempel såsom Kemiklustret i Stenungsund och Sotenäs symbios" in seen
    assert "Nuläge, Omvärld (Närvärld)" in seen


def test_a_source_json_twin_groups_the_quotes_by_record(real_client):
    body = real_client.get("/id/source/rise-kunskapsunderlag-ius.json").json()
    records = [r for g in body["groups"] for r in g["records"]]
    assert body["groups"][0]["kind"] == "initiative"
    cluster = next(r for r in records if r["slug"] == "kemiklustret-stenungsund")
    assert any(q["locator"] == "Bilaga A1" and q["quote"].startswith("Initiativ Stenungsunds Kemikluster") for q in cluster["quotes"])
    assert body["counts"]["quotes"] == sum(len(r["quotes"]) for r in records) > 100
    assert body["publishers"][0]["slug"] == "energimyndigheten" and body["language"] == "sv"


def test_a_source_page_lists_the_records_that_name_it_without_a_quote(real_client):
    markup = page(real_client, "/id/source/geonames-cities1000", lang="en")
    assert "/id/place/stenungsund-kommun" in links(markup) and "Places" in text_of(markup)


# -- actors ------------------------------------------------------------------------------------

def test_an_actor_page_shows_its_roles_and_exchanges_in_each_initiative(real_client):
    seen = text_of(page(real_client, "/id/actor/borealis", lang="en"))
    assert "Anchor company" in seen and "Resource provider" in seen
    assert "Provides" in seen and "Fuel gas" in seen and "Hydrogen" in seen
    assert "Stenungsund" in seen  # where it takes part


def test_an_actor_page_shows_who_is_on_the_other_side_of_an_exchange(real_client):
    body = real_client.get("/id/actor/perstorp-oxo.json").json()
    exchanges = [x for i in body["initiatives"] for d in ("provides", "receives") for x in i[d]]
    assert exchanges and all(x["resource_type"]["label"] for x in exchanges)
    received = [x for i in body["initiatives"] for x in i["receives"]]
    assert any(x["partner"] for x in received)
    assert any(p["slug"] == "stenungsund-kommun" for p in body["where"])


def test_an_actor_page_shows_no_iris_or_slugs(real_client):
    seen = text_of(page(real_client, "/id/actor/perstorp-oxo", lang="en"))
    assert "w3id.org" not in seen and "resource-types" not in seen and "#" not in seen



def test_a_record_page_names_the_iri_it_describes_once_at_its_foot(real_client):
    markup = page(real_client, "/id/actor/perstorp-oxo", lang="en")
    (line,) = re.findall(r'<p class="identifier">(.*?)</p>', markup, re.S)
    assert "Identifier: <code>https://w3id.org/symbios/id/actor/perstorp-oxo</code>" in line


# -- concept browser -----------------------------------------------------------------------------

def test_the_concept_index_lists_the_schemes_with_titles_descriptions_and_counts(real_client):
    seen = text_of(page(real_client, "/concept"))
    assert "Resurstyper" in seen and "Typer av hinder" in seen
    assert re.search(r"\d+ begrepp", seen)
    english = text_of(page(real_client, "/concept", lang="en"))
    assert "Resource types" in english and "The resources exchanged in industrial and urban symbiosis" in english
    body = real_client.get("/concept.json").json()
    resource = next(s for s in body["items"] if s["slug"] == "resource-types")
    assert resource["concepts"] > 50 and resource["facet"] == "resource"


def test_the_concept_index_has_rdf_twins(real_client):
    for path, fmt in (("/concept.ttl", "turtle"), ("/concept.nt", "nt")):
        graph = Graph().parse(data=real_client.get(path).text, format=fmt)
        assert (URIRef("https://w3id.org/symbios/concept/resource-types"), RDF.type, SKOS.ConceptScheme) in graph
    turtle = real_client.get("/concept", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")


def test_a_scheme_page_is_a_tree_titled_with_the_schemes_name(real_client):
    markup = page(real_client, "/concept/resource-types")
    assert "<h1>Resurstyper</h1>" in markup
    tree = markup.split('class="tree"', 1)[1]
    # Restvärme sits inside Värme, which sits inside Energi
    energy = tree.index(">Energi<")
    heat = tree.index(">Värme<", energy)
    waste_heat = tree.index(">Restvärme<", heat)
    assert tree.count("<ul>", energy, waste_heat) >= 2
    assert "Värme som blir över i en process" in text_of(markup)  # definitions shown
    assert "(Waste heat)" in text_of(markup)  # and the other language's name


@pytest.mark.parametrize("scheme", ["resource-types", "barrier-types", "actor-types", "initiative-kinds"])
def test_a_scheme_pages_used_by_counts_link_to_searches_finding_that_many(real_client, scheme):
    markup = page(real_client, f"/concept/{scheme}")
    facet = CONCEPT_FACETS[scheme]
    found = re.findall(rf'href="/\?{facet}=([a-z0-9-]+)&amp;lang=sv">används av (\d+) initiativ', markup)
    assert len(found) >= 3
    for slug, count in found:
        total = real_client.get("/api/initiatives", params={facet: slug, "limit": 1}).json()["total"]
        assert total == int(count), slug
    assert real_client.get(f"/?{facet}={found[0][0]}&lang=sv", headers=PAGE).status_code == 200


def test_a_scheme_page_marks_retired_concepts_instead_of_hiding_them(real_client):
    markup = page(real_client, "/concept/barrier-types", lang="en")
    item = markup.split("/concept/barrier-types/long-term-investments", 1)[1][:600]
    assert "retired" in item


def test_a_scheme_json_twin_holds_the_tree_and_the_flat_list(real_client):
    body = real_client.get("/concept/resource-types.json").json()
    energy = next(n for n in body["tree"] if n["slug"] == "energy")
    assert any(n["slug"] == "heat" for n in energy["narrower"]) and energy["used_by"] > 0
    assert any(c["slug"] == "waste-heat" for c in body["items"])


def test_a_concept_page_shows_list_of_waste_codes_with_their_names(real_client):
    seen = text_of(page(real_client, "/concept/resource-types/fly-ash"))
    assert "EU:s avfallsförteckning" in seen and "19 01 14" in seen and "fly ash other than those mentioned in 19 01 13" in seen
    assert "Nära motsvarighet" in seen and "Flygaska" in seen and "Fly ash" in seen


def test_a_concept_page_shows_nace_codes(real_client):
    seen = text_of(page(real_client, "/concept/actor-types/municipality", lang="en"))
    assert "NACE" in seen and "84.11" in seen and "General public administration activities" in seen and "Broader match" in seen


def test_a_concept_page_shows_ceon_matches_readably(real_client):
    markup = page(real_client, "/concept/resource-types/biogas", lang="en")
    seen = text_of(markup)
    assert "CEON" in seen and "Exact match" in seen and "Biogas" in seen
    assert "http://w3id.org/CEON/ontology/energy/Biogas" in links(markup) and "w3id.org" not in seen


def test_a_concept_page_says_how_many_initiatives_use_it_and_links_the_search(real_client):
    body = real_client.get("/concept/resource-types/waste-heat.json").json()
    assert body["used_by"] == real_client.get("/api/initiatives", params={"resource": "waste-heat", "limit": 1}).json()["total"] > 0
    assert body["search"] == "/?resource=waste-heat&lang=sv"
    markup = page(real_client, "/concept/resource-types/waste-heat")
    assert f'{body["used_by"]} initiativ</a>' in markup


def test_a_retired_concept_page_says_so(real_client):
    assert "Retired concept" in text_of(page(real_client, "/concept/barrier-types/long-term-investments", lang="en"))


@pytest.mark.parametrize("path", ["/id/place/stenungsund-kommun", "/id/source/rise-kunskapsunderlag-ius",
                                  "/id/actor/perstorp-oxo", "/concept/resource-types", "/concept/resource-types/fly-ash"])
def test_the_rdf_twins_are_still_served(real_client, path):
    response = real_client.get(path + ".ttl")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 0
    linked = real_client.get(path, headers=PAGE).headers["link"]
    assert f"<{path}.ttl>" in linked


@pytest.mark.parametrize("path", ["/id/place/nowhere-kommun", "/id/source/no-such-report", "/id/actor/nobody-at-all",
                                  "/concept/no-such-scheme", "/concept/resource-types/no-such-concept",
                                  "/id/place/nowhere-kommun.json", "/concept/no-such-scheme.json"])
def test_unknown_records_and_concepts_are_404s(real_client, path):
    response = real_client.get(path, headers=PAGE)
    assert response.status_code == 404
