"""The README's walkthrough works as written (#22): its command, run against a real server over
data/, reconciles docs/examples/spreadsheet.csv to docs/examples/reconciled.csv, and the README's
table shows what that file holds."""

from __future__ import annotations

import csv
import io
import re
import shlex
import subprocess
import sys

import pytest

from api.app import create_app

from .conftest import PROJECT_ROOT
from .servers import running

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = PROJECT_ROOT / "docs" / "examples"


def _section() -> str:
    return README.split("## Reconciling a spreadsheet", 1)[1].split("\n## ", 1)[0]


def _command() -> list[str]:
    lines = [line for line in _section().splitlines() if line.startswith(".venv/bin/python scripts/reconcile_csv.py")]
    assert len(lines) == 1, "the walkthrough gives one command"
    words = shlex.split(lines[0])
    assert words[-2] == ">", "the command writes its output with > FILE"
    return words[:-2]


@pytest.fixture(scope="module")
def server(real_settings, real_store):
    with running(create_app(real_settings, store=real_store)) as url:
        yield url


def test_the_readme_command_reconciles_the_example_spreadsheet_to_the_example_output(server):
    words = _command()
    assert words[words.index("--service") + 1] == "http://127.0.0.1:8000/reconcile"
    words[words.index("--service") + 1] = f"{server}/reconcile"  # the test's server instead of `make run`'s
    words[0] = sys.executable
    done = subprocess.run(words, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (EXAMPLES / "reconciled.csv").read_text(encoding="utf-8")


def test_the_example_has_ten_company_names_and_ten_waste_descriptions():
    rows = list(csv.DictReader(io.StringIO((EXAMPLES / "spreadsheet.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 10 and all(row["company"] and row["waste"] for row in rows)


def test_the_readmes_table_is_the_example_output():
    rows = list(csv.DictReader(io.StringIO((EXAMPLES / "reconciled.csv").read_text(encoding="utf-8"))))
    table = [line for line in _section().splitlines() if line.startswith("| ") and not line.startswith("| company")]
    assert len(table) == len(rows) == 10
    for line, row in zip(table, rows):
        cells = [c.strip() for c in line.strip("|").split("|")]
        iri = row["company_iri"].replace("https://w3id.org/symbios/", "") or "–"
        assert cells == [row["company"], row["company_accepted"], iri, row["waste"], row["waste_candidate"],
                         row["waste_accepted"], row["waste_list_of_waste"].replace(" | ", ", ") or "–"], line


def test_every_accepted_waste_has_its_list_of_waste_codes_and_the_unknown_company_none():
    rows = list(csv.DictReader(io.StringIO((EXAMPLES / "reconciled.csv").read_text(encoding="utf-8"))))
    for row in rows:
        if row["waste_accepted"] in ("match", "score"):
            assert re.fullmatch(r"\d\d \d\d \d\d( \| \d\d \d\d \d\d)*", row["waste_list_of_waste"]), row
    unknown = next(r for r in rows if r["company"].startswith("Stora Enso"))
    assert unknown["company_accepted"] == "no" and unknown["company_iri"] == ""
