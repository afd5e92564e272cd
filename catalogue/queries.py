"""Named SPARQL queries from catalogue/queries/*.rq, run with bound values.

Each .rq file starts with a comment saying what it returns and which variables it expects.
Values reach a query only as bindings (SEP-0007 substitution), never as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib.term import Node

from .errors import NotFound
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
