"""The reconciliation service as a spreadsheet tool on another origin uses it (#22), in Debian's Chromium.

A page on a second loopback origin does what OpenRefine's web client does: reads the manifest,
POSTs a batch of queries as a form, and shows a candidate's preview in a frame of the size the
manifest gives. The preview page may be framed by another site; a record page may not. The
preview itself is looked at in Swedish and English, at desktop and phone width.
"""

from __future__ import annotations

import json

import pytest

from .conftest import axe_violations, shot
from .other_origin import other_origin

BOREALIS = "https://w3id.org/symbios/id/actor/borealis"

TOOL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A spreadsheet tool</title></head>
<body><h1>A spreadsheet tool</h1><ol id="results"></ol><div id="frames"></div>
<script>
const service = new URLSearchParams(location.search).get("service");
const show = (name, value) => { const li = document.createElement("li"); li.id = name; li.textContent = JSON.stringify(value);
                                document.getElementById("results").append(li); };
function frame(id, url, width, height) {
  const iframe = document.createElement("iframe");
  iframe.id = id; iframe.src = url; iframe.width = width; iframe.height = height;
  document.getElementById("frames").append(iframe);
}
(async () => {
  try {
    const manifest = await (await fetch(service)).json();
    show("manifest", {name: manifest.name, batchSize: manifest.batchSize, preview: manifest.preview});
    const body = new URLSearchParams({queries: JSON.stringify({q0: {query: "BOREALIS AB", type: manifest.defaultTypes[0].id, limit: 2}})});
    const answer = await (await fetch(service, {method: "POST", body})).json();
    show("answer", answer);
    const best = answer.q0.result[0];
    frame("preview", manifest.preview.url.replace("{{id}}", encodeURIComponent(best.id)),
          manifest.preview.width, manifest.preview.height);
    frame("record", service.replace("/reconcile", "/id/actor/borealis"), 400, 200);
  } catch (error) {
    show("error", String(error));
  }
  document.body.dataset.done = "yes";
})();
</script></body></html>
""".encode("utf-8")


@pytest.fixture(scope="module")
def tool():
    with other_origin(TOOL) as url:
        yield url


def test_a_tool_on_another_origin_reconciles_and_frames_the_preview(server, tool, page):
    assert tool.rsplit(":", 1)[1] != server.rsplit(":", 1)[1]  # two origins
    page.watch.expected += ["Refused to display", "frame-ancestors", "X-Frame-Options"]  # the record page, on purpose
    page.goto(f"{tool}/?service={server}/reconcile")
    page.wait_for_selector("body[data-done=yes]", timeout=30_000)
    results = {li.get_attribute("id"): json.loads(li.inner_text()) for li in page.locator("#results li").all()}
    assert "error" not in results, results.get("error")
    assert results["manifest"]["batchSize"] >= 1
    best = results["answer"]["q0"]["result"][0]
    assert best["id"] == BOREALIS and best["match"] is True
    preview = page.frame_locator("#preview")
    assert preview.locator("h1").inner_text(timeout=10_000) == "Borealis AB"
    page.wait_for_timeout(500)
    shot(page, "reconcile-tool")
    record = page.frame(url=lambda url: "/id/actor/borealis" in url)
    assert record is None or record.locator("h1").count() == 0  # a record page is not shown in a frame


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_preview_reads_well_in_both_languages_and_widths(server, page, phone, lang, width):
    """An actor's preview: its kind and place, its values in words."""
    tab = page if width == "desktop" else phone
    if width == "desktop":
        tab.set_viewport_size({"width": 420, "height": 220})  # the frame the manifest announces
    tab.goto(f"{server}/reconcile/preview?id={BOREALIS}&lang={lang}")
    heading = tab.locator("h1")
    assert heading.inner_text() == "Borealis AB"
    text = tab.locator("main").inner_text()
    assert ("Kommun" if lang == "sv" else "Municipality") in text and "Stenungsund" in text
    assert "https://w3id.org" not in text  # no raw IRIs for people
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(tab, f"reconcile-preview-{lang}-{width}")
    assert axe_violations(tab) == []


def test_a_resource_types_preview_gives_its_definition_and_list_of_waste_codes(server, page):
    page.set_viewport_size({"width": 420, "height": 220})
    page.goto(f"{server}/reconcile/preview?id=https://w3id.org/symbios/concept/resource-types/fly-ash&lang=en")
    text = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Fly ash" and "19 01 14" in text and "Resource types" in text
    shot(page, "reconcile-preview-concept-en")
    assert axe_violations(page) == []
