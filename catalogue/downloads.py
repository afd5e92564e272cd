"""Listings as spreadsheets: CSV that Excel opens in a Swedish locale, and XLSX (issue 21, item 8).

CSV: UTF-8 with a byte-order mark (so Excel reads å, ä, ö right), ``;`` between fields (the list
separator of Excel in Swedish, where a ``,`` file lands in one column), CRLF line ends and RFC 4180
quoting otherwise (Python's ``csv`` reads it with ``delimiter=";"`` after the BOM). XLSX: one sheet,
every cell written as text (years and codes too, so nothing is turned into a number or a date),
a bold header row with a filter, frozen below the header.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be a formula to a
spreadsheet (CSV or formula injection): in CSV it gets a leading ``'``; in XLSX it is a text cell
with Excel's quote prefix (shown as written, never evaluated).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import xlsxwriter

BOM = "\ufeff"
DELIMITER = ";"
#: First characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters no XLSX (XML 1.0) cell can hold.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Multiple values of one cell are joined with this.
JOIN = "; "
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Table:
    """A listing as a header and rows of text cells; ``name`` names the sheet and the file."""

    name: str
    header: list[str]
    rows: list[list[str]]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return JOIN.join(_text(v) for v in value)
    return NOT_IN_XML.sub("", str(value))


def neutralised(value: str) -> str:
    """``value`` safe in a CSV cell: a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralised(_text(cell)) for cell in table.header])
    for row in table.rows:
        writer.writerow([neutralised(_text(cell)) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                     "strings_to_urls": False})
    text = book.add_format({"num_format": "@"})
    quoted = book.add_format({"num_format": "@", "quote_prefix": True})
    bold = book.add_format({"num_format": "@", "bold": True})
    sheet = book.add_worksheet(table.name[:31])
    widths = [len(h) for h in table.header]
    for column, cell in enumerate(table.header):
        sheet.write_string(0, column, _text(cell), bold)
    for number, row in enumerate(table.rows, start=1):
        for column, cell in enumerate(row):
            value = _text(cell)[:32_767]  # the most a cell holds
            sheet.write_string(number, column, value, quoted if value.startswith(FORMULA_START) else text)
            widths[column] = max(widths[column], min(len(value), 60))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width + 2, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), max(len(table.header) - 1, 0))
    book.close()
    return out.getvalue()


def render(table: Table, suffix: str) -> bytes:
    return to_csv(table) if suffix == "csv" else to_xlsx(table)


# -- the listings ----------------------------------------------------------------------------------------

INITIATIVE_COLUMNS = {
    "sv": ["Namn", "Sida", "IRI", "Typ av initiativ", "Status", "Kommun", "Län", "Startår", "Resurstyper", "Aktörer"],
    "en": ["Name", "Page", "IRI", "Kind of initiative", "Status", "Municipality", "County", "Start year",
           "Resource types", "Actors"],
}
ACTOR_COLUMNS = {
    "sv": ["Namn", "Sida", "IRI", "Aktörstyper", "Antal initiativ"],
    "en": ["Name", "Page", "IRI", "Actor types", "Number of initiatives"],
}


def _page(base: str, iri: str, lang: str) -> str:
    """The record's page on this deployment (its IRI is under https://w3id.org/symbios/)."""
    path = iri.split("https://w3id.org/symbios", 1)[-1]
    return f"{base}{path}?lang={lang}"


def _labels(catalogue, iris, lang: str) -> list[str]:
    return sorted((catalogue.labels.get(iri, lang) for iri in iris), key=str.casefold)


def initiatives_table(catalogue, listing: dict, base: str, lang: str) -> Table:
    """The items of a search (:func:`catalogue.listing.search_initiatives`, all of them) as a table, with the
    municipalities, counties and actors of each from the search index."""
    rows = []
    for item in listing["items"]:
        values = catalogue.index.entries[item["iri"]].values if item["iri"] in catalogue.index.entries else {}
        actors = values.get("actor_direct") or values.get("actor") or ()
        rows.append([
            item["label"], _page(base, item["iri"], lang), item["iri"],
            [kind["label"] for kind in item.get("kind", [])],
            (item.get("status") or {}).get("label", ""),
            _labels(catalogue, values.get("municipality", ()), lang),
            _labels(catalogue, values.get("region", ()), lang),
            "" if item.get("start_year") is None else str(item["start_year"]),
            [resource["label"] for resource in item.get("resource_types", [])],
            _labels(catalogue, actors, lang),
        ])
    return Table("initiativ" if lang == "sv" else "initiatives", INITIATIVE_COLUMNS[lang], rows)


def actors_table(listing: dict, base: str, lang: str) -> Table:
    """The items of :func:`catalogue.listing.list_actor_summaries` as a table."""
    rows = [[item["label"], _page(base, item["iri"], lang), item["iri"],
             [t["label"] for t in item.get("actor_types", [])], str(item.get("initiatives", 0))]
            for item in listing["items"]]
    return Table("aktorer" if lang == "sv" else "actors", ACTOR_COLUMNS[lang], rows)
