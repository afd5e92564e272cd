"""Run ad-hoc SPARQL for the CLI and render it as a table, CSV, JSON or Turtle."""

from __future__ import annotations

import json

from rdflib import Literal, URIRef

from .errors import BadRequest
from .namespaces import prefixed
from .store import Store


def short(term) -> str:
    """A compact display form of a term: prefixed names for known namespaces."""
    if isinstance(term, URIRef):
        return prefixed(str(term))
    if isinstance(term, Literal):
        return str(term)
    return "" if term is None else str(term)


def table(variables: list[str], rows: list[dict]) -> str:
    cells = [[short(row.get(v)) for v in variables] for row in rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(variables)]
    line = lambda values: "  ".join(value.ljust(width) for value, width in zip(values, widths)).rstrip()
    out = [line(variables), line(["-" * w for w in widths])] + [line(c) for c in cells]
    return "\n".join(out) + f"\n({len(rows)} rows)\n"


def run_cli_query(store: Store, text: str, fmt: str) -> str:
    """The query's result as text: SELECT and ASK as a table, CSV or JSON; CONSTRUCT and DESCRIBE
    as Turtle (``fmt`` ttl). BadRequest for ttl on a SELECT or ASK, which return no triples."""
    kind, body, _ = store.protocol_query(text, "json", "turtle")
    if kind == "graph":
        return body.decode("utf-8")
    if fmt == "ttl":
        raise BadRequest(
            f"--format ttl is for CONSTRUCT and DESCRIBE queries, which return triples; this {kind.upper()} "
            "query returns a table. Use --format table, csv or json for SELECT and ASK."
        )
    if fmt == "json" or kind == "ask":
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":  # the engine's own SPARQL 1.1 CSV writer (blank nodes as _:label)
        return store.protocol_query(text, "csv", "turtle")[1].decode("utf-8")
    result = store.select(text)
    return table(result.variables, result.rows)
