"""What the text of a SPARQL request says, read without running it: whether it is an update,
whether it calls SERVICE, where a syntax error is, and values bound into it safely."""

from __future__ import annotations

import re
from collections.abc import Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

from ..errors import BadQuery, ForbiddenOperation

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


#: What may follow the keyword SERVICE: whitespace, a comment, SILENT, or the service's IRI,
#: variable or prefixed name (``VarOrIri``).
_SERVICE = re.compile(r"SERVICE(?=[\s#<?$:]|[^\W\d_])", re.IGNORECASE)
#: Characters of the names the grammar reads greedily (variables, prefixed and blank-node names).
_NAME_CHAR = re.compile(r"[\w\u00B7\u0300-\u036F\u203F\u2040:-]")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def as_parsed(text: str) -> str:
    """The text as the parser reads it: SPARQL replaces ``\\uXXXX`` and ``\\UXXXXXXXX`` anywhere in a
    query by their code points before parsing (SPARQL 1.1 Query, 19.2), so ``\\u0053ERVICE`` is the
    keyword SERVICE. One pass, as the engine makes it."""
    def codepoint(match: re.Match) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else match.group(0)
    return _CODEPOINT.sub(codepoint, text)


def mentions_service(text: str) -> bool:
    """True when the text could hold a SERVICE pattern: the word SERVICE, in any case, followed by
    what may follow the keyword, and not inside a variable, prefixed or blank-node name.

    The check leans to refusing. It does not guess what is an IRI, a string or a comment (a
    comparison ``?x<?y)SERVICE<…>`` reads like an IRI to a naive scanner), so "SERVICE " inside a
    string or a comment is refused too. A name that merely contains the word (``?services``,
    ``ex:myService``, ``schema:Service``) is not: the grammar reads a variable or a prefixed name
    greedily, so the word inside one can never be the keyword."""
    text = as_parsed(text)
    for match in _SERVICE.finditer(text):
        start = i = match.start()
        while i > 0 and _NAME_CHAR.match(text[i - 1]):
            i -= 1
        run = text[i:start]
        if ":" in run:  # inside a prefixed name (ex:my-SERVICE) or a blank node label (_:SERVICE)
            continue
        if i > 0 and text[i - 1] in "?$" and "-" not in run:  # inside a variable's name (?myService)
            continue
        return True
    return False


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets ``{ ( [`` in the text, counted everywhere (also inside strings
    and IRIs, so the figure is an upper bound of what the parser will recurse into)."""
    depth = deepest = 0
    for c in text:
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif c in "})]" and depth:
            depth -= 1
    return deepest


def check_public(text: str, max_bytes: int, max_depth: int) -> None:
    """Refuse, before any parser sees it, an update, a public query that is too long or nested too
    deeply (the engine's recursive parser overflows its stack on a few thousand levels), and one that
    could make the engine call another server (SERVICE)."""
    if looks_like_update(text):
        raise ForbiddenOperation("Updates are not accepted here: this endpoint is read-only. "
                                 "Curators change records through the curation API.")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise BadQuery(f"The query is {size} bytes long, more than the limit of {max_bytes} (SYMBIOS_QUERY_MAX_BYTES). "
                       "Shorten it: move long VALUES lists into several queries.", limit=max_bytes)
    text = as_parsed(text)
    depth = nesting_depth(text)
    if depth > max_depth:
        raise BadQuery(f"The query nests brackets {depth} levels deep, more than the limit of {max_depth} "
                       "(SYMBIOS_QUERY_MAX_DEPTH). Flatten the nested groups or expressions.", limit=max_depth)
    if mentions_service(text):
        raise ForbiddenOperation(
            "Federated queries (SERVICE) are refused: this endpoint never fetches other URLs on a client's behalf. "
            "Query the other endpoint yourself and combine the results. (The word SERVICE followed by a space, "
            "an IRI or a name is refused anywhere outside a variable or prefixed name, also in a string or a "
            "comment.)")


_DATASET = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<|[^\W\d][\w.-]*:|:)", re.IGNORECASE)


def names_dataset(text: str) -> bool:
    """True when the query names its own dataset (FROM or FROM NAMED), which then replaces the
    endpoint's default (the union of the record graphs), as the SPARQL Protocol says."""
    return bool(_DATASET.search(as_parsed(text)))


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
