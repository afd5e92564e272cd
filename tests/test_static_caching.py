"""Cache headers on /static and scripts that do not block rendering (#22 item 6)."""

from __future__ import annotations

import re

import pytest

HTML = {"accept": "text/html"}
PAGES = ["/", "/map", "/stats", "/sparql", "/id/initiative/test-park", "/id/place/testby-kommun", "/docs", "/about"]


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_names_its_scripts_and_styles_by_versioned_urls_that_live_a_year(client, path):
    page = client.get(path, headers=HTML)
    urls = [url for url in _static_urls(page.text) if "swagger-ui" not in url]  # /docs: Swagger UI's own assets
    assert urls, path
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{16}$", url), url
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable", url


@pytest.mark.parametrize("path", PAGES)
def test_every_script_of_a_page_is_deferred_or_a_module_so_none_blocks_rendering(client, path):
    page = client.get(path, headers=HTML).text
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page)
    assert all(" defer" in tag or 'type="module"' in tag for tag in scripts), scripts


def test_the_version_is_the_hash_of_the_files_bytes(client):
    import hashlib

    from api.app import STATIC

    url = next(u for u in _static_urls(client.get("/", headers=HTML).text) if "symbios.css" in u)
    assert url.endswith(hashlib.sha256((STATIC / "symbios.css").read_bytes()).hexdigest()[:16])


def test_an_unversioned_or_stale_url_gets_a_short_life_and_revalidates(client):
    for url in ("/static/symbios.css", "/static/symbios.css?v=0000000000000000"):
        answer = client.get(url)
        assert answer.headers["cache-control"] == "public, max-age=300"
        again = client.get(url, headers={"if-none-match": answer.headers["etag"]})
        assert again.status_code == 304


def test_an_unversioned_vendor_file_lives_a_day(client):
    from api.app import STATIC

    vendored = sorted(p for p in (STATIC / "vendor").rglob("*.js") if p.is_file())
    if not vendored:
        pytest.skip("the npm libraries are not installed (`make install`)")
    path = vendored[0].relative_to(STATIC).as_posix()
    assert client.get(f"/static/{path}").headers["cache-control"] == "public, max-age=86400"


def test_a_missing_static_file_is_a_404_without_a_cache_life(client):
    answer = client.get("/static/no-such-file.js")
    assert answer.status_code == 404 and "immutable" not in answer.headers.get("cache-control", "")
