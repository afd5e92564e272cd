"""SPARQL 1.1 query results writers (JSON, XML, CSV, TSV) for rows that were capped or timed.

The endpoint iterates solutions itself so it can stop at the row cap or the time limit; these
writers then produce the standard formats from the rows it kept.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(variables: list[str], rows: list[list], truncated: bool = False) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    body = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        body["head"]["link"] = ["urn:symbios:results-truncated-at-row-cap"]
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def to_xml(variables: list[str], rows: list[list], truncated: bool = False) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    if truncated:
        out.append('<link href="urn:symbios:results-truncated-at-row-cap"/>')
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for v, term in zip(variables, row):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                inner = f"<uri>{escape(term.value)}</uri>"
            elif isinstance(term, ox.BlankNode):
                inner = f"<bnode>{escape(term.value)}</bnode>"
            elif term.language:
                inner = f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
            elif term.datatype.value != XSD_STRING:
                inner = f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            else:
                inner = f"<literal>{escape(term.value)}</literal>"
            out.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def to_csv(variables: list[str], rows: list[list], truncated: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_STRING and not term.language:
        return '"' + term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    return str(term)


def to_tsv(variables: list[str], rows: list[list], truncated: bool = False) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
