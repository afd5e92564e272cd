"""What the text of a SPARQL request says, read without running it: whether it is an update,
whether it calls SERVICE, where a syntax error is, and values bound into it safely."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from .errors import BadQuery

_UPDATE_KEYWORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_POSITION = re.compile(r"line (\d+)[^\d]+column (\d+)|(\d+):(\d+)")


def looks_like_update(text: str) -> bool:
    """True when the text is a SPARQL Update request rather than a query."""
    stripped = re.sub(r"#[^\n]*", "", text)
    return bool(_UPDATE_KEYWORDS.match(stripped))


def with_values(text: str, bindings: Mapping[str, Node] | None) -> str:
    """Bind values with an inline VALUES block placed first in the query's outermost group, so
    that FILTERs in that group see them (a trailing VALUES clause is joined only after the
    group's filters have run). Terms are written by rdflib's N-Triples serialiser, which
    escapes them, so a value can never change the shape of the query."""
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"Not a SPARQL variable name: {name!r}")
    row = " ".join(bindings[name].n3() for name in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    brace = _first_group_brace(text)
    if brace is None:
        return f"{text}\n{block}"
    return f"{text[:brace + 1]}\n  {block}\n{text[brace + 1:]}"


def _first_group_brace(text: str) -> int | None:
    """Offset of the '{' that opens the outermost group pattern, skipping comments, IRIs and
    string literals."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "<":
            end = text.find(">", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            end = text.find(c, i + 1)
            i = n if end < 0 else end + 1
        elif c == "{":
            return i
        else:
            i += 1
    return None


def mentions_service(text: str) -> bool:
    """True when the query uses SERVICE (ignoring IRIs, strings and comments)."""
    stripped = re.sub(r"<[^>\s]*>", " ", text)
    stripped = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", stripped)
    stripped = re.sub(r"#[^\n]*", " ", stripped)
    return bool(re.search(r"\bSERVICE\b", stripped, re.IGNORECASE))


def bad_query(error: Exception, text: str) -> BadQuery:
    """The parser's error as a BadQuery naming the line and column, when the message gives them."""
    message = str(error)
    line = column = None
    match = _POSITION.search(message)
    if match:
        groups = [g for g in match.groups() if g is not None]
        line, column = int(groups[0]), int(groups[1])
    where = f" at line {line}, column {column}" if line else ""
    return BadQuery(
        f"The SPARQL query does not parse{where}: {message}. Check the syntax and try again.",
        line=line,
        column=column,
    )
