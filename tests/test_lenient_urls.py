"""Shareable URLs (issue 21, item 1): links from newsletters work on pages, and the JSON API stays strict.

Pages ignore unknown query parameters (utm_*, fbclid …) and keep them out of every link they make;
a regional or upper-case ``lang`` counts as its base language and an unknown one falls back to
Accept-Language, then Swedish; a too-long ``q`` is cut (and the page says so) on pages and a 400 on
the JSON API (SYMBIOS_QUERY_TEXT_MAX).
"""

from __future__ import annotations

import re

import pytest

from api.edge import page_query_text, query_text
from api.language import accepted_language, choose_language, is_tracking, page_language
from catalogue.errors import BadRequest

NEWSLETTER = "utm_source=nyhetsbrev&utm_medium=email&utm_campaign=dec&fbclid=IwAR0abc&gclid=Cj0K&mc_cid=12ab&mc_eid=34cd"
HTML = {"accept": "text/html"}


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# -- the language of a page ------------------------------------------------------------------------------

@pytest.mark.parametrize("tag, expected", [("sv", "sv"), ("en", "en"), ("EN", "en"), ("sv-SE", "sv"), ("en-GB", "en"),
                                           ("en_US", "en"), ("SV", "sv")])
def test_a_regional_or_upper_case_language_tag_counts_as_its_base_language_on_pages(tag, expected):
    assert page_language(tag, "sv") == expected


def test_an_unknown_page_language_falls_back_to_accept_language_then_swedish():
    assert page_language("xx", "en-GB,en;q=0.9") == "en"
    assert page_language("xx", "de, fr") == "sv"
    assert page_language("xx", None) == "sv"
    assert page_language("", "en") == "en"


def test_accept_language_is_read_by_its_q_values():
    assert accepted_language("sv;q=0, en") == "en"
    assert accepted_language("sv;q=0.2, en;q=0.8") == "en"
    assert accepted_language("de, en;q=0.5, sv;q=0.4") == "en"
    assert accepted_language("en;q=0, sv;q=0") is None
    assert accepted_language("sv;q=nonsense, en;q=0.1") == "en"
    assert accepted_language("") is None


def test_the_json_api_language_stays_strict():
    for tag in ("EN", "sv-SE", "xx"):
        with pytest.raises(BadRequest):
            choose_language(tag, "sv")
    assert choose_language(None, "sv;q=0, en") == "en"


def test_tracking_parameters_are_recognised_and_search_parameters_are_not():
    assert all(is_tracking(name) for name in ("utm_source", "UTM_Campaign", "fbclid", "gclid", "mc_cid", "msclkid"))
    assert not any(is_tracking(name) for name in ("q", "lang", "resource", "region", "offset", "sort", "next"))


# -- the search text ---------------------------------------------------------------------------------------

def test_a_too_long_search_text_is_cut_on_pages_and_refused_by_the_api():
    assert page_query_text("x" * 500, 200) == ("x" * 200, True)
    assert page_query_text("tekniskt vatten", 200) == ("tekniskt vatten", False)
    assert page_query_text("", 200) == (None, False)
    with pytest.raises(BadRequest) as refused:
        query_text("x" * 201, 200)
    assert refused.value.details == {"parameter": "q", "limit": 200}
    assert query_text("x" * 200, 200) == "x" * 200


def test_a_page_cuts_a_search_text_of_too_many_words_to_the_word_limit():
    from catalogue.text_search import MAX_WORDS

    text, cut = page_query_text(" ".join(["ab"] * (MAX_WORDS + 10)), 1000)
    assert cut and len(text.split()) == MAX_WORDS


# -- pages over HTTP ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/map", "/id/initiative/kemiklustret-stenungsund", "/concept/resource-types",
                                  "/sparql", "/login", "/docs"])
def test_a_newsletter_link_with_tracking_parameters_opens_the_page(real_client, path):
    response = real_client.get(f"{path}?{NEWSLETTER}", headers=HTML)
    assert response.status_code == 200, response.text[:300]
    assert "utm_" not in response.text and "fbclid" not in response.text and "mc_cid" not in response.text


def test_the_search_page_keeps_its_own_parameters_and_drops_the_unknown_ones_in_its_links(real_client):
    response = real_client.get(f"/?q=vatten&region=vastra-gotalands-lan&utm_source=x&whatever=1&lang=en", headers=HTML)
    assert response.status_code == 200
    links = [link for link in _links(response.text) if link.startswith("/?")]
    assert links and not any("utm_" in link or "whatever" in link for link in links)
    assert any("region=vastra-gotalands-lan" in link and "q=vatten" in link for link in links)


@pytest.mark.parametrize("tag, expected", [("EN", "en"), ("sv-SE", "sv"), ("en-GB", "en"), ("xx", "sv")])
def test_the_pages_answer_a_language_variant_in_its_base_language(real_client, tag, expected):
    for path in ("/", "/map", "/id/initiative/kemiklustret-stenungsund"):
        response = real_client.get(f"{path}?lang={tag}", headers=HTML)
        assert response.status_code == 200, (path, tag)
        assert f'<html lang="{expected}">' in response.text
        assert f"lang={tag}" not in response.text or tag == expected


def test_an_unknown_page_language_takes_the_browsers_language(real_client):
    response = real_client.get("/?lang=xx", headers={**HTML, "accept-language": "sv;q=0, en"})
    assert '<html lang="en">' in response.text


def test_every_nav_link_keeps_the_chosen_language(real_client):
    html = real_client.get("/about?lang=en&utm_source=x", headers=HTML).text
    nav = html[html.index('class="site-nav"'):html.index("</nav>")]
    links = _links(nav)
    assert len(links) == 7
    assert all(link.endswith("lang=en") for link in links), links
    assert 'href="/login?lang=en"' in html


def test_the_language_switch_drops_tracking_parameters_and_keeps_the_search(real_client):
    html = real_client.get(f"/?q=vatten&{NEWSLETTER}", headers=HTML).text
    switch = re.search(r'<span class="lang-switch"><a href="([^"]+)"', html).group(1)
    assert switch.startswith("/?") and "q=vatten" in switch and switch.endswith("lang=en")
    assert "utm_" not in switch and "fbclid" not in switch


def test_a_21_kilobyte_search_text_is_cut_and_not_echoed_in_every_link(real_client):
    settings = real_client.app.state.settings
    response = real_client.get("/", params={"q": "ab " * 7000}, headers=HTML)
    assert response.status_code == 200
    assert len(response.content) < 300_000  # it was 4.7 MB
    assert f"{settings.query_text_max}" in response.text and re.search("korta(de|t)s", response.text)
    assert not any(len(link) > 3 * settings.query_text_max + 200 for link in _links(response.text))


def test_the_json_api_stays_strict(real_client):
    assert real_client.get("/api/initiatives?utm_source=x").status_code == 400
    assert real_client.get("/api/initiatives?lang=EN").status_code == 400
    assert real_client.get("/api/initiatives?lang=sv-SE").status_code == 400
    long = real_client.get("/api/initiatives", params={"q": "x" * 201})
    assert long.status_code == 400 and long.json()["parameter"] == "q" and long.json()["limit"] == 200
    assert real_client.get("/api/actors", params={"q": "x" * 201}).status_code == 400
    assert real_client.get("/api/concepts", params={"q": "x" * 201}).status_code == 400
    assert real_client.get("/api/initiatives", params={"q": "vatten"}).status_code == 200


def test_an_error_page_keeps_the_chosen_language_in_its_links(client):
    response = client.get("/id/initiative/no-such-thing?lang=EN&utm_source=x", headers=HTML)
    assert response.status_code == 404
    assert '<html lang="en">' in response.text and 'href="/map?lang=en"' in response.text
    assert 'href="/?lang=en">To the search' in response.text and "utm_" not in response.text


# -- a stale or mistyped filter value in a shared link ----------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/map"])
def test_a_page_with_an_unknown_filter_value_opens_without_it_and_says_so(real_client, path):
    response = real_client.get(f"{path}?region=nowhere&resource=technical-water&lang=en", headers=HTML)
    assert response.status_code == 200
    assert "The filter “County: nowhere” is not in the catalogue and was left out." in response.text
    assert not any("nowhere" in link for link in _links(response.text)), "the unknown value is kept out of links"
    filtered = real_client.get(f"{path}?resource=technical-water&lang=en", headers=HTML)
    total = re.search(r'id="total">(\d+)<', filtered.text)
    assert total and f'id="total">{total.group(1)}<' in response.text, "the known filter still applies"


def test_a_swedish_page_names_the_filter_it_left_out_in_swedish(real_client):
    response = real_client.get("/?kind=no-such-kind", headers=HTML)
    assert response.status_code == 200 and "Filtret ”Typ av initiativ: no-such-kind” finns inte i katalogen" in response.text


def test_the_json_api_still_refuses_an_unknown_filter_value(real_client):
    response = real_client.get("/api/initiatives?region=nowhere")
    assert response.status_code == 400 and response.json()["parameter"] == "region"


@pytest.mark.parametrize("path", ["/id/initiative/perstorp-oxo", "/concept/resource-types", "/stats", "/about",
                                  "/similar?have=waste-heat", "/opportunities?resource=waste-heat&direction=have"])
def test_no_link_of_a_page_carries_a_parameter_the_page_does_not_know(real_client, path):
    separator = "&" if "?" in path else "?"
    response = real_client.get(f"{path}{separator}foo=bar&x_ref=1&{NEWSLETTER}", headers=HTML)
    assert response.status_code == 200
    leaked = [link for link in _links(response.text) if "foo=" in link or "x_ref" in link or "utm_" in link]
    assert leaked == []


def test_the_finding_pages_json_twin_link_answers_although_the_page_came_from_a_newsletter(real_client):
    response = real_client.get(f"/similar?have=waste-heat&municipality=stenungsund-kommun&{NEWSLETTER}", headers=HTML)
    twin = re.search(r'href="(/api/similar[^"]*)"', response.text).group(1).replace("&amp;", "&")
    assert "have=waste-heat" in twin and "utm_" not in twin
    assert real_client.get(twin).status_code == 200
