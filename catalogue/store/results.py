"""SPARQL 1.1 query results, written by the engine's own writers and cut at the row cap.

Every results document of ``/sparql`` is written by pyoxigraph's ``QuerySolutions.serialize`` /
``QueryBoolean.serialize`` (JSON, XML, CSV, TSV), on both backends (#22 item 7): the embedded
store's solutions directly, a remote store's after its JSON results were read by the engine's
parser (:func:`remote_solutions`), so a server's quirks never reach a client.

The row cap: the engine writes the solutions as TSV, where each solution is exactly one line
(the format escapes line breaks and tabs), into a writer that stops the engine — by raising, so
the query stops being evaluated — once the header and ``row_cap`` rows are in and one more starts.
The kept TSV is then read back by the engine's TSV parser and written in the format asked for:
TSV is lossless (every term in its Turtle form), so nothing changes on the way. A cut answer says
so in the head of JSON and XML results too (``link``, as the formats allow); the route adds the
``Symbios-Results-Truncated`` header in every format.

ASK answers exist in JSON and XML only: the SPARQL 1.1 CSV/TSV results formats are defined for
SELECT results (a bare ``true`` is no results document, and rdflib's CSV/TSV parsers read every
document as a table), so the endpoint answers an ASK that accepts only CSV or TSV with a 406.
"""

from __future__ import annotations

import io
import json
import time

import pyoxigraph as ox

from ..errors import QueryTimeout

#: Results formats by short name.
FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: The formats an ASK answer (a boolean) can be written in.
BOOLEAN_FORMATS = ("json", "xml")
#: What the head of a JSON or XML answer cut at the row cap links to.
TRUNCATED_LINK = "urn:symbios:results-truncated-at-row-cap"


class _Full(Exception):
    """Raised into the engine's writer to stop it: the row cap is reached."""


class _CappedLines(io.RawIOBase):
    """A binary sink that keeps the first ``limit`` lines (all with None) and raises :class:`_Full`
    as soon as anything comes after them; past ``deadline`` (time.monotonic()) it raises QueryTimeout."""

    def __init__(self, limit: int | None, deadline: float | None) -> None:
        super().__init__()
        self.kept = bytearray()
        self.truncated = False
        self._limit, self._deadline = limit, deadline
        self._lines = 0
        self._end: int | None = None  # where the last kept line ends, once it has come

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise QueryTimeout("The query ran past the time limit and was stopped.")
        chunk = bytes(chunk)
        start, offset = len(self.kept), 0
        while self._limit is not None and self._end is None:
            at = chunk.find(b"\n", offset)
            if at < 0:
                break
            self._lines += 1
            offset = at + 1
            if self._lines == self._limit:
                self._end = start + offset
        self.kept += chunk
        if self._end is not None and len(self.kept) > self._end:
            del self.kept[self._end:]
            self.truncated = True
            raise _Full()
        return len(chunk)


def write_solutions(solutions: ox.QuerySolutions, fmt: str, row_cap: int | None = None,
                    deadline: float | None = None) -> tuple[bytes, bool]:
    """The solutions in ``fmt`` (a key of :data:`FORMATS`), at most ``row_cap`` of them, and whether
    there were more. Raises QueryTimeout past ``deadline`` (checked as the engine writes)."""
    sink = _CappedLines(None if row_cap is None else row_cap + 1, deadline)  # the header is a line
    try:
        solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except _Full:
        pass
    body = bytes(sink.kept)
    if fmt != "tsv":
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV).serialize(format=FORMATS[fmt])
    if sink.truncated:
        body = _marked(body, fmt)
    return body, sink.truncated


def _marked(body: bytes, fmt: str) -> bytes:
    """A cut answer's head links to :data:`TRUNCATED_LINK` (JSON and XML; CSV and TSV have no head)."""
    if fmt == "json":
        document = json.loads(body)
        document["head"]["link"] = [TRUNCATED_LINK]
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":  # the first </head> ends the head: variable names hold no '<'
        return body.replace(b"</head>", f'<link href="{TRUNCATED_LINK}"/></head>'.encode(), 1)
    return body


def write_boolean(value: bool | ox.QueryBoolean, fmt: str) -> bytes:
    """An ASK answer in ``fmt``, one of :data:`BOOLEAN_FORMATS`."""
    if fmt not in BOOLEAN_FORMATS:
        raise ValueError(f"An ASK answer is written in {' or '.join(BOOLEAN_FORMATS)}, not {fmt}.")
    if not isinstance(value, ox.QueryBoolean):
        value = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                       format=ox.QueryResultsFormat.JSON)
    return value.serialize(format=FORMATS[fmt])


def remote_solutions(document: dict) -> ox.QuerySolutions:
    """A SPARQL JSON results document from another server (already checked for blank node labels,
    see catalogue.store.remote) as the engine's solutions, read by the engine's parser."""
    return ox.parse_query_results(json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
