"""Who may write what (#19): every write route of the app × every role, with the status each gets.

The table below names every route that changes something, with the least role it needs, and a
way to call it that succeeds once the role check lets the caller through. It is checked against
the app's route table, so a new write route fails the test until it is added here. Browser
forms are called as a browser does: with the session cookie and the form's CSRF token.

Roles: ``anonymous`` sends no token (and has no session), ``revoked`` sends an admin token that was
revoked (or has a session that began before the revocation).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Callable

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from catalogue.loading import load_catalogue
from catalogue.settings import Settings
from catalogue.sessions import COOKIE

from .backends import REMOTE, SHARED, claim, new_store, store_settings
from .conftest import FIXTURES
from .writing import TURTLE, new_record

ROLES = ("anonymous", "curator", "reviewer", "admin", "revoked")
RANK = {"anonymous": -1, "revoked": -1, "curator": 0, "reviewer": 1, "admin": 2}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ID = "https://w3id.org/symbios/id/"
_numbers = itertools.count(1)

ACTOR = """
@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/symbios/id/actor/{slug}> a sym:Actor ;
    skos:prefLabel "Rollbruket"@sv ;
    sym:actorType <https://w3id.org/symbios/concept/actor-types/company> ;
    dcterms:source <https://w3id.org/symbios/id/source/test-source> ;
    sym:evidence <https://w3id.org/symbios/id/actor/{slug}#ev-type> .
<https://w3id.org/symbios/id/actor/{slug}#ev-type> a sym:Evidence ;
    dcterms:source <https://w3id.org/symbios/id/source/test-source> ; sym:locator "Avsnitt 2" ;
    sym:quote "Testväxthuset är ett företag i Testby."@sv ; sym:supportsProperty sym:actorType .
"""


def body_of(kind: str, slug: str) -> str:
    if kind == "actor":
        return ACTOR.replace("{slug}", slug)
    return new_record("Rollhubben").replace("/initiative/new-hub", f"/initiative/{slug}")


# -- the app, its callers and records to act on -------------------------------------------------------


def _fill(store) -> None:
    load_catalogue(store, Settings(**store_settings(), data_dir=FIXTURES / "catalogue"))


SHARED[(__name__, "roles_store")] = ("roles", _fill)


@pytest.fixture(scope="module")
def roles_store():
    if REMOTE:
        return claim("roles", _fill)
    store = new_store()
    _fill(store)
    return store


@pytest.fixture(scope="module")
def world(roles_store, tmp_path_factory):
    """One app for the whole table: each case makes the record it acts on, so cases never meet."""
    settings = Settings(**store_settings(), data_dir=FIXTURES / "catalogue",
                        curation_db=str(tmp_path_factory.mktemp("roles") / "curation.sqlite"))
    app = create_app(settings, store=roles_store)
    accounts, sessions = app.state.accounts, app.state.sessions
    tokens = {role: accounts.create(f"roles-{role}", role) for role in ("curator", "reviewer", "admin")}
    tokens["revoked"] = accounts.create("roles-revoked", "admin")
    revoked_session, _ = sessions.login(tokens["revoked"])
    revoked_csrf = sessions.find(revoked_session)[1]
    accounts.revoke("roles-revoked")
    return World(app, tokens, (revoked_session, revoked_csrf))


@dataclass
class World:
    app: object
    tokens: dict[str, str]
    revoked_session: tuple[str, str]  # (session id, its CSRF token) of a session whose token was revoked since

    @property
    def curation(self):
        return self.app.state.curation

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}

    def browser(self, role: str) -> tuple[TestClient, str]:
        """A client with ``role``'s session cookie, and the session's CSRF token (as the forms carry it)."""
        if role == "anonymous":
            return TestClient(self.app), ""
        if role == "revoked":
            session, csrf = self.revoked_session
        else:
            session, _ = self.app.state.sessions.login(self.tokens[role])
            csrf = self.app.state.sessions.find(session)[1]
        return TestClient(self.app, cookies={COOKIE: session}), csrf

    def draft(self, kind: str, state: str = "draft") -> tuple[str, str]:
        """(slug, ETag) of a new record of ``kind`` whose latest version is in ``state``."""
        slug = f"roles-{kind}-{next(_numbers)}"
        graph = Graph().parse(data=body_of(kind, slug), format="turtle")
        version = self.curation.save(kind, slug, graph, "setup", "for the roles table", None, create=True)
        action = {"draft": None, "published": "publish"}[state]
        if action:
            version = self.curation.transition(kind, slug, action, "setup", "", version.etag)
        return slug, version.etag


# -- how each write is called ------------------------------------------------------------------------

Call = Callable[[World, str], object]  # (world, role) -> response


def create(collection: str, kind: str) -> Call:
    def call(w: World, role: str):
        slug = f"roles-new-{kind}-{next(_numbers)}"
        return TestClient(w.app).post(f"/api/{collection}", content=body_of(kind, slug), headers={**TURTLE, **w.bearer(role)})
    return call


def update(collection: str, kind: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft(kind)
        return TestClient(w.app).put(f"/api/{collection}/{slug}", content=body_of(kind, slug),
                                     headers={**TURTLE, **w.bearer(role), "If-Match": etag})
    return call


def merge_patch(collection: str, kind: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft(kind)
        return TestClient(w.app).patch(f"/api/{collection}/{slug}?lang=sv", json={"alt_labels": ["Ett annat namn"]},
                                       headers={"Content-Type": "application/merge-patch+json", **w.bearer(role), "If-Match": etag})
    return call


def transition(collection: str, kind: str, action: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft(kind, "published" if action == "withdraw" else "draft")
        headers = {**w.bearer(role), "If-Match": etag}
        client = TestClient(w.app)
        if action == "withdraw":
            return client.delete(f"/api/{collection}/{slug}", headers=headers)
        return client.post(f"/api/{collection}/{slug}/{action}", headers=headers)
    return call


def restore(collection: str, kind: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft(kind)
        return TestClient(w.app).post(f"/api/{collection}/{slug}/restore?version=1", headers={**w.bearer(role), "If-Match": etag})
    return call


def create_account(w: World, role: str):
    return TestClient(w.app).post("/api/accounts", json={"name": f"roles-made-{next(_numbers)}", "role": "curator"},
                                  headers=w.bearer(role))


def revoke_account(w: World, role: str):
    name = f"roles-gone-{next(_numbers)}"
    w.app.state.accounts.create(name, "curator")
    return TestClient(w.app).delete(f"/api/accounts/{name}", headers=w.bearer(role))


def graph_store(method: str, direct: bool = False) -> Call:
    def call(w: World, role: str):
        client = TestClient(w.app)
        headers = {**TURTLE, **w.bearer(role)}
        if direct:  # a graph named by the URL, never a record: the policy refuses it once the role check passed
            return client.request(method, "/graph-store/some-graph", content=body_of("actor", "x"), headers=headers)
        if method == "DELETE":
            slug, etag = w.draft("actor", "published")
            return client.delete("/graph-store", params={"graph": f"{ID}actor/{slug}"}, headers={**headers, "If-Match": etag})
        slug = f"roles-gsp-{next(_numbers)}"
        return client.request(method, "/graph-store", params={"graph": f"{ID}actor/{slug}"},
                              content=body_of("actor", slug), headers=headers)
    return call


def sparql(w: World, role: str):
    return TestClient(w.app).post("/sparql", data={"query": "ASK {}"}, headers={**w.bearer(role), "Accept": "application/json"})


def reconcile(w: World, role: str):
    return TestClient(w.app).post("/reconcile", data={"queries": '{"q0": {"query": "Testby"}}'}, headers=w.bearer(role))


def similar(w: World, role: str):
    return TestClient(w.app).post("/api/similar", json={"kinds": ["eco-industrial-park"]}, headers=w.bearer(role))


def form_fields(etag: str, csrf: str, action: str) -> dict:
    concept = "https://w3id.org/symbios/concept/"
    return {"csrf": csrf, "etag": etag, "action": action, "message": "Från formuläret",
            "prefLabel.sv": "Rollhubben", "description.sv": "En ny resurshubb, ändrad i formuläret.", "startYear": "2025",
            "kind": f"{concept}initiative-kinds/resource-hub", "status": f"{concept}initiative-status/planned",
            "place": f"{ID}place/testby-kommun", "source": f"{ID}source/test-source"}


def save_form(action: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft("initiative")
        client, csrf = w.browser(role)
        return client.post(f"/curate/initiative/{slug}", data=form_fields(etag, csrf, action), follow_redirects=False)
    return call


def restore_form(w: World, role: str):
    slug, etag = w.draft("initiative")
    client, csrf = w.browser(role)
    return client.post(f"/curate/initiative/{slug}/restore", data={"csrf": csrf, "etag": etag, "version": "1"},
                       follow_redirects=False)


def inline_actor(w: World, role: str):
    client, csrf = w.browser(role)
    name = f"Rollaktör {next(_numbers)}"
    return client.post("/curate/actors/inline", headers={"X-CSRF-Token": csrf}, json={
        "name": {"sv": name}, "actor_type": "https://w3id.org/symbios/concept/actor-types/company",
        "evidence": {"source": f"{ID}source/test-source", "locator": "Avsnitt 2",
                     "quote": "Testväxthuset är ett företag i Testby."}})


def review_form(action: str) -> Call:
    def call(w: World, role: str):
        slug, etag = w.draft("initiative")
        client, csrf = w.browser(role)
        return client.post(f"/curate/initiative/{slug}/review", data={"csrf": csrf, "etag": etag, "action": action},
                           follow_redirects=False)
    return call


def suggestions(w: World, role: str):
    client, csrf = w.browser(role)
    return client.post("/curate/sources/test-source/suggestions", json={"section": "Avsnitt 1"},
                       headers={"X-CSRF-Token": csrf})


def source_form(w: World, role: str):
    client, csrf = w.browser(role)
    number = next(_numbers)
    return client.post("/curate/sources/new", data={"csrf": csrf, "title.sv": f"Rollkällan {number}",
                                                    "slug": f"roles-source-{number}", "language": "sv",
                                                    "year": "2024", "text": "En källa med en mening om restvärme i Testby."},
                       files={"file": ("", b"", "application/octet-stream")}, follow_redirects=False)


def logout_form(w: World, role: str):
    client, csrf = w.browser(role)
    return client.post("/logout", data={"csrf": csrf}, follow_redirects=False)


def login_form(w: World, role: str):
    client = TestClient(w.app)
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    token = w.tokens.get(role, "sym_not-a-token")
    return client.post("/login", data={"token": token, "next": "/curate", "csrf": csrf.group(1) if csrf else ""},
                       follow_redirects=False)


@dataclass(frozen=True)
class Write:
    method: str
    path: str
    variant: str  # what is done, when one route does several things
    role: str | None  # the least role it needs; None: anyone (a read sent as POST, or the login itself)
    success: int  # the status when the role check lets the caller through
    call: Call


WRITES = [
    *(write for collection, kind in (("initiatives", "initiative"), ("actors", "actor")) for write in (
        Write("POST", f"/api/{collection}", "create", "curator", 201, create(collection, kind)),
        Write("PUT", f"/api/{collection}/{{slug}}", "update", "curator", 200, update(collection, kind)),
        Write("PATCH", f"/api/{collection}/{{slug}}", "patch", "curator", 200, merge_patch(collection, kind)),
        Write("DELETE", f"/api/{collection}/{{slug}}", "withdraw", "curator", 200, transition(collection, kind, "withdraw")),
        Write("POST", f"/api/{collection}/{{slug}}/submit", "submit", "curator", 200, transition(collection, kind, "submit")),
        Write("POST", f"/api/{collection}/{{slug}}/publish", "publish", "reviewer", 200, transition(collection, kind, "publish")),
        Write("POST", f"/api/{collection}/{{slug}}/restore", "restore", "curator", 200, restore(collection, kind)),
    )),
    Write("POST", "/api/accounts", "create", "admin", 201, create_account),
    Write("DELETE", "/api/accounts/{name}", "revoke", "admin", 200, revoke_account),
    Write("PUT", "/graph-store", "replace", "curator", 201, graph_store("PUT")),
    Write("POST", "/graph-store", "merge", "curator", 201, graph_store("POST")),
    Write("DELETE", "/graph-store", "withdraw", "curator", 204, graph_store("DELETE")),
    Write("PUT", "/graph-store/{path:path}", "replace", "curator", 403, graph_store("PUT", direct=True)),
    Write("POST", "/graph-store/{path:path}", "merge", "curator", 403, graph_store("POST", direct=True)),
    Write("DELETE", "/graph-store/{path:path}", "withdraw", "curator", 403, graph_store("DELETE", direct=True)),
    Write("POST", "/curate/{kind}/{slug}", "save", "curator", 303, save_form("save")),
    Write("POST", "/curate/{kind}/{slug}", "submit", "curator", 303, save_form("submit")),
    Write("POST", "/curate/{kind}/{slug}", "publish", "reviewer", 303, save_form("publish")),
    Write("POST", "/curate/{kind}/{slug}/restore", "restore", "curator", 303, restore_form),
    Write("POST", "/curate/{kind}/{slug}/review", "submit", "curator", 303, review_form("submit")),
    Write("POST", "/curate/{kind}/{slug}/review", "publish", "reviewer", 303, review_form("publish")),
    Write("POST", "/curate/actors/inline", "create", "curator", 201, inline_actor),
    Write("POST", "/curate/sources/new", "create", "curator", 303, source_form),
    Write("POST", "/curate/sources/{slug}/suggestions", "suggest", "curator", 200, suggestions),
    Write("POST", "/logout", "logout", "curator", 303, logout_form),
    Write("POST", "/login", "login", "curator", 303, login_form),
    Write("POST", "/sparql", "query", None, 200, sparql),
    Write("POST", "/api/similar", "profile", None, 200, similar),
    Write("POST", "/reconcile", "queries", None, 200, reconcile),
]


def served_writes(app) -> set[tuple[str, str]]:
    served = set()
    for route in app.routes:
        nested = getattr(route, "original_router", None)
        for inner in nested.routes if nested is not None else [route]:
            for method in set(getattr(inner, "methods", None) or ()) & WRITE_METHODS:
                served.add((method, inner.path))
    return served


def test_the_roles_table_names_every_write_route_the_app_serves(world):
    assert served_writes(world.app) - {(w.method, w.path) for w in WRITES} == set(), \
        "a write route is missing from WRITES: add it with the role it needs"
    assert {(w.method, w.path) for w in WRITES} - served_writes(world.app) == set(), "WRITES names a route the app lacks"


def expected(write: Write, role: str) -> str:
    if write.role is None:
        return str(write.success)
    if RANK[role] < 0:
        return "login"
    return str(write.success) if RANK[role] >= RANK[write.role] else "role"


def outcome(response) -> str:
    """What happened: 'login' (401, or a form sent to the login page), 'role' (403 naming the role) or the status."""
    status = response.status_code
    if status == 401 or (status == 303 and response.headers["location"].startswith("/login")):
        return "login"
    if status == 403 and "role" in response.json()["error"]:
        return "role"
    return str(status)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: f"{w.method} {w.path} {w.variant}")
def test_each_write_answers_each_role_as_its_role_allows(world, write, role):
    response = write.call(world, role)
    assert outcome(response) == expected(write, role), re.findall(r"field-error[^>]*>\s*(?:<[^>]+>)*([^<]+)", response.text) or response.text[:300]


def test_a_curator_pressing_publish_in_the_form_publishes_nothing_and_saves_nothing(world):
    slug, etag = world.draft("initiative")
    client, csrf = world.browser("curator")
    response = client.post(f"/curate/initiative/{slug}", data=form_fields(etag, csrf, "publish"), follow_redirects=False)
    assert response.status_code == 403
    assert [v.state for v in world.curation.history("initiative", slug)] == ["draft"]


def test_an_unknown_form_action_is_a_400_in_the_error_shape_and_saves_nothing(world):
    slug, etag = world.draft("initiative")
    client, csrf = world.browser("reviewer")
    response = client.post(f"/curate/initiative/{slug}", data=form_fields(etag, csrf, "approve"), follow_redirects=False)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "status": 400, "parameter": "action", "accepted": ["save", "submit", "publish"],
                               "error": response.json()["error"]}
    assert len(world.curation.history("initiative", slug)) == 1
