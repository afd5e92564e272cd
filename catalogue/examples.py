"""Example queries shown on the /sparql page: catalogue/queries/example_*.rq."""

from __future__ import annotations

from dataclasses import dataclass

from . import queries


@dataclass
class Example:
    name: str
    title: str
    text: str


def example_queries() -> list[Example]:
    return [
        Example(name, queries.describe(name), queries.query_text(name))
        for name in queries.query_names()
        if name.startswith("example_")
    ]
