"""The citation string of a record (issue 21, item 8): catalogue.citation.citation."""

from __future__ import annotations

from datetime import date, datetime, timezone

from catalogue.citation import citation

IRI = "https://w3id.org/symbios/id/initiative/kemiklustret-stenungsund"


def test_a_citation_names_the_year_the_record_the_iri_the_version_and_the_licence():
    modified = datetime(2026, 11, 24, 10, 30, tzinfo=timezone.utc)
    assert citation("Kemiklustret i Stenungsund", IRI, modified, "sv") == (
        f"Symbios (2026). Kemiklustret i Stenungsund. {IRI}. Version 2026-11-24. CC BY 4.0.")


def test_a_citation_takes_a_date_or_an_iso_string_as_the_version():
    assert citation("A", IRI, date(2025, 3, 1), "en") == f"Symbios (2025). A. {IRI}. Version 2025-03-01. CC BY 4.0."
    assert citation("A", IRI, "2025-03-01T08:00:00+00:00", "en").endswith("Version 2025-03-01. CC BY 4.0.")


def test_a_record_without_a_known_change_is_cited_with_the_day_it_was_read_in_the_pages_language():
    today = date(2026, 12, 2)
    assert citation("B", IRI, None, "sv", today=today) == f"Symbios (2026). B. {IRI}. Hämtad 2026-12-02. CC BY 4.0."
    assert citation("B", IRI, None, "en", today=today) == f"Symbios (2026). B. {IRI}. Accessed 2026-12-02. CC BY 4.0."


def test_a_name_ending_in_a_full_stop_or_with_line_breaks_reads_as_one_sentence():
    assert citation("Park AB.\n  Norr.", IRI, date(2026, 1, 1), "sv").startswith("Symbios (2026). Park AB. Norr. https://")
