"""Records withdrawn from publication: gone (410), not unknown (404), with a pointer to their history.

A record whose last published-or-withdrawn version in the curation log is a withdrawal was here and
is no more (RFC 9110 §15.5.11). Its history is public in the change feed: the page of the feed that
holds the withdrawal, whose members are every published version and the withdrawal itself
(``<record>/version/<n>``). A slug that never named a record stays a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from .curation import BASELINE_AUTHOR
from .database import Database
from .errors import Gone

#: The feed's members, as catalogue/feed.py reads them (published and withdrawn, not the data/ baseline).
FEED_MEMBERS = "state IN ('published', 'withdrawn') AND author != ?"


@dataclass(frozen=True)
class Withdrawal:
    record: str
    number: int
    at: str
    message: str
    feed_page: int | None  # the page of /feed that holds the withdrawal (None: not in the feed)

    @property
    def member(self) -> str:
        return f"{self.record}/version/{self.number}"  # the feed's version IRI (catalogue/feed.py)


def withdrawal(database: Database, iri: str, page_size: int) -> Withdrawal | None:
    """The withdrawal of the record ``iri`` when its last public change is one, else None."""
    with database.connect() as db:
        row = db.execute("SELECT rowid, number, state, author, at, message FROM versions WHERE record = ? AND "
                         "state IN ('published', 'withdrawn') ORDER BY number DESC LIMIT 1", (iri,)).fetchone()
        if row is None or row["state"] != "withdrawn":
            return None
        page = None
        if row["author"] != BASELINE_AUTHOR:
            before = db.execute(f"SELECT COUNT(*) FROM versions WHERE {FEED_MEMBERS} AND rowid < ?",
                                (BASELINE_AUTHOR, row["rowid"])).fetchone()[0]
            page = before // page_size + 1
    return Withdrawal(iri, row["number"], row["at"], row["message"], page)


def refuse_withdrawn(database: Database, iri: str, kind: str, slug: str, page_size: int, base: str = "") -> None:
    """Raise :class:`~catalogue.errors.Gone` when the record was withdrawn; return when it never existed."""
    gone = withdrawal(database, iri, page_size)
    if gone is None:
        return
    history = f"{base}/feed?page={gone.feed_page}" if gone.feed_page else f"{base}/feed"
    raise Gone(f"The {kind} '{slug}' was withdrawn from publication on {gone.at[:10]} (version {gone.number}). "
               f"Its published versions and the withdrawal are in the change feed: {history} (member "
               f"<{gone.member}>). See / for what the catalogue holds now.", history=history)
