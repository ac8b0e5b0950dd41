"""One item that goes wrong is that item's failure: its source, other items and feed carry on.

tests/fixtures/hostile/items/ is a feed of three articles. One redirects to an IPv6 literal (its
URL used to break canonical_url on the second pass); one makes a pipeline stage raise, which
used to fail the whole source on every run, and was never remembered or backed off.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers import items
from scrapers.demo import fixture_response
from scrapers.fetch import FetchConfig
from scrapers.run import scrape

from .conftest import HOSTILE

SITE = HOSTILE / "items"
T0 = datetime(2025, 3, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def outlet(tmp_path: Path, httpserver: HTTPServer) -> tuple[Path, str]:
    """The sources file of the outlet on the test server, and the server's base URL."""
    port = httpserver.port

    def handler(request: Request) -> Response:
        if request.path == "/flyttet.html":
            target = f"http://[::ffff:127.0.0.1]:{port}/v6-artikel.html"
            return Response("", status=302, headers={"Location": target})
        status, headers, body = fixture_response(SITE, request.path, dict(request.headers))
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    base = httpserver.url_for("").rstrip("/")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[topic]\nquery = \'SBSYS\'\n\n[[source]]\nid = "nordoe"\nname = "Nordø Nyt"\n'
        f'feed = "{base}/feed.xml"\n',
        encoding="utf-8",
    )
    return sources, base


def written(content: Path) -> list[str]:
    return sorted(path.stem for path in content.glob("articles/nordoe/*/*.md"))


def test_a_redirect_to_an_ipv6_literal_is_followed_and_written(tmp_path, outlet, fast):
    sources, base = outlet
    report = scrape(sources, tmp_path / "content", config=fast, clock=lambda: T0)
    [source] = report.sources
    assert source.errors == 0 and source.failed == 0, source.messages
    assert written(tmp_path / "content") == [
        "brugerklubben-sbsys-flytter-sit-sekretariat",
        "nordoe-kommune-saetter-penge-af-til-sbsys",
        "udvalg-vil-have-bedre-aktindsigt-i-sbsys",
    ]
    article = next((tmp_path / "content").glob("articles/nordoe/*/brugerklubben-*.md"))
    assert "Original: http://[::ffff:127.0.0.1]:" in article.read_text(encoding="utf-8")


def test_an_unexpected_error_in_one_item_is_that_items_failure(
    state_row, tmp_path, outlet, fast: FetchConfig, monkeypatch, caplog, httpserver: HTTPServer
):
    sources, base = outlet
    content, state = tmp_path / "content", tmp_path / "state"
    real = items.extract

    def extract(html: str, url: str):
        if url.endswith("/udvalg.html"):
            raise RuntimeError("an extractor bug")
        return real(html, url)

    monkeypatch.setattr(items, "extract", extract)
    with caplog.at_level(logging.WARNING):
        report = scrape(sources, content, config=fast, clock=lambda: T0)
    [source] = report.sources
    assert source.errors == 0 and source.failed == 1 and source.new == 2
    assert any(
        "nordoe" in record.getMessage() and f"{base}/udvalg.html" in record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR
    ), "the error is logged with its source and URL"
    failure = state_row(state, "item_failures", "url", f"{base}/udvalg.html")
    assert failure["failures"] == 1 and failure["error_kind"] == "other"
    assert "RuntimeError: an extractor bug" in failure["last_error"]
    assert failure["next_attempt"] == "2025-03-06T09:00:00Z"
    status = state_row(state, "source_status", "id", "nordoe")
    assert status["status"] == "ok" and status["failures"] == 0
    assert state_row(state, "http_cache", "url", f"{base}/feed.xml")["etag"]

    # ten minutes later: the feed answers 304 and the failed item waits for its backoff
    httpserver.clear_log()
    again = scrape(sources, content, config=fast, clock=lambda: T0 + timedelta(minutes=10))
    paths = [request.path for request, _ in httpserver.log if request.path != "/robots.txt"]
    assert paths == ["/feed.xml"] and again.sources[0].not_modified == 1

    # after the hour the item is tried again; failing again counts on, towards giving up
    later = scrape(sources, content, config=fast, clock=lambda: T0 + timedelta(hours=1))
    assert later.sources[0].errors == 0 and later.sources[0].failed == 1
    assert state_row(state, "item_failures", "url", f"{base}/udvalg.html")["failures"] == 2

    # once the bug is gone, the item is written and forgotten
    monkeypatch.setattr(items, "extract", real)
    fixed = scrape(sources, content, config=fast, clock=lambda: T0 + timedelta(hours=7))
    assert fixed.sources[0].new == 1 and len(written(content)) == 3
    assert state_row(state, "item_failures", "url", f"{base}/udvalg.html") == {}
