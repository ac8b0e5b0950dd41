"""Every feed under tests/fixtures/feeds/, served by a real HTTP server as its .toml says."""

from __future__ import annotations

import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.feeds import parse_feed
from scrapers.fetch import FetchConfig, Fetcher

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
CASES = sorted(FEEDS.glob("*.toml"))


def _body(case: Path) -> bytes:
    return next(p for p in FEEDS.glob(f"{case.stem}.*") if p.suffix != ".toml").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_feed_fixture(case: Path, httpserver: HTTPServer, fast: FetchConfig):
    expect = tomllib.loads(case.read_text(encoding="utf-8"))
    body = _body(case)

    def handler(request: Request) -> Response:
        response = Response(body, status=200, headers=expect.get("headers", {}))
        if expect["content_type"]:
            response.headers["Content-Type"] = expect["content_type"]
        else:
            del response.headers["Content-Type"]
        return response

    httpserver.expect_request(f"/feeds/{case.stem}").respond_with_handler(handler)
    base = httpserver.url_for("").rstrip("/")
    fetcher = Fetcher(replace(fast, robots=False))
    try:
        response = fetcher.get(f"{base}/feeds/{case.stem}")
    finally:
        fetcher.close()
    assert response.headers.get("content-type", "") == expect["content_type"]
    feed = parse_feed(response.content, response.headers, response.url)
    assert [entry.url for entry in feed.entries] == [
        url.replace("{base}", base) for url in expect["urls"]
    ]
    assert (feed.error is not None) == expect.get("error", False), feed.error
    warnings = getattr(feed, "warnings", ())
    if "warning" in expect:
        assert any(expect["warning"] in warning for warning in warnings), warnings
    else:
        assert not warnings
    if "title" in expect:
        assert feed.title == expect["title"]
    if "first_title" in expect:
        assert feed.entries[0].title == expect["first_title"]
    if "first_author" in expect:
        assert feed.entries[0].authors[0] == expect["first_author"]
    if "texts" in expect:  # a snippet of each entry's HTML ("": none)
        assert len(expect["texts"]) == len(feed.entries)
        for entry, text in zip(feed.entries, expect["texts"], strict=True):
            assert (text in entry.html) if text else not entry.html, (entry.url, entry.html)
    for entry in feed.entries:
        for bad in ("<script", "onerror", "javascript:"):
            assert bad not in entry.html


def test_fixtures_are_complete():
    feeds = {p.stem for p in FEEDS.iterdir() if p.suffix in (".xml", ".json", ".html")}
    assert feeds == {case.stem for case in CASES} and len(CASES) >= 12


def test_hostile_unclosed_tags_cost_linear_time():
    from scrapers.feeds import _items, _literal_ids

    hostile = "<rss><channel>" + "<item><guid>x<entry><id>" * 60_000  # 1.4 MB, nothing closed
    start = time.perf_counter()
    assert _literal_ids(hostile.encode()) == set()
    assert _items(hostile) == []
    assert time.perf_counter() - start < 1.0, "the scans must not be quadratic"


def test_a_feed_whose_every_item_crashes_the_parser_is_an_error():
    item = (FEEDS / "oedelagt-element.xml").read_text(encoding="utf-8").split("<item>")[2]
    head = (FEEDS / "oedelagt-element.xml").read_text(encoding="utf-8").split("<item>")[0]
    data = head + ("<item>" + item.split("</item>")[0] + "</item>") * 3 + "</channel></rss>"
    feed = parse_feed(data.encode(), {"Content-Type": "application/rss+xml"}, "http://127.0.0.1/")
    assert feed.entries == () and "failed on every item" in (feed.error or "")
