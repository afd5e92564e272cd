"""Content negotiation: pick the best media type a client accepts among those offered."""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (a missing header accepts anything)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, q) for media, q, _, _ in ranges]


def _matches(media_range: str, offered: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return offered.startswith(media_range[:-1])
    return media_range == offered


def best_match(header: str | None, offered: list[str]) -> str | None:
    """The first offered type (in the server's order of preference) that the client likes best."""
    best: tuple[float, int] | None = None
    choice = None
    for index, candidate in enumerate(offered):
        for media_range, q in parse_accept(header):
            if q > 0 and _matches(media_range, candidate):
                score = (q, -index)
                if best is None or score > best:
                    best, choice = score, candidate
                break
    return choice


def prefers_html(header: str | None) -> bool:
    """True when a browser-like client asks for HTML before any data format."""
    return best_match(header, ["text/html", "application/json"]) == "text/html" and "text/html" in (header or "")
