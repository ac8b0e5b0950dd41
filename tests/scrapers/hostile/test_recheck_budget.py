"""Re-checks spend the source's time budget, not a time of their own without end.

The hostile run that found this: with timeout 3, source_budget 5 and 10 stored articles on a
server trickling 1 byte a second, one scrape took 40.9 s. Here tests/fixtures/hostile/items/ is
scraped, then its article pages answer slowly: the re-checks stop when the budget is spent, and
the articles not checked are the first ones checked on the next run.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.demo import fixture_response
from scrapers.fetch import FetchConfig
from scrapers.run import scrape

from .conftest import HOSTILE

SITE = HOSTILE / "items"
T0 = datetime(2025, 3, 6, 8, 0, tzinfo=UTC)
PAGES = ("/budget.html", "/udvalg.html", "/v6-artikel.html")


def test_rechecks_stop_when_the_sources_budget_is_spent(
    tmp_path: Path, httpserver: HTTPServer, fast: FetchConfig
):
    port, slow, asked = httpserver.port, {"seconds": 0.0}, []

    def handler(request: Request) -> Response:
        if request.path == "/flyttet.html":
            target = f"http://[::ffff:127.0.0.1]:{port}/v6-artikel.html"
            return Response("", status=302, headers={"Location": target})
        if request.path in PAGES:
            asked.append(request.path)  # before the answer: the log has it only after
            time.sleep(slow["seconds"])
        status, headers, body = fixture_response(SITE, request.path, dict(request.headers))
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[topic]\nquery = 'SBSYS'\n\n[fetch]\nrecheck_hours = 0\n\n[[source]]\nid = \"nordoe\"\n"
        f'name = "Nordø Nyt"\nfeed = "{httpserver.url_for("/feed.xml")}"\n',
        encoding="utf-8",
    )
    content, config = tmp_path / "content", replace(fast, timeout=1.5, source_budget=1.2)
    first = scrape(sources, content, config=config, clock=lambda: T0)
    assert first.sources[0].new == 3

    # each article page now takes 0.7 s: the 1.2 s budget holds one re-check and part of another
    slow["seconds"] = 0.7
    asked.clear()
    start = time.monotonic()
    second = scrape(sources, content, config=config, clock=lambda: T0 + timedelta(minutes=5))
    took = time.monotonic() - start
    checked = list(asked)
    assert took < 2.5, f"{took:.1f} s: the re-checks took more than the source's budget"
    assert len(checked) == 2, checked  # the third was not asked for
    statuses = [outcome.status for outcome in second.changes]
    assert statuses[0] == "not_modified" and statuses[1:] == ["error", "error"], second.changes
    assert "timeout" in second.changes[1].error
    assert "wait for the next run" in second.changes[2].error

    # the next run checks the one left over first (it was never checked), then the others
    slow["seconds"] = 0.0
    asked.clear()
    third = scrape(sources, content, config=config, clock=lambda: T0 + timedelta(minutes=10))
    checked_now = list(asked)
    assert checked_now[0] not in checked and len(checked_now) == 3
    assert all(outcome.status == "not_modified" for outcome in third.changes)
