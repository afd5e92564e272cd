"""What a curator asks suggestions for, checked, and the answer (#20 item 4).

A request names a passage of one source's text: the whole text, a character range
(``start``/``end``, 0-based, end exclusive) or a section by its label ("Bilaga A4"), and how many
suggestions it wants at most (``limit``, capped by ``SYMBIOS_SUGGESTIONS_LIMIT``). Every value is
checked here; a wrong one is a 422 whose problem names its field, in Swedish and English.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidData
from .source_sections import Locator
from .suggestions import Finder, Lexicon

FIELDS = {"start", "end", "section", "limit"}
SECTION_MAX = 100


@dataclass(frozen=True)
class SuggestionRequest:
    start: int | None = None
    end: int | None = None
    section: str | None = None
    limit: int | None = None


def _problem(field: str, sv: str, en: str, value=None) -> dict:
    return {"field": field, "message_sv": sv, "message_en": en, "value": value, "severity": "Violation",
            "path": None, "focus": None}


def _refuse(field: str, sv: str, en: str, value=None):
    raise InvalidData(en, parameter=field, problems=[_problem(field, sv, en, value)])


def _whole(body: dict, key: str, low: int, high: int | None = None) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bound = f"{low}–{high}" if high is not None else f"{low} eller mer"
        bound_en = f"{low}–{high}" if high is not None else f"{low} or more"
        _refuse(key, f"”{key}” ska vara ett heltal {bound}.", f"“{key}” must be a whole number {bound_en}.", value)
    return value


def read_request(body: object, most: int) -> SuggestionRequest:
    """The request's values, checked; ``most`` is the setting capping ``limit``."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        _refuse("body", "Skicka ett JSON-objekt, t.ex. {\"section\": \"Bilaga A4\"}.",
                "Send a JSON object, e.g. {\"section\": \"Bilaga A4\"}.")
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        _refuse(unknown[0], f"Okänt fält ”{unknown[0]}”: använd start, end, section eller limit.",
                f"Unknown field “{unknown[0]}”: use start, end, section or limit.")
    section = body.get("section")
    if section is not None and (not isinstance(section, str) or not section.strip() or len(section) > SECTION_MAX):
        _refuse("section", f"Avsnittet ska vara en rubrik på högst {SECTION_MAX} tecken, t.ex. ”Bilaga A4”.",
                f"The section must be a heading of at most {SECTION_MAX} characters, e.g. “Bilaga A4”.", section)
    request = SuggestionRequest(_whole(body, "start", 0), _whole(body, "end", 1), section, _whole(body, "limit", 1, most))
    if section is not None and (request.start is not None or request.end is not None):
        _refuse("section", "Ange antingen ett avsnitt eller start och slut, inte båda.",
                "Give either a section or start and end, not both.", section)
    if request.start is not None and request.end is not None and request.end <= request.start:
        _refuse("end", "Slutet ska komma efter början.", "The end must come after the start.", request.end)
    return request


def merged(suggestions: list[dict]) -> list[dict]:
    """One suggestion per fact: the first sentence that says it is its quote, and ``more`` counts
    the other sentences of the passage that say it too (the curator narrows by section to pick another)."""
    first: dict[tuple, dict] = {}
    for suggestion in suggestions:
        key = (suggestion["kind"], suggestion["target"]["group"], suggestion["target"]["key"], suggestion["value"],
               suggestion["unit"], suggestion.get("indicator"))
        if key in first:
            first[key]["more"] += 1
        else:
            first[key] = {**suggestion, "more": 0}
    return list(first.values())


def answer(lexicon: Lexicon, text: str, source: str, request: SuggestionRequest, most: int, lang: str = "sv") -> dict:
    """{suggestions, sections, start, end, truncated}: the suggestions for the asked passage of ``text``."""
    locator = Locator(text)
    start, end = request.start or 0, request.end if request.end is not None else len(text)
    if end > len(text) or start >= len(text):
        _refuse("end" if end > len(text) else "start",
                f"Texten har {len(text)} tecken: välj ett stycke inom den.",
                f"The text has {len(text)} characters: choose a passage within it.", end if end > len(text) else start)
    if request.section is not None:
        wanted = " ".join(request.section.split()).casefold()
        found = next((s for s in locator.sections if s.label.casefold() == wanted), None)
        if found is None:
            _refuse("section", f"Källan har inget avsnitt ”{request.section}”.",
                    f"The source has no section “{request.section}”.", request.section)
        start, end = found.start, found.end
    limit = request.limit or most
    suggestions = merged(Finder(lexicon, text, source, lang).suggest(start, end))
    return {"suggestions": suggestions[:limit], "truncated": len(suggestions) > limit, "start": start, "end": end,
            "sections": [{"label": s.label, "start": s.start, "end": s.end} for s in locator.sections]}
