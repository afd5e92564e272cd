"""Review pages over HTTP (#20 item 5): the history says each version's changes in words, state names and
dates in the page's language; a reviewer sees a record in review against the published version with
publish and send-back buttons; the dashboard lists records by name, initiatives, actors and sources,
filtered by a name; every page's header has a login link, or the account on curator pages."""

from __future__ import annotations

import html
import re

import pytest

from .test_curator_pages import csrf_of, login
from .test_review_diff import with_supported_start_year

PARK = "/curate/initiative/test-park"
JARGON = re.compile(r"&lt;https?://|\^\^|\b(sym|skos|dcterms|ik|ist|rt|es|ar|u):[a-z]|_:")


def main_of(page: str) -> str:
    return page.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def etag_of(page: str) -> str:
    return html.unescape(re.search(r'name="etag" value="([^"]+)"', page).group(1))


def new_start_year(curation, year: int, author="test-curator", message="Rättat startår"):
    current = curation.current("initiative", "test-park")
    graph = with_supported_start_year(current.graph(), "https://w3id.org/symbios/id/initiative/test-park", year)
    return curation.save("initiative", "test-park", graph, author, message, current.etag)


@pytest.mark.parametrize("lang, words", [
    ("sv", ["Historik: Testparken", "Startår: 1998 → 2001", "utkast", "publicerad", "Rättat startår", "Att granska"]),
    ("en", ["History: Test Park", "Start year: 1998 → 2001", "draft", "published", "Rättat startår", "To review"]),
])
def test_the_history_says_each_change_in_words_with_states_in_the_pages_language(http, tokens, curation_app, lang, words):
    curation = curation_app.state.curation
    new_start_year(curation, 2001)
    curation.transition("initiative", "test-park", "submit", "test-curator", "", curation.current("initiative", "test-park").etag)
    login(http, tokens)
    page = http.get(f"{PARK}/history", params={"lang": lang})
    assert page.status_code == 200
    body = main_of(page.text)
    for word in words:
        assert word in html.unescape(body), word
    assert not JARGON.search(body) and "pre class=\"diff\"" not in body


def test_history_dates_read_as_people_write_them(http, tokens, curation_app):
    version = new_start_year(curation_app.state.curation, 2001)
    login(http, tokens)
    from catalogue.review_diff import when
    assert when(version.at, "sv") in http.get(f"{PARK}/history?lang=sv").text
    assert re.search(r"\d{1,2} (jan\.|feb\.|mars|apr\.|maj|juni|juli|aug\.|sep\.|okt\.|nov\.|dec\.) \d{4} \d\d:\d\d",
                     http.get(f"{PARK}/history?lang=sv").text)
    assert when(version.at, "en") in http.get(f"{PARK}/history?lang=en").text


def test_a_reviewer_sees_the_changes_against_the_published_version_and_publishes_from_the_history(http, tokens, curation_app):
    curation = curation_app.state.curation
    new_start_year(curation, 2001)
    new_start_year(curation, 2002, message="Igen")
    curation.transition("initiative", "test-park", "submit", "test-curator", "", curation.current("initiative", "test-park").etag)
    login(http, tokens, role="reviewer")
    page = http.get(f"{PARK}/history?lang=sv").text
    review = page.split('class="review"', 1)[1].split("</section>", 1)[0]
    assert "Startår: 1998 → 2002" in html.unescape(review)  # against the published version, not the last draft
    assert 'value="publish"' in review
    published = http.post(f"{PARK}/review?lang=sv", data={"csrf": csrf_of(page), "etag": etag_of(review), "action": "publish",
                                                          "message": "Granskad"}, follow_redirects=False)
    assert published.status_code == 303 and "done=publish" in published.headers["location"]
    assert http.get("/api/initiatives/test-park").json()["start_year"] == 2002
    after = http.get(published.headers["location"]).text
    assert "Publicerad: allmänheten ser nu den här versionen." in after and 'class="review"' not in after


def test_a_curator_sees_no_publish_button_and_a_publish_post_is_refused_for_the_role(http, tokens, curation_app):
    curation = curation_app.state.curation
    new_start_year(curation, 2001)
    login(http, tokens)
    page = http.get(f"{PARK}/history?lang=en").text
    assert 'value="submit"' in page and 'value="publish"' not in page
    refused = http.post(f"{PARK}/review", data={"csrf": csrf_of(page), "etag": etag_of(page), "action": "publish"})
    assert refused.status_code == 403 and "reviewer" in refused.json()["error"]


def test_a_review_on_a_page_someone_saved_since_says_who_and_what_they_changed(http, tokens, curation_app):
    curation = curation_app.state.curation
    new_start_year(curation, 2001)
    login(http, tokens, role="reviewer")
    page = http.get(f"{PARK}/history?lang=sv").text
    new_start_year(curation, 2005, author="test-admin", message="Annat år")
    stale = http.post(f"{PARK}/review?lang=sv", data={"csrf": csrf_of(page), "etag": etag_of(page), "action": "publish"})
    assert stale.status_code == 409
    notice = html.unescape(stale.text.split('class="notice conflict"', 1)[1].split("</div>", 1)[0])
    assert "test-admin" in notice and "Annat år" in notice and "Startår: 2001 → 2005" in notice
    assert http.get("/api/initiatives/test-park").json()["start_year"] == 1998  # nothing was published


@pytest.mark.parametrize("lang, heading", [("sv", "Aktörer"), ("en", "Actors")])
def test_the_dashboard_lists_initiatives_actors_and_sources_by_name(http, tokens, lang, heading):
    login(http, tokens)
    body = html.unescape(main_of(http.get("/curate", params={"lang": lang}).text))
    assert heading in body
    for name in ("Testparken" if lang == "sv" else "Test Park", "Testbruket", "Testväxthuset"):
        assert f">{name}</a>" in body, name
    assert "test-mill" not in re.sub(r'(href|data-search)="[^"]*"', "", body)  # no slugs shown


def test_the_dashboard_lists_pending_records_by_name_kind_state_author_and_date(http, tokens, curation_app):
    curation = curation_app.state.curation
    version = new_start_year(curation, 2001)
    login(http, tokens)
    from catalogue.review_diff import when
    pending = html.unescape(http.get("/curate?lang=sv").text.split('class="pending"', 1)[1].split("</ul>", 1)[0])
    for part in (">Testparken</a>", "initiativ", "utkast", "test-curator", when(version.at, "sv"), "Rättat startår"):
        assert part in pending, part
    assert "test-park<" not in pending


def test_the_dashboard_filter_keeps_only_records_whose_name_matches_without_javascript(http, tokens):
    login(http, tokens)
    body = html.unescape(main_of(http.get("/curate", params={"lang": "sv", "q": "växt"}).text))
    records = body.split('id="records-heading"', 1)[1]
    assert ">Testväxthuset</a>" in records and ">Testbruket</a>" not in records and ">Testparken</a>" not in records
    only_actors = html.unescape(main_of(http.get("/curate", params={"lang": "en", "kind": "actor"}).text))
    assert ">Test Park</a>" not in only_actors.split('id="records-heading"', 1)[1]


def test_a_filter_that_is_no_kind_lists_every_kind(http, tokens):
    login(http, tokens)
    body = main_of(http.get("/curate", params={"kind": "<script>"}).text)
    assert "<script>" not in body and 'data-group-kind="initiative"' in body and 'data-group-kind="actor"' in body


def test_public_pages_have_a_login_link_and_no_account(http, tokens):
    login(http, tokens)  # even with a session cookie, a public page is the same for everyone
    for path in ("/?lang=sv", "/about?lang=sv", "/id/initiative/test-park?lang=sv"):
        page = http.get(path).text
        header = page.split("<header>", 1)[1].split("</header>", 1)[0]
        assert 'href="/login?lang=sv">Logga in</a>' in header and "test-curator" not in header, path


@pytest.mark.parametrize("lang, curate, logout", [("sv", "Kuratera", "Logga ut"), ("en", "Curate", "Log out")])
def test_curator_pages_show_the_account_curate_and_log_out_in_the_header(http, tokens, lang, curate, logout):
    login(http, tokens)
    for path in ("/curate", f"{PARK}/history", PARK):
        header = http.get(path, params={"lang": lang}).text.split("<header>", 1)[1].split("</header>", 1)[0]
        assert "test-curator" in header and f">{curate}</a>" in header and logout in header and "Logga in" not in header, path
