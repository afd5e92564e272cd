"""The about page (issue 21, item 8): coverage, curation, licence, how to cite, contact, interfaces."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.statistics import catalogue_counts

HTML = {"accept": "text/html"}


def test_the_about_page_counts_what_the_catalogue_covers(real_client, real_store):
    counts = catalogue_counts(real_store)
    html = real_client.get("/about", headers=HTML).text
    assert f"<strong>{counts['initiatives']}</strong> initiativ" in html
    assert f"<strong>{counts['sources']}</strong> källdokument" in html
    assert f"<strong>{counts['evidence']}</strong> ordagranna citat" in html


def test_the_about_page_speaks_swedish_and_english(real_client):
    sv = real_client.get("/about?lang=sv", headers=HTML).text
    en = real_client.get("/about?lang=en", headers=HTML).text
    assert "Så citerar du en post" in sv and "Vem som sköter katalogen och hur" in sv
    assert "How to cite a record" in en and "Who curates it, and how" in en
    assert "Så citerar" not in en and "How to cite" not in sv


def test_the_about_page_names_the_licence_with_a_link(real_client):
    html = real_client.get("/about?lang=en", headers=HTML).text
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html and "CC BY 4.0" in html


def test_the_about_page_shows_how_to_cite_a_record_with_an_example(real_client):
    html = real_client.get("/about?lang=en", headers=HTML).text
    assert "Symbios (year). Name of the record. IRI of the record." in html
    assert re.search(r"Symbios \(20\d\d\)\. Stenungsund chemical cluster\. "
                     r"https://w3id\.org/symbios/id/initiative/kemiklustret-stenungsund\. (Version|Accessed) 20", html)


def test_the_about_page_says_how_to_set_the_contact_until_it_is_set(real_client, real_settings, real_store):
    assert "SYMBIOS_CONTACT" in real_client.get("/about", headers=HTML).text
    client = TestClient(create_app(real_settings.with_(contact_email="https://symbios.example.se/kontakt"), store=real_store))
    html = client.get("/about", headers=HTML).text
    assert '<a href="https://symbios.example.se/kontakt">https://symbios.example.se/kontakt</a>' in html
    assert "SYMBIOS_CONTACT" not in html
    posted = TestClient(create_app(real_settings.with_(contact_email="Symbiosnavet, Box 1, 111 11 Stockholm"), store=real_store))
    assert "Symbiosnavet, Box 1, 111 11 Stockholm" in posted.get("/about", headers=HTML).text


def test_the_about_page_links_the_downloads_and_machine_interfaces(real_client):
    html = real_client.get("/about?lang=sv", headers=HTML).text
    for link in ("/api/initiatives.xlsx?lang=sv", "/api/initiatives.csv?lang=sv", "/api/actors.csv?lang=sv",
                 "/export/catalogue.ttl", "/sparql?lang=sv", "/feed", "/catalog", "/docs"):
        assert f'href="{link}"' in html, link
    for link in ("/api/initiatives.xlsx?lang=sv", "/api/actors.csv?lang=sv", "/export/catalogue.nq", "/catalog"):
        assert real_client.get(link).status_code == 200, link


def test_the_about_page_has_a_json_twin(real_client, real_store):
    response = real_client.get("/about?lang=en", headers={"accept": "application/json"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["counts"] == catalogue_counts(real_store)
    assert body["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert body["citation_example"].endswith("CC BY 4.0.")
    assert "Accept" in real_client.get("/about", headers=HTML).headers["vary"]


def test_every_page_footer_links_the_downloads_sparql_feed_catalog_docs_and_licence(real_client):
    html = real_client.get("/?lang=en", headers=HTML).text
    footer = html[html.index('<footer class="site-footer">'):]
    for link in ('/export/catalogue.ttl', '/sparql?lang=en', '/feed', '/catalog', '/docs', '/about?lang=en',
                 'https://creativecommons.org/licenses/by/4.0/'):
        assert f'href="{link}"' in footer, link
