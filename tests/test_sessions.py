"""Browser sessions (#19): one token's, ended for good by its revocation; cookie flags; login CSRF;
only hashes of session ids and CSRF tokens in the database and in backups."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.backup import backup
from catalogue.database import Database
from catalogue.sessions import COOKIE, LIFETIME, LOGIN_COOKIE, Sessions
from catalogue.store import Store

from .conftest import FIXTURES


def csrf_in(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def log_in(http: TestClient, token: str):
    """Log in as a browser does: open the login form, send it back with its CSRF token."""
    form = keep_cookies(http, http.get("/login"))
    return keep_cookies(http, http.post("/login", data={"token": token, "next": "/curate", "csrf": csrf_in(form.text)},
                                        follow_redirects=False))


def keep_cookies(http: TestClient, response):
    """Keep the answer's cookies even when they are Secure, as a browser speaking https to the proxy
    in front of the app does (the test client speaks http to the app, and would drop them)."""
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0].strip('"')
        if "Secure" in header and "Max-Age=0" not in header:
            http.cookies.set(name, value)
    return response


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].split()[1]


@pytest.fixture
def accounts(curation_app) -> Accounts:
    return curation_app.state.accounts


# -- sessions belong to one token -------------------------------------------------------------------


def test_a_new_token_with_a_revoked_tokens_name_does_not_bring_back_its_sessions_issue_19(http, curation_app, accounts):
    old = accounts.create("lena", "admin")
    assert log_in(http, old).status_code == 303
    assert http.get("/curate", follow_redirects=False).status_code == 200
    accounts.revoke("lena")
    accounts.create("lena", "curator")
    page = http.get("/curate", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")  # the old session stays ended


def test_a_session_has_the_role_of_its_own_token(http, accounts):
    log_in(http, accounts.create("per", "curator"))
    assert "(curator)" in http.get("/curate?lang=en").text and "(redaktör)" in http.get("/curate?lang=sv").text


def test_revoking_a_token_deletes_its_sessions_from_the_database(http, curation_app, accounts):
    log_in(http, accounts.create("kim", "curator"))
    log_in(TestClient(curation_app), accounts.create("other", "curator"))
    accounts.revoke("kim")
    with curation_app.state.database.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1  # only the other token's


# -- the cookie ----------------------------------------------------------------------------------------


def cookie_of(response, name: str = COOKIE) -> str:
    return next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}="))


def https_app(curation_settings, curation_store):
    return create_app(replace(curation_settings, base_iri="https://symbios.example.se"), store=curation_store)


def test_the_session_cookie_is_secure_when_the_base_iri_is_https_behind_a_proxy_speaking_http(
        curation_settings, curation_store, tokens):
    http = TestClient(https_app(curation_settings, curation_store))  # the app itself sees http://testserver
    response = log_in(http, token_of(tokens["curator"]))
    assert response.status_code == 303 and "Secure" in cookie_of(response)


def test_the_session_cookie_is_secure_when_the_request_is_https(curation_app, tokens):
    response = log_in(TestClient(curation_app, base_url="https://testserver"), token_of(tokens["curator"]))
    assert "Secure" in cookie_of(response)


def test_the_session_cookie_is_not_secure_on_plain_http_without_an_https_base(http, tokens):
    assert "Secure" not in cookie_of(log_in(http, token_of(tokens["curator"])))


def test_the_session_cookie_lasts_as_long_as_the_session(http, tokens):
    cookie = cookie_of(log_in(http, token_of(tokens["curator"])))
    assert f"Max-Age={int(LIFETIME.total_seconds())}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_logging_out_removes_the_cookie_with_the_same_flags(curation_settings, curation_store, tokens):
    http = TestClient(https_app(curation_settings, curation_store))
    log_in(http, token_of(tokens["curator"]))
    response = http.post("/logout", data={"csrf": csrf_in(http.get("/curate").text)}, follow_redirects=False)
    assert response.status_code == 303
    assert "Max-Age=0" in cookie_of(response) and "Secure" in cookie_of(response)


# -- login CSRF ------------------------------------------------------------------------------------------


def test_the_login_form_carries_a_csrf_token_bound_to_a_pre_session_cookie(http):
    form = http.get("/login")
    cookie = cookie_of(form, LOGIN_COOKIE)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert csrf_in(form.text) not in cookie  # the form's token is derived from the cookie, not a copy of it


def test_a_login_without_the_forms_csrf_token_is_refused_and_starts_no_session(http, tokens):
    http.get("/login")
    response = http.post("/login", data={"token": token_of(tokens["curator"]), "next": "/curate"}, follow_redirects=False)
    assert response.status_code == 403 and "CSRF" in response.text
    assert COOKIE not in response.headers.get("set-cookie", "")
    assert 'name="csrf"' in response.text  # the form again, ready to send


def test_a_login_posted_from_another_site_without_the_pre_session_cookie_is_refused(curation_app, http, tokens):
    csrf = csrf_in(http.get("/login").text)  # the attacker's own form token, without the victim's cookie
    victim = TestClient(curation_app)
    response = victim.post("/login", data={"token": token_of(tokens["curator"]), "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 403


def test_the_login_form_keeps_its_pre_session_across_reloads(http):
    first = csrf_in(http.get("/login").text)
    assert csrf_in(http.get("/login").text) == first  # two tabs with the form both work


# -- what the database and backups hold ---------------------------------------------------------------


def test_the_database_holds_only_hashes_of_session_ids_and_csrf_tokens(http, curation_app, tokens):
    log_in(http, token_of(tokens["curator"]))
    session = http.cookies[COOKIE]
    csrf = csrf_in(http.get("/curate").text)
    raw = curation_app.state.database.path.read_bytes() + _wal(curation_app.state.database.path)
    assert session.encode() not in raw and csrf.encode() not in raw
    with curation_app.state.database.connect() as db:
        row = db.execute("SELECT * FROM sessions").fetchone()
    assert len(row["id"]) == 64 and len(row["csrf"]) == 64  # SHA-256, hex


def _wal(path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_a_backup_holds_no_session_id_or_csrf_token_in_clear(tmp_path):
    store = Store.open(None)
    database = Database(tmp_path / "curation.sqlite")
    accounts = Accounts(database)
    sessions = Sessions(database, accounts)
    session, _ = sessions.login(accounts.create("backed-up", "curator"))
    csrf = sessions.find(session)[1]
    backup(store, database, tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        snapshot = archive.read("curation.sqlite")
    assert session.encode() not in snapshot and csrf.encode() not in snapshot


def test_sessions_in_a_database_from_before_issue_19_are_dropped_and_the_rest_kept(tmp_path):
    path = tmp_path / "curation.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE tokens (name TEXT NOT NULL, role TEXT NOT NULL, digest TEXT NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT);
        CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, csrf TEXT NOT NULL, expires TEXT NOT NULL);
        INSERT INTO tokens VALUES ('old', 'admin', 'abc', '2026-01-01T00:00:00+00:00', NULL);
        INSERT INTO sessions VALUES ('clear-session-id', 'old', 'admin', 'clear-csrf', '2999-01-01T00:00:00+00:00');
    """)
    old.commit()
    old.close()
    database = Database(path)
    with database.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 1
    assert Sessions(database, Accounts(database)).find("clear-session-id") is None
    accounts = Accounts(database)
    session, _ = Sessions(database, accounts).login(accounts.create("new", "curator"))  # the new table works
    assert Sessions(database, accounts).find(session) is not None


def test_the_old_sessions_table_is_dropped_only_once(tmp_path):
    database = Database(tmp_path / "curation.sqlite")
    accounts = Accounts(database)
    session, _ = Sessions(database, accounts).login(accounts.create("stays", "curator"))
    reopened = Database(tmp_path / "curation.sqlite")
    assert Sessions(reopened, Accounts(reopened)).find(session) is not None
