"""One item that goes wrong is that item's failure: its source, other items and feed carry on.

tests/fixtures/hostile/items/ is a feed of three articles. One redirects to an IPv6 literal (its
URL used to break canonical_url on the second pass).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.demo import fixture_response
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
