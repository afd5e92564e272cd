"""SPARQL 1.1 query results writers (JSON, XML, CSV, TSV) for rows that were capped or timed.

The endpoint iterates solutions itself so it can stop at the row cap or the time limit; these
writers then produce the standard formats from the rows it kept. They know no backend: the store
hands them :class:`Term` values (catalogue/store.py converts its engine's terms at its boundary).
"""

from __future__ import annotations

import csv
import io
import json
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr


class Term(NamedTuple):
    """One RDF term of a result row. ``kind`` is "uri", "bnode" or "literal"; ``datatype`` is None
    for plain (``xsd:string``) and language-tagged literals."""

    kind: str
    value: str
    language: str | None = None
    datatype: str | None = None


def _json_term(term: Term) -> dict:
    out = {"type": term.kind, "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(variables: list[str], rows: list[list[Term | None]], truncated: bool = False) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    body = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        body["head"]["link"] = ["urn:symbios:results-truncated-at-row-cap"]
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype:
        return f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_xml(variables: list[str], rows: list[list[Term | None]], truncated: bool = False) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    if truncated:
        out.append('<link href="urn:symbios:results-truncated-at-row-cap"/>')
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None]
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def to_csv(variables: list[str], rows: list[list[Term | None]], truncated: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return buffer.getvalue().encode("utf-8")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term: Term | None) -> str:
    """The term in Turtle/N-Triples syntax, as SPARQL 1.1 TSV results write it."""
    if term is None:
        return ""
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    quoted = '"' + term.value.translate(_TSV_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted


def to_tsv(variables: list[str], rows: list[list[Term | None]], truncated: bool = False) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
