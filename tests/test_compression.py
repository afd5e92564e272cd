"""gzip for text answers above SYMBIOS_COMPRESS_MIN_BYTES, with weak ETags and 304s that still work (#22 item 6)."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app

GZIP = {"accept-encoding": "gzip"}
IDENTITY = {"accept-encoding": "identity"}


def _raw(client, path: str, headers: dict):
    """The answer's bytes as sent (httpx would decode them)."""
    with client.stream("GET", path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("path", ["/", "/id/initiative/test-park.ttl", "/api/initiatives", "/static/symbios.css",
                                  "/export/catalogue.ttl", "/export/catalogue.nq"])
def test_a_text_answer_is_compressed_for_a_client_that_accepts_gzip(client, path):
    response, body = _raw(client, path, GZIP)
    plain, identity = _raw(client, path, IDENTITY)
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    assert gzip.decompress(body) == identity
    assert len(body) < len(identity)
    assert "content-encoding" not in plain.headers


def test_a_streamed_dump_is_compressed_as_it_streams_and_reads_back_whole(client):
    response, body = _raw(client, "/export/catalogue.nt", GZIP)
    assert response.headers["content-encoding"] == "gzip" and "content-length" not in response.headers
    assert isomorphic(Graph().parse(data=gzip.decompress(body).decode("utf-8"), format="nt"),
                      Graph().parse(data=client.get("/export/catalogue.nt", headers=IDENTITY).text, format="nt"))


def test_a_small_answer_is_sent_as_it_is(client):
    response, _ = _raw(client, "/id/initiative/no-such-record", {**GZIP, "accept": "application/json"})
    assert response.status_code == 404 and "content-encoding" not in response.headers


def test_the_smallest_compressed_size_is_a_setting(fixture_settings, loaded_store):
    client = TestClient(create_app(fixture_settings.with_(compress_min_bytes=10_000_000), store=loaded_store))
    response, _ = _raw(client, "/", GZIP)
    assert "content-encoding" not in response.headers


def test_a_compressed_answer_keeps_its_etag_varies_by_encoding_and_its_304_still_works(client):
    path = "/id/initiative/test-park.ttl"
    compressed, _ = _raw(client, path, GZIP)
    plain, _ = _raw(client, path, IDENTITY)
    assert compressed.headers["etag"] == plain.headers["etag"]
    assert "accept-encoding" in compressed.headers["vary"].lower()
    again = client.get(path, headers={**GZIP, "if-none-match": compressed.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == compressed.headers["etag"]


def test_if_none_match_compares_weakly(client):
    path = "/id/initiative/test-park.ttl"
    tag = client.get(path).headers["etag"]
    again = client.get(path, headers={"if-none-match": f'"other", W/{tag}'})
    assert again.status_code == 304 and again.headers["etag"] == f"W/{tag}"


def test_a_compressed_dumps_etag_still_gives_304(client):
    compressed, _ = _raw(client, "/export/catalogue.ttl", GZIP)
    assert compressed.headers["content-encoding"] == "gzip"
    assert client.get("/export/catalogue.ttl", headers={**GZIP, "if-none-match": compressed.headers["etag"]}).status_code == 304


def test_head_has_the_compressed_get_answers_headers(client):
    get, body = _raw(client, "/", GZIP)
    head = client.head("/", headers=GZIP)
    assert head.headers["content-encoding"] == "gzip" and head.headers["content-length"] == str(len(body))
    assert head.content == b""


def test_an_already_compressed_download_is_not_compressed_again(client):
    response, _ = _raw(client, "/api/initiatives.xlsx", GZIP)
    assert response.status_code == 200 and "content-encoding" not in response.headers


def test_a_write_may_name_the_version_it_edits_by_the_etag_of_a_compressed_read(http, tokens):
    read, _ = _raw(http, "/api/initiatives/test-park", GZIP)
    assert read.headers["content-encoding"] == "gzip"
    answer = http.delete("/api/initiatives/test-park", headers={**tokens["curator"], "If-Match": read.headers["etag"]})
    assert answer.status_code == 200, answer.text
