"""Search fixtures: the built fixture site served on 127.0.0.1 and one headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dossier.publish.build import build_site

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder by a real HTTP server on an ephemeral local port; yield its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built fixture site served by a real HTTP server on an ephemeral local port."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def parted_site_url(fixture_site: Path, tmp_path_factory) -> Iterator[str]:
    """The fixture site built with its search index in parts of at most two pages, served."""
    output = tmp_path_factory.mktemp("parted") / "output"
    sources = fixture_site / "sources.toml"
    build_site(fixture_site / "content", output, sources=sources, DOSSIER_SEARCH_PART_PAGES=2)
    with serve(output) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (the Debian package, never a download)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def watch(page, site_url: str) -> list[str]:
    """Collect console errors, page errors and requests that leave the local site."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_local(route) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            errors.append(f"request off-site: {route.request.url}")
            route.abort()

    page.route("**/*", only_local)
    page.set_default_timeout(10_000)
    return errors


@pytest.fixture
def page(browser, site_url: str):
    """A fresh page that fails the test on any console error, page error or request off-site."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    errors = watch(page, site_url)
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture(scope="module")
def axe_page(browser, site_url: str):
    """One page for a module, with axe-core (from npm, node_modules/) in every document it opens."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    context = browser.new_context(locale="da-DK")
    context.add_init_script(path=str(AXE))  # sent to the browser once, not for every page
    page = context.new_page()
    yield page, watch(page, site_url)
    context.close()
