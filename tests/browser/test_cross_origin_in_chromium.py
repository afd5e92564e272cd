"""A browser tool on another origin reads the catalogue (#22 item 3), in Debian's Chromium.

A tiny page on a second loopback origin (another port) fetch()es, as YASGUI, Comunica or an LDES
viewer would: a SPARQL query by POST (its Content-Type makes Chromium send a preflight), a record
as Turtle, the JSON-LD context and the change feed, and shows what it got. A write to a curator
route from the same page is refused by the browser (its preflight is not answered with CORS).
"""

from __future__ import annotations

import json

import pytest

from .conftest import shot
from .other_origin import other_origin

TOOL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another origin's tool</title></head>
<body><h1>Another origin's tool</h1><ol id="results"></ol>
<script>
const catalogue = new URLSearchParams(location.search).get("catalogue");
const show = (name, text) => { const li = document.createElement("li"); li.id = name; li.textContent = text;
                               document.getElementById("results").append(li); };
async function attempt(name, path, options) {
  try {
    const response = await fetch(catalogue + path, options);
    show(name, JSON.stringify({status: response.status, type: response.headers.get("content-type"),
                               etag: response.headers.get("etag"), body: (await response.text()).slice(0, 4000)}));
  } catch (error) {
    show(name, JSON.stringify({refused: String(error)}));
  }
}
(async () => {
  await attempt("sparql", "/sparql", {method: "POST", body: "ASK { ?s a <https://w3id.org/symbios/def#Initiative> }",
                headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}});
  await attempt("record", "/id/initiative/ash2salt", {headers: {"Accept": "text/turtle"}});
  await attempt("context", "/context.jsonld", {});
  await attempt("feed", "/feed", {headers: {"Accept": "application/ld+json"}});
  await attempt("curator", "/api/initiatives", {method: "POST", body: "{}",
                headers: {"Content-Type": "application/json", "Authorization": "Bearer not-a-token"}});
  await attempt("cookie", "/api/initiatives/ash2salt/history", {credentials: "include"});
  document.body.dataset.done = "yes";
})();
</script></body></html>
""".encode("utf-8")


@pytest.fixture(scope="module")
def tool():
    with other_origin(TOOL) as url:
        yield url


def _results(page) -> dict[str, dict]:
    page.wait_for_selector("body[data-done=yes]", timeout=30_000)
    return {item.get_attribute("id"): json.loads(item.inner_text()) for item in page.locator("#results li").all()}


def test_a_tool_on_another_origin_reads_sparql_a_record_the_context_and_the_feed(server, tool, page):
    assert tool.rsplit(":", 1)[1] != server.rsplit(":", 1)[1]  # two origins
    page.watch.expected += ["blocked by CORS policy", "net::ERR_FAILED"]  # the curator route, refused on purpose
    page.goto(f"{tool}/?catalogue={server}")
    results = _results(page)
    shot(page, "cross-origin-tool")
    assert results["sparql"]["status"] == 200
    assert json.loads(results["sparql"]["body"])["boolean"] is True
    assert results["record"]["status"] == 200 and results["record"]["type"].startswith("text/turtle")
    assert "ash2salt" in results["record"]["body"] and results["record"]["etag"]
    assert results["context"]["status"] == 200 and "@context" in json.loads(results["context"]["body"])
    assert results["feed"]["status"] == 200 and "EventStream" in results["feed"]["body"]


def test_a_tool_on_another_origin_cannot_reach_a_token_or_cookie_route(server, tool, page):
    page.watch.expected += ["blocked by CORS policy", "net::ERR_FAILED"]
    page.goto(f"{tool}/?catalogue={server}")
    results = _results(page)
    assert "refused" in results["curator"], results["curator"]
    assert "refused" in results["cookie"], results["cookie"]
