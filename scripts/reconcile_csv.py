"""Reconcile a spreadsheet's columns to Symbios with its W3C Reconciliation API, as OpenRefine would.

    python scripts/reconcile_csv.py IN.csv --service http://127.0.0.1:8000/reconcile \
        --column company=actor --column waste=resource-types --extend waste=list_of_waste --min-score 90 > OUT.csv

For each ``--column NAME=TYPE`` (TYPE: a type's id or its last part, e.g. actor, resource-types,
municipality) the cells are sent in batches of the manifest's batchSize; OUT.csv gets, after the
input's columns, the best candidate's name and score, whether it is accepted ("match": the
service is sure; "score": it scores at least ``--min-score``; "no") and, when it is, its IRI. For
each ``--extend NAME=PROPERTY`` the accepted IRIs' values are fetched (data extension) into one
more column, several values joined by " | ". Only the standard library: it is a client of the protocol,
not of Symbios.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import urllib.parse
import urllib.request


def post(service: str, field: str, value: dict) -> dict:
    body = urllib.parse.urlencode({field: json.dumps(value)}).encode()
    request = urllib.request.Request(service, data=body, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def reconcile(service: str, cells: list[str], type_id: str, batch_size: int) -> dict[str, dict]:
    """Cell text -> the best candidate (or {} when there is none)."""
    wanted = sorted({c.strip() for c in cells if c.strip()})
    best = {}
    for start in range(0, len(wanted), batch_size):
        part = wanted[start:start + batch_size]
        queries = {f"q{n}": {"query": text, "type": type_id, "limit": 1} for n, text in enumerate(part)}
        answer = post(service, "queries", queries)
        for n, text in enumerate(part):
            results = answer[f"q{n}"]["result"]
            best[text] = results[0] if results else {}
    return best


def extend(service: str, ids: list[str], prop: str, batch_size: int) -> dict[str, str]:
    found = {}
    for start in range(0, len(ids), batch_size):
        part = ids[start:start + batch_size]
        answer = post(service, "extend", {"ids": part, "properties": [{"id": prop}]})
        for iri in part:
            values = answer["rows"].get(iri, {}).get(prop, [])
            found[iri] = " | ".join(str(v.get("name") or next(iter(v.values()))) for v in values)
    return found


def pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    found = []
    for value in values:
        name, sep, other = value.partition("=")
        if not sep or not name or not other:
            sys.exit(f"--{what} {value!r}: write it as COLUMN={what.upper() if what == 'column' else 'PROPERTY'}.")
        found.append((name, other))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", help="The spreadsheet (CSV with a header row, UTF-8).")
    parser.add_argument("--service", default="http://127.0.0.1:8000/reconcile", help="The reconciliation endpoint.")
    parser.add_argument("--column", action="append", default=[], help="COLUMN=TYPE to reconcile (repeatable).")
    parser.add_argument("--extend", action="append", default=[], help="COLUMN=PROPERTY to fetch for accepted ones.")
    parser.add_argument("--min-score", type=float, default=None,
                        help="Also accept a best candidate the service is not sure of when it scores at least this (0-100).")
    arguments = parser.parse_args()
    with open(arguments.csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        sys.exit(f"{arguments.csv} has no rows.")
    with urllib.request.urlopen(arguments.service, timeout=60) as response:
        manifest = json.load(response)
    batch_size = int(manifest.get("batchSize") or 10)
    header = list(rows[0])
    extensions = dict(pairs(arguments.extend, "extend"))
    for column, type_id in pairs(arguments.column, "column"):
        if column not in header:
            sys.exit(f"{arguments.csv} has no column {column!r}; it has {', '.join(rows[0])}.")
        best = reconcile(arguments.service, [row[column] for row in rows], type_id, batch_size)
        def accepted(candidate: dict) -> str:
            if candidate.get("match"):
                return "match"
            low = arguments.min_score
            return "score" if candidate and low is not None and candidate["score"] >= low else "no" if candidate else ""

        values = {}
        if column in extensions:
            ids = sorted({b["id"] for b in best.values() if accepted(b) in ("match", "score")})
            values = extend(arguments.service, ids, extensions[column], batch_size)
        for row in rows:
            candidate = best.get(row[column].strip(), {})
            verdict = accepted(candidate)
            row[f"{column}_candidate"] = candidate.get("name", "")
            row[f"{column}_score"] = candidate.get("score", "")
            row[f"{column}_accepted"] = verdict
            row[f"{column}_iri"] = candidate["id"] if verdict in ("match", "score") else ""
            if column in extensions:
                row[f"{column}_{extensions[column]}"] = values.get(row[f"{column}_iri"], "")
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


if __name__ == "__main__":
    main()
