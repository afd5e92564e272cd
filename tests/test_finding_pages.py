"""The finding pages over the curated catalogue: /similar (initiatives like our plans), /opportunities (find
partners), and their JSON twins GET /api/similar and GET /api/partners."""

from __future__ import annotations

import re
from html import unescape

import pytest

from catalogue.finding import MAX_VALUE_LENGTH, MAX_VALUES

PLANS = {"have": "waste-heat", "need": "technical-water", "we_are": "company", "municipality": "stenungsund-kommun"}
HEAT_NEAR_STENUNGSUND = {"resource": "waste-heat", "direction": "have", "municipality": "stenungsund-kommun",
                         "within": "50"}


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def section(html: str, css_class: str) -> list[str]:
    """The inner HTML of each <li class="css_class">."""
    return re.findall(rf'<li class="{css_class}">(.*?)</li>\s*(?=<li class="{css_class}">|</ol>)', html, re.S)


def test_a_profile_url_lists_similar_initiatives_with_their_reasons_in_swedish(real_client):
    response = real_client.get("/similar", params={**PLANS, "lang": "sv"})
    assert response.status_code == 200
    items = section(response.text, "similar")
    assert len(items) >= 3
    assert all('href="/id/initiative/' in item for item in items)
    assert all(re.search(r"(Stark|Medelstark|Svag) likhet", item) for item in items)
    assert "Båda utbyter tekniskt vatten" in text(response.text)
    assert "Both exchange" not in response.text, "reasons in the page's language only"


def test_the_reasons_are_english_on_english_pages(real_client):
    page = text(real_client.get("/similar", params={**PLANS, "lang": "en"}).text)
    assert "Both exchange technical water" in page
    assert "Båda utbyter" not in page
    assert re.search(r"(Strong|Medium|Weak) likeness", page)


def test_the_form_keeps_what_the_url_chose(real_client):
    html = real_client.get("/similar", params=PLANS).text
    assert re.search(r'name="have" value="waste-heat" checked', html)
    assert re.search(r'name="need" value="technical-water" checked', html)
    assert re.search(r'<option value="stenungsund-kommun" selected>', html)
    assert re.search(r'<option value="company" selected>', html)


def test_the_similar_page_links_a_partner_search_for_what_we_have_and_need(real_client):
    html = unescape(real_client.get("/similar", params={**PLANS, "lang": "sv"}).text)
    assert re.search(r'href="/opportunities\?resource=waste-heat&direction=have&municipality=stenungsund-kommun'
                     r'&within=50&lang=sv#results">Vem kan ta emot restvärme\?', html)
    assert 'href="/opportunities?resource=technical-water&direction=need' in html


def test_a_similar_initiative_in_our_own_municipality_says_so(real_client):
    html = real_client.get("/similar", params={**PLANS, "lang": "sv"}).text
    perstorp = next(item for item in section(html, "similar") if "perstorp" in item)
    assert "i er kommun" in perstorp


def test_an_unknown_concept_is_shown_at_its_field_and_the_rest_still_answers(real_client):
    response = real_client.get("/similar", params={"have": "waste-heat", "need": "no-such-thing", "lang": "sv"})
    assert response.status_code == 200
    error = re.search(r'<div class="field-error" id="need-error">(.*?)</div>', response.text, re.S)
    assert error and "no-such-thing" in error.group(1) and "resurstyperna" in error.group(1)
    assert 'aria-describedby="need-error"' in response.text
    assert 'class="error-summary"' in response.text
    assert section(response.text, "similar"), "waste heat alone still finds initiatives"


def test_an_unknown_municipality_is_shown_at_its_field(real_client):
    response = real_client.get("/similar", params={"municipality": "stenungsund", "have": "waste-heat", "lang": "en"})
    assert response.status_code == 200
    error = re.search(r'id="municipality-error">(.*?)</div>', response.text, re.S)
    assert error and "is no municipality of the catalogue" in error.group(1)


def test_a_page_with_nothing_described_shows_the_form_and_no_results(real_client):
    response = real_client.get("/similar", params={"municipality": "stenungsund-kommun"})
    assert response.status_code == 200
    assert not section(response.text, "similar")
    assert "Så fungerar det" in response.text


def test_the_resource_picker_nests_narrower_types_under_broader_ones(real_client):
    html = real_client.get("/similar").text
    heat = re.search(r'value="waste-heat">.*?</label>\s*<ul class="tree">(.*?)</ul>', html, re.S)
    assert heat and 'value="data-centre-waste-heat"' in heat.group(1)


def test_the_picker_knows_other_names_of_a_concept_for_its_filter(real_client):
    html = real_client.get("/opportunities", params={"lang": "sv"}).text
    waste_heat = re.search(r'<li data-also="([^"]*)">\s*<label class="tree-item"><input type="radio" name="resource" '
                           r'value="waste-heat"', html)
    assert waste_heat and "spillvärme" in waste_heat.group(1) and "Waste heat" in waste_heat.group(1)


def test_the_pages_ignore_unknown_parameters_and_a_regional_language(real_client):
    response = real_client.get("/similar", params={**PLANS, "utm_source": "newsletter", "lang": "sv-SE"})
    assert response.status_code == 200 and section(response.text, "similar")
    assert real_client.get("/opportunities", params={"fbclid": "x", "lang": "EN"}).status_code == 200


@pytest.mark.parametrize("path", ["/similar", "/opportunities"])
def test_hostile_input_is_a_400_in_the_error_shape(real_client, path):
    name = "have" if path == "/similar" else "resource"
    long = real_client.get(path, params={name: "x" * (MAX_VALUE_LENGTH + 1)}, headers={"Accept": "application/json"})
    assert long.status_code == 400 and long.json()["parameter"] == name
    many = real_client.get(path, params=[("municipality", f"m{i}") for i in range(MAX_VALUES + 1)],
                           headers={"Accept": "application/json"})
    assert many.status_code == 400 and many.json()["ok"] is False


def test_partners_for_waste_heat_within_50_km_list_actors_with_distances_and_precedents(real_client):
    response = real_client.get("/opportunities", params={**HEAT_NEAR_STENUNGSUND, "lang": "sv"})
    assert response.status_code == 200
    partners = section(response.text, "partner")
    assert partners
    for partner in partners:
        assert 'href="/id/actor/' in partner
        distances = [int(km.replace("\u00a0", "")) for km in re.findall(r"· ([\d\u00a0]+)&nbsp;km", partner)]
        assert distances and min(distances) <= 50
        assert 'href="/id/initiative/' in partner
    goteborg = next(p for p in partners if "Göteborg Energi" in p)
    assert "Förebilder" in goteborg and "Gör det redan i" in goteborg
    assert "inom 50&nbsp;km från Stenungsund" in response.text


def test_partners_farther_away_are_offered_as_a_wider_search(real_client):
    html = real_client.get("/opportunities", params=HEAT_NEAR_STENUNGSUND).text
    wider = re.search(r'<p class="wider">.*?href="/opportunities\?([^"#]+)', html, re.S)
    assert wider and "within=" in wider.group(1) and "within=50" not in wider.group(1)
    assert "resource=waste-heat" in unescape(wider.group(1))


def test_a_distance_without_a_municipality_is_a_message_at_the_distance_field(real_client):
    response = real_client.get("/opportunities", params={"resource": "waste-heat", "within": "50", "lang": "sv"})
    assert response.status_code == 200
    assert 'id="within-error"' in response.text
    assert section(response.text, "partner"), "all of Sweden is searched instead"


def test_an_unknown_resource_on_the_partners_page_is_shown_at_its_field(real_client):
    response = real_client.get("/opportunities", params={"resource": "surplus-heat", "lang": "en"})
    assert response.status_code == 200
    assert re.search(r'id="resource-error">.*surplus-heat', response.text, re.S)
    assert "How it works" in response.text


def test_the_pages_name_their_json_twins(real_client):
    response = real_client.get("/opportunities", params=HEAT_NEAR_STENUNGSUND)
    assert response.headers["link"].startswith("</api/partners?")
    assert real_client.get("/similar", params=PLANS).headers["link"].startswith("</api/similar?")


def test_the_pages_answer_json_by_accept_with_the_messages_at_fields(real_client):
    response = real_client.get("/similar", params={"have": "waste-heat", "need": "no-such-thing"},
                               headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert body["values"]["have"] == ["waste-heat"] and "no-such-thing" in body["errors"]["need"][0]
    assert body["items"] and body["items"][0]["reasons"]
    partners = real_client.get("/opportunities", params=HEAT_NEAR_STENUNGSUND, headers={"Accept": "application/json"})
    assert partners.json()["items"][0]["distance_km"] <= 50


# -- the JSON twins ------------------------------------------------------------------------------

def test_api_similar_answers_a_profile_in_the_query_with_reasons(real_client):
    response = real_client.get("/api/similar", params={**PLANS, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["profile"]["flows"] == [{"resource": "waste-heat", "provider_type": "company"},
                                        {"resource": "technical-water", "receiver_type": "company"}]
    assert len(body["items"]) == 3
    assert all(item["reasons"] and {"sv", "en"} <= set(item["reasons"][0]) for item in body["items"])


@pytest.mark.parametrize("params, parameter", [
    ({"have": "no-such-thing"}, "have"),
    ({"have": "waste-heat", "municipality": "stenungsund"}, "municipality"),
    ({"have": "waste-heat", "utm_source": "x"}, "utm_source"),
    ({"have": "waste-heat", "limit": "51"}, None),
    ({"municipality": "stenungsund-kommun"}, None),
])
def test_api_similar_is_strict(real_client, params, parameter):
    response = real_client.get("/api/similar", params=params)
    assert response.status_code in (400, 422)
    if parameter:
        assert response.json()["parameter"] == parameter


def test_api_partners_lists_waste_heat_receivers_within_50_km(real_client):
    response = real_client.get("/api/partners", params={"resource": "waste-heat", "municipality": "stenungsund-kommun",
                                                        "max_km": 50, "lang": "en"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items and all(item["distance_km"] <= 50 for item in items)
    assert all(item["initiatives"] and "precedents" in item for item in items)


@pytest.mark.parametrize("params, parameter", [
    ({}, None),
    ({"resource": "no-such-thing"}, "resource"),
    ({"resource": "waste-heat", "direction": "give"}, "direction"),
    ({"resource": "waste-heat", "max_km": 50}, "max_km"),
    ({"resource": "waste-heat", "within": "50"}, "within"),
    ({"resource": "waste-heat", "municipality": "stenungsund-kommun", "max_km": 5000}, None),
])
def test_api_partners_is_strict(real_client, params, parameter):
    response = real_client.get("/api/partners", params=params)
    assert response.status_code in (400, 422)
    if parameter:
        assert response.json()["parameter"] == parameter
