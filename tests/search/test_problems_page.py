"""/problemer/ in Chromium: linked from the header, readable, clean for axe-core (light, dark)."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dossier.publish.build import build_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory) -> Iterator[str]:
    """The fixture site plus the preview fixtures (files with problems), built and served."""
    site = tmp_path_factory.mktemp("problems") / "site"
    shutil.copytree(FIXTURES / "site", site)
    shutil.copytree(FIXTURES / "preview" / "content", site / "content", dirs_exist_ok=True)
    build_site(site / "content", site / "output", sources=site / "sources.toml")
    handler = functools.partial(Quiet, directory=str(site / "output"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(browser, preview_url: str):
    """One page with axe-core in every document, on the session's Chromium (conftest.py)."""
    if not AXE.is_file():
        pytest.skip("axe-core is installed by make test (npm ci)")
    context = browser.new_context(locale="da-DK")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []  # script errors (console 404s are the favicon "site" adds)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def serious(result: dict) -> list[str]:
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_header_link_leads_to_the_problem_list(page, preview_url: str) -> None:
    page.goto(f"{preview_url}/noter/sagen-kort/")
    link = page.get_by_role("link", name="Problemer i indholdet")
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"{preview_url}/problemer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Problemer i indholdet"
    row = page.get_by_role("row").filter(has_text="notes/uden-titel.md")
    assert "mangler Title" in row.inner_text() and "mangler" in row.inner_text()


@pytest.mark.parametrize("path", ["/problemer/", "/noter/sagen-kort/"])
def test_no_serious_accessibility_problems_light_and_dark(page, preview_url, path) -> None:
    page.emulate_media(color_scheme="light")
    assert page.goto(f"{preview_url}{path}").ok
    problems = serious(page.evaluate("axe.run(document, {resultTypes: ['violations']})"))
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("axe.run(document, {runOnly: ['color-contrast']})")
    assert problems + [f"dark: {p}" for p in serious(dark)] == []
