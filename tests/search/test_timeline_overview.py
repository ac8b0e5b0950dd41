"""The timeline's overview in a real Chromium: readable on a phone, each year a working link."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("width", [390, 1280])
def test_overview_fits_and_its_year_labels_are_readable(browser, site_url, width) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/tidslinje/")
    svg = page.locator("figure.overview svg").bounding_box()
    assert svg["x"] >= 0 and svg["x"] + svg["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    heights = page.locator("figure.overview svg .ov-label").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 11, heights  # about the body text's small print
    # the overview as a table, opened: it scrolls in its own box, the page does not
    page.locator("details.overview-text summary").click()
    table = page.locator("details.overview-text table")
    assert table.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("details.overview-text .table-scroll").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    context.close()


def test_a_year_in_the_overview_leads_to_its_section(page, site_url) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}/tidslinje/")
    page.locator("figure.overview svg a").first.click()
    assert page.url.endswith("#aar-2012")
    top = page.locator("#aar-2012").bounding_box()["y"]
    assert -2 <= top < 100  # scrolled to the year's heading
