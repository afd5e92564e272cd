"""A withdrawn record is 410 Gone with a pointer to its history in the change feed; an unknown one stays 404 (#22 item 6)."""

from __future__ import annotations

import pytest

PARK = "https://w3id.org/symbios/id/initiative/test-park"
BROWSER = {"accept": "text/html"}


@pytest.fixture
def withdrawn(http, tokens):
    """The fixture catalogue with the initiative test-park withdrawn by a curator."""
    current = http.get("/api/initiatives/test-park/draft", headers=tokens["curator"])
    answer = http.delete("/api/initiatives/test-park", headers={**tokens["curator"], "If-Match": current.headers["etag"]})
    assert answer.status_code in (200, 204), answer.text
    return http


@pytest.mark.parametrize("path", ["/id/initiative/test-park", "/id/initiative/test-park.ttl",
                                  "/id/initiative/test-park.jsonld", "/id/initiative/test-park.nt",
                                  "/id/initiative/test-park.rdf", "/id/initiative/test-park.json",
                                  "/api/initiatives/test-park", f"/graph-store?graph={PARK}"])
def test_a_withdrawn_record_is_gone_with_its_history_in_the_feed(withdrawn, path):
    answer = withdrawn.get(path, headers={"accept": "application/json"})
    assert answer.status_code == 410, answer.text
    body = answer.json()
    assert body["ok"] is False and body["status"] == 410
    assert body["history"] == "http://testserver/feed?page=1"
    assert "withdrawn" in body["error"] and f"<{PARK}/version/" in body["error"]
    assert answer.headers["link"] == '<http://testserver/feed?page=1>; rel="version-history"'


def test_the_feed_page_it_points_to_holds_the_withdrawal(withdrawn):
    history = withdrawn.get("/id/initiative/test-park.ttl").json()["history"]
    page = withdrawn.get(history, headers={"accept": "text/turtle"}).text
    assert "Withdrawal" in page and "test-park/version/" in page


@pytest.mark.parametrize("lang, words", [("sv", "har dragits tillbaka"), ("en", "has been withdrawn")])
def test_a_browser_gets_a_gone_page_in_its_language_linking_the_history(withdrawn, lang, words):
    page = withdrawn.get(f"/id/initiative/test-park?lang={lang}", headers=BROWSER)
    assert page.status_code == 410 and f'<html lang="{lang}">' in page.text
    assert words in page.text and 'href="http://testserver/feed?page=1"' in page.text


def test_a_slug_that_never_named_a_record_stays_404(withdrawn):
    for path in ("/id/initiative/never-was", "/id/initiative/never-was.ttl", "/api/initiatives/never-was"):
        answer = withdrawn.get(path)
        assert answer.status_code == 404 and "history" not in answer.json()
