"""Browser-test fixtures: a live server over the curated catalogue, Debian's headless Chromium driven by
Playwright, a page that blocks (and reports) every request leaving localhost, screenshots and axe.

Use them from any ``tests/browser/test_*.py``: ``server`` (base URL), ``page`` (desktop, Swedish
locale), ``phone`` (390 px wide), ``shot(page, name)`` and ``axe_violations(page)``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from api.app import create_app
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.store import Store

from ..backends import REMOTE, SHARED, claim, store_settings
from ..conftest import _fill_real
from ..servers import running

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "var" / "test-artefacts" / "screenshots"
VENDOR = PROJECT_ROOT / "api" / "static" / "vendor"

if not Path(CHROMIUM).exists() or not (VENDOR / ".installed").exists():
    reason = ("needs Debian's chromium (/usr/bin/chromium; .ci/run installs it) and the npm libraries "
              "(`make install`)")
    if os.environ.get("CI"):
        raise RuntimeError(f"Browser tests cannot run in CI: {reason}.")
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return Settings(**store_settings(), data_dir=PROJECT_ROOT / "data", map_tiles="",
                    curation_db=str(tmp_path_factory.mktemp("curation") / "curation.sqlite"))


SHARED[("tests.browser", "server")] = ("browser-catalogue", _fill_real)  # every browser test module


@pytest.fixture(scope="module")
def server(settings):
    if REMOTE:
        store = claim("browser-catalogue", _fill_real)
    else:
        store = Store.open(None)
        _fill_real(store)  # the curated catalogue, read and validated once per session
    with running(create_app(settings, store=store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


class Watch:
    """Console errors and requests that try to leave localhost (they are blocked)."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.expected: list[str] = []  # console messages a test provokes on purpose (e.g. a 400 it asks for)
        self.outside: list[str] = []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


def _watched(browser, **options):
    context = browser.new_context(accept_downloads=True, **options)
    page = context.new_page()
    page.watch = Watch(page)
    yield page
    unexpected = [e for e in page.watch.errors if not any(x in e for x in page.watch.expected)]
    assert unexpected == [], f"console errors: {unexpected}"
    assert page.watch.outside == [], f"requests left localhost: {page.watch.outside}"
    context.close()


@pytest.fixture
def page(browser):
    """A desktop browser tab (1280 x 900, Swedish locale)."""
    yield from _watched(browser, locale="sv-SE", viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser):
    """A phone-sized tab (390 x 844, touch, Swedish locale)."""
    yield from _watched(browser, locale="sv-SE", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A and AA problems axe-core finds on the page, one line each."""
    # evaluated through the DevTools protocol: a <script> tag with axe inline would be refused by the page's CSP
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
    }""")
    return found
