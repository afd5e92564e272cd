"""API tokens of curators, reviewers and admins.

A token is shown once when it is created and stored only as its SHA-256 hash, in the curation
database (``curation.sqlite`` in the state folder, next to the record history). Roles are
ordered: a reviewer may do what a curator may, an admin what a reviewer may.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from .database import Database
from .errors import BadRequest, Conflict, NotFound

ROLES = ("curator", "reviewer", "admin")
TOKEN_PREFIX = "sym_"


@dataclass(frozen=True)
class Account:
    name: str
    role: str

    def may(self, role: str) -> bool:
        """True when this account's role is ``role`` or above it."""
        return ROLES.index(self.role) >= ROLES.index(role)


def digest(token: str) -> str:
    """The SHA-256 hash a token is stored as, and known by (a browser session names its token by it)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self, name: str, role: str) -> str:
        """Create a token for ``name`` with ``role``; returns the token (it is not kept)."""
        name = name.strip()
        if not name:
            raise BadRequest("Give the token a name (--name), e.g. the curator's organisation or system.")
        if role not in ROLES:
            raise BadRequest(f"Unknown role {role!r}. Accepted: {', '.join(ROLES)}.", parameter="role", accepted=list(ROLES))
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.database.transaction() as db:
            if db.execute("SELECT 1 FROM tokens WHERE name = ? AND revoked IS NULL", (name,)).fetchone():
                raise Conflict(f"An active token called {name!r} exists. Revoke it first or choose another name.")
            db.execute(
                "INSERT INTO tokens (name, role, digest, created) VALUES (?, ?, ?, ?)",
                (name, role, digest(token), datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
        return token

    def revoke(self, name: str) -> None:
        """Revoke the active token called ``name`` and end its browser sessions for good."""
        with self.database.transaction() as db:
            db.execute("DELETE FROM sessions WHERE token IN (SELECT digest FROM tokens WHERE name = ? AND revoked IS NULL)",
                       (name,))
            cursor = db.execute(
                "UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"), name),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"No active token called {name!r}. See `symbios token list`.")

    def list(self) -> list[dict]:
        with self.database.connect() as db:
            rows = db.execute("SELECT name, role, created, revoked FROM tokens ORDER BY created, name").fetchall()
        return [dict(row) for row in rows]

    def authenticate(self, token: str) -> Account | None:
        """The account a token belongs to, or None for an unknown or revoked token."""
        with self.database.connect() as db:
            row = db.execute(
                "SELECT name, role FROM tokens WHERE digest = ? AND revoked IS NULL", (digest(token),)
            ).fetchone()
        return Account(row["name"], row["role"]) if row else None
