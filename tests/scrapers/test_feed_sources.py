"""Feed sources end to end: any Content-Type, validators kept, JSON Feed by URL and by discovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.demo import fixture_response
from scrapers.run import scrape, sources_table

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"


@pytest.mark.parametrize("content_type", [None, "text/html", "application/octet-stream"])
def test_a_feed_with_any_content_type_is_ok_and_keeps_its_validators(
    tmp_path, httpserver: HTTPServer, serve_sites, write_sources, fast, content_type
):
    def feed(request: Request) -> Response:
        status, headers, body = fixture_response(SITES, "kommunalit/feed.xml", request.headers)
        response = Response(body, status=status, headers=headers)
        if content_type:
            response.headers["Content-Type"] = content_type
        else:
            del response.headers["Content-Type"]
        return response

    httpserver.expect_request("/anden/feed").respond_with_handler(feed)
    base = serve_sites()
    sources = write_sources({"id": "kommunalit", "feed": f"{base}/anden/feed"})
    content = tmp_path / "content"
    first = scrape(sources, content, config=fast)
    assert first.total("new") == 2 and first.total("errors") == 0
    assert first.sources[0].messages == (), "no false alarm about the media type"
    row = sources_table(sources, content)[0]
    assert row["status"] == "ok" and row["error"] is None
    httpserver.clear_log()
    again = scrape(sources, content, config=fast)
    assert again.total("not_modified") == 1, "ETag saved, so the feed is not downloaded again"
    assert [r.headers.get("If-None-Match") for r, _ in httpserver.log if r.path == "/anden/feed"]


def test_json_feed_source_by_url(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources({"id": "sagsportalen", "feed": f"{base}/sagsportalen/feed.json"})
    report = scrape(sources, tmp_path / "content", config=fast)
    assert report.total("new") == 1 and report.total("errors") == 0
    (path,) = (tmp_path / "content").glob("articles/sagsportalen/2024/*.md")
    text = path.read_text(encoding="utf-8")
    assert "Title: Ny licensaftale for SBSYS gælder fra årsskiftet" in text
    assert f"Original: {base}/sagsportalen/nyt/licensaftale.html" in text
    assert "Authors: Søren Ågaard" in text


def test_json_feed_found_by_autodiscovery(tmp_path, httpserver, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources({"id": "sagsportalen", "site": f"{base}/sagsportalen/"})
    content = tmp_path / "content"
    assert scrape(sources, content, config=fast).total("new") == 1
    with sqlite3.connect(tmp_path / "state" / "scrape.sqlite3") as db:
        (feed_url,) = db.execute("SELECT feed_url FROM source_status").fetchone()
    assert feed_url == f"{base}/sagsportalen/feed.json"
    httpserver.clear_log()
    assert scrape(sources, content, config=fast).total("not_modified") == 1
    assert [r.path for r, _ in httpserver.log if r.path != "/robots.txt"] == [
        "/sagsportalen/feed.json"
    ]
    assert not [r for r, _ in httpserver.log if r.path.endswith("/2")], "id 2 is not a URL"
