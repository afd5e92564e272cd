"""The page language: ?lang= first, then Accept-Language, then Swedish."""

from __future__ import annotations

from catalogue.errors import BadRequest

LANGUAGES = ("sv", "en")


def choose_language(explicit: str | None, accept_language: str | None) -> str:
    if explicit is not None:
        if explicit not in LANGUAGES:
            raise BadRequest(f"Unknown language '{explicit}'. Use lang=sv or lang=en.", parameter="lang", accepted=list(LANGUAGES))
        return explicit
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "sv"
