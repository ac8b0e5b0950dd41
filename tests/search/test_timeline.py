"""The timeline's filters in a real Chromium (theme/static/js/timeline-filter.js)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def test_timeline_person_filter_narrows_and_is_kept_in_url(page, site_url: str) -> None:
    page.goto(f"{site_url}/tidslinje/")
    items = page.locator("#tidslinje li[data-kind]")
    total = items.count()
    assert page.locator("#tidslinje-antal").inner_text() == f"{total} af {total} vises"
    page.select_option("#filter-person", "signe-aaberg")
    shown = page.locator("#tidslinje li[data-kind]:not([hidden])")
    assert 0 < shown.count() < total
    for item in shown.all():
        assert "signe-aaberg" in item.get_attribute("data-people").split()
    assert parse_qs(urlsplit(page.url).query) == {"person": ["signe-aaberg"]}
    page.goto(page.url)  # a linked, filtered timeline opens filtered
    assert page.locator("#filter-person").input_value() == "signe-aaberg"
    assert page.locator("#tidslinje li[data-kind]:not([hidden])").count() == shown.count()
