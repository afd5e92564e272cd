"""Listings as CSV and XLSX (issue 21, item 8): /api/initiatives.{csv,xlsx} and /api/actors.{csv,xlsx}."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from api.routes.downloads import INITIATIVE_PARAMETERS
from api.routes.json_api import LIST_PARAMETERS
from catalogue.downloads import BOM, Table, neutralised, to_csv, to_xlsx

FILTER = {"region": "vastra-gotalands-lan"}


def _rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):]), delimiter=";"))


def _sheet(body: bytes) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_the_search_listing_downloads_as_csv_with_the_same_rows_as_the_json_listing(real_client):
    response = real_client.get("/api/initiatives.csv", params=FILTER)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="symbios-initiativ.csv"'
    header, *rows = _rows(response.content)
    assert header == ["Namn", "Sida", "IRI", "Typ av initiativ", "Status", "Kommun", "Län", "Startår", "Resurstyper", "Aktörer"]
    listing = real_client.get("/api/initiatives", params={**FILTER, "limit": 500}).json()
    assert listing["total"] > 1
    assert [row[2] for row in rows] == [item["iri"] for item in listing["items"]]
    assert [row[0] for row in rows] == [item["label"] for item in listing["items"]]
    assert all("Västra Götalands län" in row[6] for row in rows)


def test_the_csv_holds_every_matching_row_not_one_page(real_client):
    rows = _rows(real_client.get("/api/initiatives.csv").content)[1:]
    total = real_client.get("/api/initiatives", params={"limit": 1}).json()["total"]
    assert len(rows) == total > 20


def test_a_csv_row_has_the_kinds_places_year_resources_and_actors_of_the_initiative(real_client):
    rows = _rows(real_client.get("/api/initiatives.csv", params={"q": "Stenungsund", "lang": "en"}).content)
    header, rows = rows[0], rows[1:]
    row = dict(zip(header, next(r for r in rows if r[2].endswith("/kemiklustret-stenungsund"))))
    assert row["Municipality"] == "Stenungsund"
    assert row["Page"].endswith("/id/initiative/kemiklustret-stenungsund?lang=en")
    assert row["Kind of initiative"] and row["Status"] and row["Resource types"]
    assert "Borealis" in row["Actors"] and "; " in row["Actors"]
    assert row["Start year"] == "" or row["Start year"].isdigit()


def test_the_listing_downloads_as_xlsx_with_the_same_rows_and_text_cells(real_client):
    response = real_client.get("/api/initiatives.xlsx", params={**FILTER, "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = _sheet(response.content)
    csv_rows = _rows(real_client.get("/api/initiatives.csv", params={**FILTER, "lang": "en"}).content)
    assert sheet[0][0] == "Name" and len(sheet) == len(csv_rows)
    assert [row[2] for row in sheet] == [row[2] for row in csv_rows]
    years = [row[7] for row in sheet[1:] if row[7]]
    assert years and all(isinstance(year, str) for year in years)  # text, not numbers Excel reformats


def test_the_actors_listing_downloads_as_csv_and_xlsx(real_client):
    listing = real_client.get("/api/actors", params={"limit": 1000, "lang": "en"}).json()
    rows = _rows(real_client.get("/api/actors.csv", params={"lang": "en"}).content)
    assert rows[0] == ["Name", "Page", "IRI", "Actor types", "Number of initiatives"]
    assert [row[2] for row in rows[1:]] == [item["iri"] for item in listing["items"]]
    assert all(row[4].isdigit() for row in rows[1:])
    sheet = _sheet(real_client.get("/api/actors.xlsx", params={"lang": "en", "q": "rise"}).content)
    assert len(sheet) > 1 and all("rise" in row[0].lower() for row in sheet[1:])


def test_a_download_is_as_strict_as_the_json_api(real_client):
    assert real_client.get("/api/initiatives.csv", params={"utm_source": "x"}).status_code == 400
    assert real_client.get("/api/initiatives.csv", params={"limit": "5"}).status_code == 400
    assert real_client.get("/api/initiatives.csv", params={"lang": "EN"}).status_code == 400
    assert real_client.get("/api/initiatives.csv", params={"region": "nowhere"}).status_code == 400
    assert real_client.get("/api/initiatives.csv", params={"q": "x" * 1000}).status_code == 400
    assert real_client.get("/api/actors.xlsx", params={"actor_type": "nothing-like-it"}).status_code == 400
    assert real_client.get("/api/initiatives.pdf").status_code == 404


def test_a_download_reads_every_filter_of_the_json_listing_but_the_page():
    assert INITIATIVE_PARAMETERS == LIST_PARAMETERS - {"limit", "offset"}


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_a_cell_that_a_spreadsheet_would_read_as_a_formula_is_neutralised(hostile):
    assert neutralised(hostile) == "'" + hostile
    table = Table("t", ["Namn"], [[hostile]])
    assert _rows(to_csv(table))[1] == ["'" + hostile]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    cell = book.active["A2"]
    assert cell.data_type == "s" and cell.quotePrefix  # text shown as written, never a formula


def test_an_ordinary_cell_is_left_as_written():
    assert neutralised("Kemiklustret i Stenungsund") == "Kemiklustret i Stenungsund"
    assert _rows(to_csv(Table("t", ["a", "b"], [["x;y", 'sa "hej"']])))[1] == ["x;y", 'sa "hej"']


def test_the_search_page_links_its_listing_as_csv_and_excel_with_its_filters(real_client):
    html = real_client.get("/", params={**FILTER, "utm_source": "x", "lang": "en"}, headers={"accept": "text/html"}).text
    assert 'href="/api/initiatives.csv?region=vastra-gotalands-lan&amp;lang=en"' in html
    assert 'href="/api/initiatives.xlsx?region=vastra-gotalands-lan&amp;lang=en"' in html
