"""The frame of every page in a real Chromium: favicon, footer, the timeline's filter row."""

from __future__ import annotations

import re

import pytest

# base.html gives every page the icon; the front page and the page with scripts stand for all
PAGES = ["/", "/tidslinje/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_fails_and_the_favicon_is_the_themes(browser, site_url, path) -> None:
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}{path}")
    page.wait_for_load_state("networkidle")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(f"{site_url}{icon}").ok, icon
    context.close()
    assert failed == [], path
    assert not any(url.endswith("/favicon.ico") for url in requested), requested


def test_footer_links_are_separated(page, site_url) -> None:
    page.goto(f"{site_url}/")
    text = page.locator("footer.site").inner_text()
    assert "Atom-feed. Redaktørvejledning. Data (JSON)." in text
    assert not re.search(r"\.\w", text), text  # no sentence runs into the next


def row(box: dict) -> tuple[float, float]:
    return box["y"], box["y"] + box["height"]


def test_timeline_filters_are_one_row_on_a_desktop(browser, site_url) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/tidslinje/")
    # a registry may hold long names: the menus must not push their labels onto another line
    page.evaluate(
        """() => {
          const long = 'Kommunernes Landsforenings udvalg for fælles it-arkitektur';
          for (const id of ['filter-person', 'filter-organisation']) {
            document.getElementById(id).add(new Option(long, 'lang'));
          }
        }"""
    )
    boxes = [
        page.locator(f"#tidslinje-filter {selector}").bounding_box()
        for name in ("person", "organisation", "kind")
        for selector in (f'label[for="filter-{name}"]', f"#filter-{name}")
    ]
    middles = [(top + bottom) / 2 for top, bottom in map(row, boxes)]
    assert max(middles) - min(middles) < 4, middles
    context.close()
