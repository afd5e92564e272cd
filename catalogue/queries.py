"""Named SPARQL queries from catalogue/queries/*.rq, run with bound values.

Each .rq file starts with a comment saying what it returns and which variables it expects.
Values reach a query only as bindings (SEP-0007 substitution), never as text.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from .errors import NotFound, ResultTooLarge
from .store import SelectResult, Store

QUERY_DIR = Path(__file__).parent / "queries"


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


@cache
def query_text(name: str) -> str:
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise NotFound(f"No query named {name!r}. Known queries: {', '.join(query_names())}.")
    return path.read_text(encoding="utf-8")


def describe(name: str) -> str:
    """The first comment line of a query file: what it returns."""
    for line in query_text(name).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def select(store: Store, name: str, **bindings: Node) -> SelectResult:
    return store.select(query_text(name), bindings)


def ask(store: Store, name: str, **bindings: Node) -> bool:
    return store.ask(query_text(name), bindings)


HEX = "0123456789abcdef"
_PARTS: dict[tuple[str, str], int] = {}  # (store location, query) -> parts it had to be read in


def select_all(store: Store, name: str) -> SelectResult:
    """A whole-catalogue query (one with the ``?part`` filter), read in 4 or 16 parts when the
    server cuts the whole result at its row cap — Virtuoso sends at most 1 048 576 rows over
    HTTP, whatever its ResultSetMaxRows says. A part is the initiatives whose IRI's MD5 starts
    with given hex digits, so the parts are disjoint and together hold every row. The number
    of parts a query needed is remembered for the next refresh."""
    key = (str(store.location), name)
    parts = _PARTS.get(key, 1)
    while True:
        try:
            if parts == 1:
                return select(store, name)
            size = len(HEX) // parts
            results = [select(store, name, part=Literal(HEX[i:i + size])) for i in range(0, len(HEX), size)]
            _PARTS[key] = parts
            return SelectResult(results[0].variables, [row for result in results for row in result.rows])
        except ResultTooLarge:
            if parts == len(HEX):
                raise
            parts *= 4
            logging.getLogger("symbios").info("%s: the server cut the result; reading it in %d parts", name, parts)
