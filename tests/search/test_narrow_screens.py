"""No page is wider than the screen: on a phone (390 px) and a desktop (1280 px), in Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.publish.build import build_site

from .conftest import AXE, serve

NARROW = Path(__file__).resolve().parents[1] / "fixtures" / "narrow"  # see its README

# a page of each kind whose content can widen it: entity tables, the network's table, bare
# addresses in a note's text and its sources, an event's sources, a Markdown table in a page
PHONE = [
    "/personer/",
    "/organisationer/",
    "/netvaerk/",
    "/udtalelser/",
    "/noter/adresser-i-sagen/",
    "/begivenheder/2012/2012-10-01-udbuddet-offentliggoeres/",
    "/kilder/",
    "/noegler/",
]
DESKTOP = ["/noegler/", "/noter/adresser-i-sagen/"]


@pytest.fixture(scope="module")
def narrow_url(fixture_site: Path, tmp_path_factory) -> Iterator[str]:
    """The fixture site with tests/fixtures/narrow written over its content, built and served."""
    root = tmp_path_factory.mktemp("narrow") / "site"
    shutil.copytree(fixture_site / "content", root / "content")
    shutil.copytree(NARROW / "content", root / "content", dirs_exist_ok=True)
    build_site(root / "content", root / "output", sources=fixture_site / "sources.toml")
    with serve(root / "output") as url:
        yield url


def page_width(browser, url: str, width: int) -> tuple[int, list[str]]:
    """The page's scroll width at this viewport width, and the tables outside a scroll region."""
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800})
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok, url
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    loose = page.evaluate(
        """() => Array.from(document.querySelectorAll('main table'))
             .filter(t => !t.closest('.table-scroll[role=region][tabindex="0"]'))
             .map(t => t.outerHTML.slice(0, 80))"""
    )
    context.close()
    return scroll_width, loose


@pytest.mark.parametrize("path", PHONE)
def test_a_page_fits_a_phone(browser, narrow_url: str, path: str) -> None:
    width, loose = page_width(browser, f"{narrow_url}{path}", 390)
    assert width <= 390, path
    assert loose == [], path  # a wide table scrolls in a region a keyboard can reach


@pytest.mark.parametrize("path", DESKTOP)
def test_a_page_fits_a_desktop(browser, narrow_url: str, path: str) -> None:
    width, _ = page_width(browser, f"{narrow_url}{path}", 1280)
    assert width <= 1280, path


@pytest.mark.parametrize("path", PHONE)
def test_what_scrolls_on_a_phone_a_keyboard_can_scroll(browser, narrow_url: str, path: str) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 800})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(f"{narrow_url}{path}")
    result = page.evaluate("axe.run(document, {runOnly: ['scrollable-region-focusable']})")
    context.close()
    assert [node["html"][:80] for v in result["violations"] for node in v["nodes"]] == [], path
