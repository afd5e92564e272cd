"""Served JSON-LD for rdflib in tests that run without a network (#22 item 6).

JSON-LD representations name their context by its address (``<base>/context.jsonld``). rdflib's
parser fetches such a context, which a TestClient's ``http://testserver`` cannot serve; these
tests hand rdflib the very context /context.jsonld serves instead (tests/test_jsonld_context.py
checks that the two are the same, and has real clients fetch it over loopback).
"""

from __future__ import annotations

import json

from catalogue.jsonld import published_context


def offline(body: bytes | str, fmt: str = "json-ld") -> bytes | str:
    """``body`` with its ``@context`` address replaced by the published context when ``fmt`` is
    json-ld (rdflib's name); any other body as it is."""
    if fmt != "json-ld":
        return body
    document = json.loads(body)
    assert isinstance(document["@context"], str) and document["@context"].endswith("/context.jsonld"), document["@context"]
    document["@context"] = published_context()["@context"]
    return json.dumps(document)
