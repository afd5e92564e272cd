"""Browser sessions of curators: a random id in an HttpOnly cookie, a CSRF token per session.

A curator logs in with their API token once; the session row remembers the account (never the
token) until it expires or the curator logs out. Every form that changes something carries
the session's CSRF token, and a post without the right one is refused.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta, timezone

from .accounts import Account, Accounts
from .database import Database
from .errors import ForbiddenOperation, Unauthorized

LIFETIME = timedelta(hours=8)
COOKIE = "symbios_session"


class Sessions:
    def __init__(self, database: Database, accounts: Accounts) -> None:
        self.database = database
        self.accounts = accounts

    def login(self, token: str) -> tuple[str, Account]:
        account = self.accounts.authenticate(token.strip())
        if account is None:
            raise Unauthorized("The token is unknown or revoked. Ask an admin for one (`symbios token create`).")
        session = secrets.token_urlsafe(32)
        expires = (datetime.now(timezone.utc) + LIFETIME).isoformat(timespec="seconds")
        with self.database.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
            db.execute("INSERT INTO sessions (id, name, role, csrf, expires) VALUES (?, ?, ?, ?, ?)",
                       (session, account.name, account.role, secrets.token_urlsafe(24), expires))
        return session, account

    def find(self, session: str | None) -> tuple[Account, str] | None:
        """(account, csrf token) of a live session whose account still has an active token."""
        if not session:
            return None
        with self.database.connect() as db:
            row = db.execute("SELECT s.name, s.role, s.csrf, s.expires FROM sessions s "
                             "JOIN tokens t ON t.name = s.name AND t.revoked IS NULL WHERE s.id = ?", (session,)).fetchone()
        if row is None or row["expires"] < datetime.now(timezone.utc).isoformat(timespec="seconds"):
            return None
        return Account(row["name"], row["role"]), row["csrf"]

    def check_csrf(self, session: str | None, sent: str | None) -> Account:
        found = self.find(session)
        if found is None:
            raise Unauthorized("Log in first: your session has ended.")
        account, csrf = found
        if not sent or not hmac.compare_digest(csrf, sent):
            raise ForbiddenOperation("The form is stale or did not come from this site (CSRF check). Reload it and try again.")
        return account

    def logout(self, session: str | None) -> None:
        if session:
            with self.database.transaction() as db:
                db.execute("DELETE FROM sessions WHERE id = ?", (session,))
