"""How to cite a record: one citation string per record, in the page's language (issue 21, item 8).

The pattern, shown on /about and on every initiative page::

    Symbios (2026). Kemiklustret i Stenungsund. https://w3id.org/symbios/id/initiative/kemiklustret-stenungsund. Version 2026-11-24. CC BY 4.0.

The year and the version are those of the record's last published change; a record whose change
time is not known is cited with the day it was read ("Hämtad 2026-12-02" / "Accessed 2026-12-02").
Dates are ISO 8601 (YYYY-MM-DD), the Swedish way and unambiguous in English.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

AUTHOR = "Symbios"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The citation pattern in words, for the about page (sv, en).
PATTERN = {
    "sv": "Symbios (år). Postens namn. Postens IRI. Version datum för senaste ändringen. CC BY 4.0.",
    "en": "Symbios (year). Name of the record. IRI of the record. Version date of the last change. CC BY 4.0.",
}


def _day(value: date | datetime | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()  # "2026-11-24" or "2026-11-24T10:00:00+00:00"


def citation(name: str, iri: str, modified: date | datetime | str | None, lang: str = "sv",
             today: date | None = None) -> str:
    """The citation string of a record named ``name`` (in ``lang``) at ``iri``, last changed at ``modified``
    (a date, datetime or ISO string; None when not known: then the day it is read, ``today``)."""
    day = _day(modified)
    name = " ".join(str(name).split()).rstrip(".") or iri
    if day is None:
        read = today or datetime.now(timezone.utc).date()
        version = f"{'Hämtad' if lang == 'sv' else 'Accessed'} {read.isoformat()}"
        year = read.year
    else:
        version = f"Version {day.isoformat()}"
        year = day.year
    return f"{AUTHOR} ({year}). {name}. {iri}. {version}. {LICENCE}."
