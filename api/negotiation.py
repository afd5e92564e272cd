"""Content negotiation: pick the best media type a client accepts among those offered.

Accept is parsed and matched by Werkzeug (``werkzeug.http.parse_accept_header`` with
``MIMEAccept``, RFC 9110 §12.5.1), not by our own parser (#22 item 7): the most specific range
that matches a type gives its q-value (``text/turtle;q=0, */*`` refuses Turtle), ``q=0`` means "not
this one", an unreadable q-value drops its entry, and among equally good types the server's order
of preference wins. Media-type parameters other than q (``text/turtle;charset=utf-8``) are not
compared: every representation here is UTF-8 and has one profile.
"""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

#: Most entries of an Accept header looked at (a browser sends a handful; a hostile one thousands).
MAX_ACCEPT_ENTRIES = 64


def parse_accept(header: str | None) -> MIMEAccept:
    """The media ranges of an Accept header (a missing or empty header accepts anything)."""
    if not header or not header.strip():
        return MIMEAccept([("*/*", 1)])
    parsed = parse_accept_header(",".join(header.split(",")[:MAX_ACCEPT_ENTRIES]), MIMEAccept)
    return MIMEAccept([(media.split(";")[0].strip(), q) for media, q in parsed])


def best_match(header: str | None, offered: list[str]) -> str | None:
    """The offered type (listed in the server's order of preference) that the client likes best, or
    None when it accepts none of them."""
    return parse_accept(header).best_match(offered)


def prefers_html(header: str | None) -> bool:
    """True when a browser-like client asks for HTML (by name) before any data format."""
    accept = parse_accept(header)
    named = any(media.lower() == "text/html" for media, _ in accept)
    return named and accept.best_match(["text/html", "application/json"]) == "text/html"
