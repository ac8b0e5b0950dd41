"""Failure memory: dead item links and failing sources are retried with backoff, not every run."""

from __future__ import annotations

import socket
import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.errors import FetchError
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.report import sources_lines
from scrapers.run import scrape, sources_table
from scrapers.state import State

T0 = datetime(2024, 10, 10, 8, 10, tzinfo=UTC)
DEAD = "/broken/fjernet-artikel.html"


def at(moment: datetime):
    return lambda: moment


def pages(httpserver: HTTPServer) -> list[str]:
    """Paths requested since the last clear_log, robots.txt left out."""
    return [request.path for request, _ in httpserver.log if request.path != "/robots.txt"]


@pytest.fixture
def dead_link_feed(serve_sites, write_sources) -> tuple[Path, str]:
    base = serve_sites()
    return write_sources({"id": "soenderaa", "feed": f"{base}/broken/doed-link.xml"}), base


def test_dead_item_link_is_retried_only_after_its_backoff_then_given_up(
    state_row, tmp_path, dead_link_feed, httpserver, fast
):
    sources, base = dead_link_feed
    content, state = tmp_path / "content", tmp_path / "state"
    first = scrape(sources, content, config=fast, clock=at(T0))
    assert first.total("new") == 1 and first.total("failed") == 1 and first.total("errors") == 0
    failure = state_row(state, "item_failures", "url", base + DEAD)
    assert failure["failures"] == 1 and failure["error_kind"] == "not_found"
    assert failure["next_attempt"] == "2024-10-10T09:10:00Z" and not failure["given_up"]
    assert state_row(state, "source_status", "id", "soenderaa")["status"] == "ok"

    # ten minutes later: the feed answers 304 (its validators were saved), no page is requested
    httpserver.clear_log()
    again = scrape(sources, content, config=fast, clock=at(T0 + timedelta(minutes=10)))
    assert pages(httpserver) == ["/broken/doed-link.xml"]
    assert again.total("not_modified") == 1 and again.total("failed") == 0

    # each later attempt waits longer: 1 h, 6 h, 1 day, 1 week after the failures, then given up
    moment = T0
    for failures, wait in enumerate((1, 6, 24, 24 * 7), start=2):
        httpserver.clear_log()
        early = moment + timedelta(hours=wait) - timedelta(minutes=30)
        scrape(sources, content, config=fast, clock=at(early))
        assert DEAD not in pages(httpserver), f"retried before its backoff of {wait} h"
        moment += timedelta(hours=wait)
        httpserver.clear_log()
        scrape(sources, content, config=fast, clock=at(moment))
        assert pages(httpserver) == ["/broken/doed-link.xml", DEAD]
        assert state_row(state, "item_failures", "url", base + DEAD)["failures"] == failures
    failure = state_row(state, "item_failures", "url", base + DEAD)
    assert failure["given_up"] and failure["next_attempt"] is None

    httpserver.clear_log()
    scrape(sources, content, config=fast, clock=at(moment + timedelta(days=60)))
    assert DEAD not in pages(httpserver), "a given-up link is not requested again"
    listing = sources_table(sources, content)
    assert [f.url for f in listing[0]["given_up"]] == [base + DEAD]
    assert any("given up after 5 failures (not_found" in line for line in sources_lines(listing))

    # an operator's --retry asks once more, given-up links included
    httpserver.clear_log()
    scrape(sources, content, config=fast, clock=at(moment + timedelta(days=61)), retry_all=True)
    assert DEAD in pages(httpserver)


def test_a_failed_item_that_answers_again_is_written_and_forgotten(
    state_row, tmp_path, httpserver, serve_sites, write_sources, fast
):
    alive = {"now": False}
    page = (
        "<html><head><meta charset='utf-8'><title>Fjernet og genfundet</title></head><body>"
        "<article><h1>SBSYS: en artikel avisen har fjernet</h1>"
        "<p>Avisen fjernede artiklen om Vesterø Kommunes nye journalsystem i en uge, mens "
        "kommunen rettede en fejl i sagsnumrene. Nu er den tilbage med rettelserne.</p>"
        "<p>Borgmester Karen Hjørne siger, at overgangen til SBSYS er gået efter planen, og at "
        "de sidste sager fra det gamle system flyttes inden jul.</p></article></body></html>"
    )

    def comes_back(request: Request) -> Response:
        if not alive["now"]:
            return Response("Midlertidigt nede", status=503)
        return Response(page, headers={"Content-Type": "text/html; charset=utf-8"})

    httpserver.expect_request(DEAD).respond_with_handler(comes_back)
    base = serve_sites()
    sources = write_sources({"id": "soenderaa", "feed": f"{base}/broken/doed-link.xml"})
    content, state = tmp_path / "content", tmp_path / "state"
    assert scrape(sources, content, config=fast, clock=at(T0)).total("failed") == 1
    assert state_row(state, "item_failures", "url", base + DEAD)["error_kind"] == "server_error"
    alive["now"] = True
    report = scrape(sources, content, config=fast, clock=at(T0 + timedelta(hours=1)))
    assert report.total("new") == 1 and report.total("failed") == 0
    assert state_row(state, "item_failures", "url", base + DEAD) == {}
    titles = "\n".join(p.read_text(encoding="utf-8") for p in content.glob("articles/*/*/*.md"))
    assert "Title: SBSYS: en artikel avisen har fjernet" in titles, "the feed entry was kept"


def test_a_failing_source_is_polled_with_backoff_and_recovers(
    state_row, tmp_path, httpserver, write_sources, fast
):
    answer = {"status": 503}

    def feed(request: Request) -> Response:
        if answer["status"] != 200:
            return Response("Fejl", status=answer["status"])
        body = '<?xml version="1.0"?><rss version="2.0"><channel><title>Nyt</title></channel></rss>'
        return Response(body, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    sources = write_sources({"id": "ustabil", "feed": httpserver.url_for("/feed.xml")})
    content, state = tmp_path / "content", tmp_path / "state"

    def status() -> dict:
        return state_row(state, "source_status", "id", "ustabil")

    scrape(sources, content, config=fast, clock=at(T0))
    assert status()["failures"] == 1 and status()["error_kind"] == "server_error"
    assert status()["failing_since"] == "2024-10-10T08:10:00Z" and status()["next_attempt"] is None
    second = T0 + timedelta(hours=1)
    scrape(sources, content, config=fast, clock=at(second))  # the next run tries again
    assert status()["failures"] == 2 and status()["next_attempt"] == "2024-10-10T10:10:00Z"

    httpserver.clear_log()
    held = scrape(
        sources, content, config=fast, clock=at(second + timedelta(minutes=30)), strict=True
    )
    assert pages(httpserver) == [] and held.sources[0].held_until == "2024-10-10T10:10:00Z"
    assert held.exit_code == 1  # --strict: not polled, and failing still
    assert status()["failures"] == 2, "a run that does not poll changes nothing"
    listing = sources_lines(sources_table(sources, content))
    assert any("failed 2 time(s) in a row since 2024-10-10T08:10:00Z" in line for line in listing)
    assert any("next attempt 2024-10-10T10:10:00Z" in line for line in listing)

    # the hourly run five minutes early still counts as due; the next rest is 2 h
    scrape(sources, content, config=fast, clock=at(second + timedelta(minutes=55)))
    assert status()["failures"] == 3 and status()["next_attempt"] == "2024-10-10T12:05:00Z"
    answer["status"] = 200
    scrape(sources, content, config=fast, clock=at(second + timedelta(hours=3)))
    fine = status()
    assert (fine["status"], fine["failures"], fine["failing_since"]) == ("ok", 0, None)
    assert fine["error_kind"] is None and fine["next_attempt"] is None
    assert fine["last_success"] == "2024-10-10T12:10:00Z"


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("status", "kind"),
    [(404, "not_found"), (410, "gone"), (500, "server_error"), (403, "http_error")],
)
def test_fetch_errors_carry_a_kind(httpserver: HTTPServer, fast: FetchConfig, status, kind):
    httpserver.expect_request("/x").respond_with_data("nej", status=status)
    fetcher = Fetcher(fast)
    with pytest.raises(FetchError) as raised:
        fetcher.get(httpserver.url_for("/x"))
    fetcher.close()
    assert raised.value.kind == kind and raised.value.status == status


def test_unreachable_and_timeout_kinds(httpserver: HTTPServer, fast: FetchConfig):
    fetcher = Fetcher(FetchConfig(delay=0, connect_timeout=1, timeout=0.3, retries=0, robots=False))
    with pytest.raises(FetchError) as raised:
        fetcher.get(f"http://127.0.0.1:{_unused_port()}/feed.xml")
    assert raised.value.kind == "unreachable"

    def slow(request: Request) -> Response:
        time.sleep(0.8)
        return Response("for sent")

    httpserver.expect_request("/langsom").respond_with_handler(slow)
    with pytest.raises(FetchError) as raised:
        fetcher.get(httpserver.url_for("/langsom"))
    fetcher.close()
    assert raised.value.kind == "timeout"


def test_a_name_that_cannot_be_looked_up_is_unreachable(fast: FetchConfig):
    def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    fetcher = Fetcher(replace(fast, robots=False), resolve=no_such_name)
    with pytest.raises(FetchError) as raised:
        fetcher.get("https://www.computerworld.invalid/feed.xml")
    fetcher.close()
    assert raised.value.kind == "unreachable"
    assert "cannot resolve www.computerworld.invalid" in str(raised.value)


def test_old_state_database_gains_the_failure_columns(tmp_path: Path):
    folder = tmp_path / "state"
    folder.mkdir()
    with sqlite3.connect(folder / "scrape.sqlite3") as db:  # the first release's schema
        db.execute(
            "CREATE TABLE source_status (id TEXT PRIMARY KEY, last_fetch TEXT, status TEXT, "
            "error TEXT, articles INTEGER, feed_url TEXT)"
        )
        old = (
            "INSERT INTO source_status VALUES ('gammel', '2024-01-01T00:00Z', 'ok', NULL, 3, NULL)"
        )
        db.execute(old)
    state = State(folder)
    old = state.source("gammel")
    state.close()
    assert old is not None and old.failures == 0 and old.next_attempt is None
    with sqlite3.connect(folder / "scrape.sqlite3") as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(source_status)")}
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"last_success", "failures", "failing_since", "error_kind", "next_attempt"} <= columns
    assert "item_failures" in tables
