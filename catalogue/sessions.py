"""Browser sessions of curators: a random id in an HttpOnly cookie, a CSRF token per session.

A curator logs in with their API token once; the session belongs to that token (by its digest,
never its name), takes the token's account and role, and ends when it expires, when the curator
logs out, or for good when the token is revoked (a new token with the same name starts afresh).
Every form that changes something carries the session's CSRF token, and a post without the
right one is refused. The login form itself carries a token derived from a pre-session cookie
(:data:`LOGIN_COOKIE`), so that another site cannot log a browser in to an account of its own.

The database holds only SHA-256 hashes of session ids and CSRF tokens: a copy of it, or a backup,
opens no session. The CSRF token is derived from the session id (HMAC-SHA256), so the server can
put it in forms without keeping it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from .accounts import Account, Accounts, digest
from .database import Database, now
from .errors import ForbiddenOperation, Unauthorized

LIFETIME = timedelta(hours=8)
COOKIE = "symbios_session"
#: The pre-session cookie of the login form, and how long a login form stays usable.
LOGIN_COOKIE = "symbios_login"
LOGIN_LIFETIME = timedelta(hours=1)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _derived(secret: str, purpose: str) -> str:
    return hmac.new(secret.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_of(session: str) -> str:
    """The CSRF token of the forms of a session."""
    return _derived(session, "symbios-csrf")


def new_pre_session() -> str:
    """A random value for :data:`LOGIN_COOKIE`."""
    return secrets.token_urlsafe(32)


def login_csrf(pre_session: str) -> str:
    """The CSRF token of a login form, bound to the browser's pre-session cookie."""
    return _derived(pre_session, "symbios-login")


def check_login_csrf(pre_session: str | None, sent: str | None) -> None:
    if not pre_session or not sent or not hmac.compare_digest(login_csrf(pre_session), sent):
        raise ForbiddenOperation("The login form is stale or did not come from this site (CSRF check). "
                                 "Log in with the form on this page.")


class Sessions:
    def __init__(self, database: Database, accounts: Accounts) -> None:
        self.database = database
        self.accounts = accounts

    def login(self, token: str) -> tuple[str, Account]:
        token = token.strip()
        account = self.accounts.authenticate(token)
        if account is None:
            raise Unauthorized("The token is unknown or revoked. Ask an admin for one (`symbios token create`).")
        session = secrets.token_urlsafe(32)
        expires = (datetime.now(timezone.utc) + LIFETIME).isoformat(timespec="seconds")
        with self.database.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (now(),))
            db.execute("INSERT INTO sessions (id, token, csrf, expires) VALUES (?, ?, ?, ?)",
                       (_hash(session), digest(token), _hash(csrf_of(session)), expires))
        return session, account

    def _row(self, session: str | None):
        """The live session's row with its token's name and role, or None."""
        if not session:
            return None
        with self.database.connect() as db:
            row = db.execute("SELECT t.name, t.role, s.csrf, s.expires FROM sessions s "
                             "JOIN tokens t ON t.digest = s.token AND t.revoked IS NULL WHERE s.id = ?",
                             (_hash(session),)).fetchone()
        if row is None or row["expires"] < now():
            return None
        return row

    def find(self, session: str | None) -> tuple[Account, str] | None:
        """(account, csrf token) of a live session whose token is still active."""
        row = self._row(session)
        return (Account(row["name"], row["role"]), csrf_of(session)) if row else None

    def check_csrf(self, session: str | None, sent: str | None) -> Account:
        row = self._row(session)
        if row is None:
            raise Unauthorized("Log in first: your session has ended.")
        if not sent or not hmac.compare_digest(row["csrf"], _hash(sent)):
            raise ForbiddenOperation("The form is stale or did not come from this site (CSRF check). Reload it and try again.")
        return Account(row["name"], row["role"])

    def logout(self, session: str | None) -> None:
        if session:
            with self.database.transaction() as db:
                db.execute("DELETE FROM sessions WHERE id = ?", (_hash(session),))
