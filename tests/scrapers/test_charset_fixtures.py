"""Every page under tests/fixtures/charsets/, served by a real HTTP server as its .toml says."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.extract import extract
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.pages import decode_html

CHARSETS = Path(__file__).resolve().parent.parent / "fixtures" / "charsets"
CASES = sorted(CHARSETS.glob("*.toml"))


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_charset_fixture(case: Path, httpserver: HTTPServer, fast: FetchConfig):
    expect = tomllib.loads(case.read_text(encoding="utf-8"))
    body = case.with_suffix(".html").read_bytes()

    def handler(request: Request) -> Response:
        response = Response(body, status=200, headers={"Content-Type": expect["content_type"]})
        if "content_length" in expect:  # the server cuts the body short (the client stops there)
            response.headers["Content-Length"] = str(expect["content_length"])
        return response

    httpserver.expect_request(f"/{case.stem}").respond_with_handler(handler)
    fetcher = Fetcher(replace(fast, robots=False))
    try:
        response = fetcher.get(httpserver.url_for(f"/{case.stem}"))
    finally:
        fetcher.close()
    assert len(response.content) == expect.get("content_length", len(body))
    html = decode_html(response.content, response.headers)
    markdown = extract(html, response.url).markdown
    for snippet in expect["must"]:
        assert snippet in markdown, snippet
    for snippet in expect["must_not"]:
        assert snippet not in html and snippet not in markdown, snippet


def test_fixtures_are_complete():
    pages = {path.stem for path in CHARSETS.glob("*.html")}
    assert pages == {case.stem for case in CASES} and len(CASES) >= 4
