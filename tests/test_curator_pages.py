"""Curator pages over HTTP: login cookie flags, CSRF, redirects to login, no open redirects."""

from __future__ import annotations

import re

from catalogue.sessions import COOKIE


def login(http, tokens, role="curator", next_path="/curate"):
    token = tokens[role]["Authorization"].split()[1]
    csrf = csrf_of(http.get("/login").text)
    return http.post("/login", data={"token": token, "next": next_path, "csrf": csrf}, follow_redirects=False)


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page_text).group(1)


def test_the_session_cookie_is_httponly_and_samesite_strict(http, tokens):
    response = login(http, tokens)
    assert response.status_code == 303 and response.headers["location"] == "/curate"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_a_wrong_token_gets_401_and_the_form_again(http):
    response = http.post("/login", data={"token": "wrong", "csrf": csrf_of(http.get("/login").text)})
    assert response.status_code == 401 and "unknown or revoked" in response.text


def test_login_never_redirects_to_another_site(http, tokens):
    assert login(http, tokens, next_path="//evil.example/").headers["location"] == "/curate"


def test_curator_pages_send_anonymous_visitors_to_the_login(http):
    response = http.get("/curate/initiative/test-park", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(http, tokens):
    login(http, tokens)
    form = http.get("/curate/initiative/test-park")
    assert form.status_code == 200
    etag = re.search(r'name="etag" value="([^"]+)"', form.text).group(1)
    refused = http.post("/curate/initiative/test-park", data={"etag": etag.replace("&#34;", '"'), "prefLabel.sv": "Kapat"})
    assert refused.status_code == 403
    assert http.get("/api/initiatives/test-park/history", headers=tokens["curator"]).json()["versions"][-1]["version"] == 1


def test_a_form_save_makes_a_draft_and_the_history_page_shows_it(http, tokens):
    login(http, tokens)
    form = http.get("/curate/initiative/test-park").text
    data = {"csrf": csrf_of(form), "etag": re.search(r'name="etag" value="([^"]+)"', form).group(1).replace("&#34;", '"'),
            "prefLabel.sv": "Testparken", "prefLabel.en": "Test Park", "startYear": "1999", "message": "Rättat år",
            "kind": "https://w3id.org/symbios/concept/initiative-kinds/eco-industrial-park",
            "status": "https://w3id.org/symbios/concept/initiative-status/active",
            "place": ["https://w3id.org/symbios/id/place/testby-kommun", "https://w3id.org/symbios/id/place/testlands-lan"],
            "source": "https://w3id.org/symbios/id/source/test-source", "action": "save",
            "ev.startYear.source": "https://w3id.org/symbios/id/source/test-source", "ev.startYear.locator": "Avsnitt 1",
            "ev.startYear.quote": "Parken startade 1998 i Testby kommun."}
    data["startYear"] = "1998"
    without = http.post("/curate/initiative/test-park", data={**data, "startYear": "1999", "ev.startYear.quote": ""},
                        follow_redirects=False)
    assert without.status_code == 200 and "Startår: ange ett belägg" in without.text  # a changed year needs its quote
    assert 'value="Rättat år"' in without.text  # what the curator wrote is still there
    saved = http.post("/curate/initiative/test-park", data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    history = http.get(saved.headers["location"])
    assert "Rättat år" in history.text
    assert http.get("/api/initiatives/test-park").json()["start_year"] == 1998  # the public still sees the published one


def test_a_curator_creates_an_initiative_in_the_browser_form_seeing_what_is_missing_first(http, tokens):
    login(http, tokens)
    start = http.get("/curate/new", params={"kind": "initiative", "slug": "biogas-hub"}, follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"].startswith("/curate/initiative/biogas-hub?create=1")
    form = http.get(start.headers["location"])
    assert form.status_code == 200 and 'name="create"' in form.text and 'name="etag"' not in form.text
    half = {"csrf": csrf_of(form.text), "create": "1", "prefLabel.sv": "Biogashubben", "action": "save"}
    refused = http.post("/curate/initiative/biogas-hub", data=half, follow_redirects=False)
    assert refused.status_code == 200 and 'class="field-error"' in refused.text  # the form again, problems at fields
    assert http.get("/api/initiatives/biogas-hub/history", headers=tokens["curator"]).status_code == 404
    whole = {**half, "description.sv": "En hubb för biogas.", "startYear": "2024", "message": "Ny post",
             "kind": "https://w3id.org/symbios/concept/initiative-kinds/eco-industrial-park",
             "status": "https://w3id.org/symbios/concept/initiative-status/planned",
             "place": "https://w3id.org/symbios/id/place/testby-kommun",
             "source": "https://w3id.org/symbios/id/source/test-source"}
    quote = {"source": "https://w3id.org/symbios/id/source/test-source", "locator": "Avsnitt 2",
             "quote": "Den nya resurshubben i Testby planeras och ska starta 2025."}
    for key in ("startYear", "status", "place", "kind"):
        whole.update({f"ev.{key}.{part}": value for part, value in quote.items()})
    whole["startYear"] = "2025"
    whole["ev.kind.quote"] = "Hubben är en resurshubb för företagen i kommunen."
    whole["kind"] = "https://w3id.org/symbios/concept/initiative-kinds/resource-hub"
    created = http.post("/curate/initiative/biogas-hub", data=whole, follow_redirects=False)
    assert created.status_code == 303, created.text[:800]
    versions = http.get("/api/initiatives/biogas-hub/history", headers=tokens["curator"]).json()["versions"]
    assert [(v["version"], v["state"], v["message"]) for v in versions] == [(1, "draft", "Ny post")]
    again = http.get("/curate/initiative/biogas-hub?create=1")
    assert again.status_code == 409  # creating what exists is refused; editing it is the way


def test_a_new_record_needs_a_slug_that_can_name_it(http, tokens):
    login(http, tokens)
    response = http.get("/curate/new", params={"kind": "initiative", "slug": "Biogas Hub!"})
    assert response.status_code == 400 and response.json()["parameter"] == "slug"


def test_a_quote_the_source_does_not_hold_is_refused_at_its_field_with_the_closest_passage_and_nothing_lost(http, tokens):
    login(http, tokens)
    form = http.get("/curate/initiative/test-park").text
    assert 'data-evidence data-supports="startYear"' in form and 'name="ev.startYear.quote"' in form
    data = {"csrf": csrf_of(form), "etag": re.search(r'name="etag" value="([^"]+)"', form).group(1).replace("&#34;", '"'),
            "prefLabel.sv": "Testparken", "startYear": "1999", "message": "Nytt år", "action": "save",
            "kind": "https://w3id.org/symbios/concept/initiative-kinds/eco-industrial-park",
            "status": "https://w3id.org/symbios/concept/initiative-status/active",
            "place": ["https://w3id.org/symbios/id/place/testby-kommun", "https://w3id.org/symbios/id/place/testlands-lan"],
            "source": "https://w3id.org/symbios/id/source/test-source",
            "ev.startYear.source": "https://w3id.org/symbios/id/source/test-source", "ev.startYear.locator": "Avsnitt 1",
            "ev.startYear.quote": "Parken startade 1999 i Testby kommun."}
    refused = http.post("/curate/initiative/test-park", data=data, follow_redirects=False)
    assert refused.status_code == 200
    field = refused.text.split('data-field="startYear"', 1)[1].split("</fieldset>\n  <fieldset", 1)[0]
    assert "står inte ordagrant i källan" in field and "Parken startade 1998 i Testby kommun" in field  # the closest passage
    assert "Parken startade 1999 i Testby kommun.</textarea>" in field  # the quote typed is kept to correct
    history = http.get("/api/initiatives/test-park/history", headers=tokens["curator"]).json()["versions"]
    assert [v["state"] for v in history] == ["published"]


def test_a_source_is_edited_in_the_same_form_its_year_stored_as_a_year_and_its_address_as_a_link(http, tokens):
    login(http, tokens)
    form = http.get("/curate/source/test-source?lang=en")
    assert form.status_code == 200 and "Testkälla" in form.text
    for key in ("title", "issued", "language", "page", "publisher"):
        assert f'data-field="{key}"' in form.text, key
    data = {"csrf": csrf_of(form.text), "etag": re.search(r'name="etag" value="([^"]+)"', form.text).group(1).replace("&#34;", '"'),
            "title.sv": "Testkälla", "title.en": "Test source", "issued": "2021", "language": "sv",
            "page": "https://example.org/rapport", "fileName": "test-source.txt", "message": "Metadata", "action": "save"}
    saved = http.post("/curate/source/test-source?lang=en", data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:800]
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, FOAF, XSD

    draft = http.app.state.curation.current("source", "test-source")
    graph, source = draft.graph(), URIRef("https://w3id.org/symbios/id/source/test-source")
    assert draft.state == "draft"
    assert graph.value(source, DCTERMS.issued) == Literal("2021", datatype=XSD.gYear)
    assert graph.value(source, FOAF.page) == URIRef("https://example.org/rapport")
    assert graph.value(source, DCTERMS.language) == Literal("sv")


def test_a_refused_save_lists_every_problem_at_the_top_linking_to_its_field(http, tokens):
    login(http, tokens)
    start = http.get("/curate/initiative/biogas-hub?create=1")
    refused = http.post("/curate/initiative/biogas-hub", data={"csrf": csrf_of(start.text), "create": "1",
                                                              "prefLabel.sv": "Biogashubben", "startYear": "tjugohundra",
                                                              "action": "save"}, follow_redirects=False)
    assert refused.status_code == 200
    summary = refused.text.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "behöver rättas" in summary and "inget är sparat än" in summary
    fields = set(re.findall(r'href="#field-([A-Za-z]+)"', summary))
    assert {"startYear", "kind", "status"} <= fields
    for key in fields:
        assert f'id="field-{key}"' in refused.text  # each link leads to its field
    assert summary.index("#field-") < len(summary) and "sym:" not in summary and "skos:" not in summary
