"""The curation database: tokens and record versions, in one SQLite file.

SQLite gives what curation needs and the quad store does not: a serialising write lock
(``BEGIN IMMEDIATE``) so that two writers on one record cannot both win, and a journal that
survives a killed process. The published records themselves live in the quad store; the
database is the log they are derived from (see :mod:`catalogue.curation`).
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .errors import DatabaseBusy

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,     -- SHA-256 of the session id in the cookie
    token TEXT NOT NULL,     -- the digest of the token it began with: the session is that token's
    csrf TEXT NOT NULL,      -- SHA-256 of the session's CSRF token
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    record TEXT NOT NULL,
    number INTEGER NOT NULL,
    state TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    message TEXT NOT NULL,
    ntriples TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (record, number)
);
CREATE TABLE IF NOT EXISTS loaded (
    record TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
"""


def now() -> str:
    """The current time as the database stores it (UTC, ISO 8601, whole seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _drop_sessions_kept_in_clear(db: sqlite3.Connection) -> None:
    """Before #19 the sessions table held session ids and CSRF tokens in clear, by account name:
    drop it (its curators log in again) so that the schema makes it anew."""
    columns = {row["name"] for row in db.execute("PRAGMA table_info(sessions)")}
    if columns and "token" not in columns:
        db.execute("DROP TABLE sessions")


BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _busy(error: sqlite3.OperationalError, timeout: float) -> DatabaseBusy:
    return DatabaseBusy(
        f"The curation database is busy (another writer held its lock for more than SYMBIOS_DB_BUSY_TIMEOUT, "
        f"{timeout:g} s); nothing was stored. Try again in a moment.",
        limit=timeout, retry_after=max(1, round(timeout)),
    )


class Database:
    """``busy_timeout``: seconds a statement waits for another connection's lock before
    :class:`~catalogue.errors.DatabaseBusy` (a 503 with Retry-After on the web)."""

    def __init__(self, path: Path, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._reader = threading.local()
        with self.connect() as db:
            db.execute("PRAGMA journal_mode = WAL")
            _drop_sessions_kept_in_clear(db)
            db.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA synchronous = FULL")
            yield connection
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF in BUSY:
                raise _busy(error, self.busy_timeout) from error
            raise
        finally:
            connection.close()

    def read(self, sql: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        """The rows of one read-only statement, on a connection this thread keeps open.

        For the reads on every public request (a record's Last-Modified): opening a connection
        costs more than such a read. In autocommit mode each statement sees the latest commit."""
        connection = getattr(self._reader, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            connection.row_factory = sqlite3.Row
            self._reader.connection = connection
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF in BUSY:
                raise _busy(error, self.busy_timeout) from error
            raise

    def snapshot(self, target: Path) -> None:
        """A consistent copy of the whole database in ``target`` (SQLite's online backup)."""
        with self.connect() as source:
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()

    def counts(self) -> dict[str, int]:
        with self.connect() as db:
            return {
                "versions": db.execute("SELECT COUNT(*) FROM versions").fetchone()[0],
                "tokens": db.execute("SELECT COUNT(*) FROM tokens").fetchone()[0],
            }

    def mark_loaded(self, changed: list[str], dropped: list[str], at: str) -> None:
        """Note when `symbios load`, or a replica applying the feed, last changed each record's graph
        (its Last-Modified)."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO loaded (record, at) VALUES (?, ?)", [(r, at) for r in changed])
            db.executemany("DELETE FROM loaded WHERE record = ?", [(r,) for r in dropped])

    def replace_loaded(self, records: list[str], at: str) -> None:
        """Every record was (re)written at ``at`` and no other one exists: a replica started from a dump."""
        with self.transaction() as db:
            db.execute("DELETE FROM loaded")
            db.executemany("INSERT INTO loaded (record, at) VALUES (?, ?)", [(r, at) for r in records])

    def loaded_at(self, record: str) -> str | None:
        rows = self.read("SELECT at FROM loaded WHERE record = ?", (record,))
        return rows[0]["at"] if rows else None

    def modified_at(self, record: str) -> str | None:
        """The later of the record's last publication through curation and its last change by a load."""
        return self.read("SELECT MAX(at) FROM (SELECT at FROM versions WHERE record = ? AND state = 'published' "
                         "AND at != '' UNION ALL SELECT at FROM loaded WHERE record = ?)", (record, record))[0][0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the database's write lock from its first statement."""
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
