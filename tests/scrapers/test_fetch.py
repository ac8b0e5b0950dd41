from __future__ import annotations

import gzip
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.errors import BodyTooLarge, FetchError, RobotsDisallowed
from scrapers.fetch import FetchConfig, Fetcher

ROBOTS = Path(__file__).resolve().parent.parent / "fixtures" / "robots"


def test_get_sends_user_agent_and_validators(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/feed.xml").respond_with_data("<rss/>")
    response = Fetcher(fast).get(httpserver.url_for("/feed.xml"), '"abc"', "Tue, 12 Nov 2024")
    request = next(r for r, _ in httpserver.log if r.path == "/feed.xml")
    assert response.status == 200 and response.content == b"<rss/>"
    assert request.headers["User-Agent"].startswith("SBSYS-dossier/0.1 (+")
    assert request.headers["If-None-Match"] == '"abc"'
    assert request.headers["If-Modified-Since"] == "Tue, 12 Nov 2024"


def test_304_not_modified(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/feed.xml").respond_with_data("", status=304)
    assert Fetcher(fast).get(httpserver.url_for("/feed.xml"), '"abc"').not_modified


def test_404_is_an_error(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/findes-ikke").respond_with_data("Ikke fundet", status=404)
    with pytest.raises(FetchError) as caught:
        Fetcher(fast).get(httpserver.url_for("/findes-ikke"))
    assert caught.value.status == 404


def test_500_then_success_is_retried(httpserver: HTTPServer, fast: FetchConfig):
    calls = []

    def flaky(request: Request) -> Response:
        calls.append(request)
        if len(calls) < 3:
            return Response("fejl", status=503, headers={"Retry-After": "0"})
        return Response("ok")

    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    assert Fetcher(fast).get(httpserver.url_for("/flaky")).content == b"ok"
    assert len(calls) == 3


def test_persistent_500_gives_up(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/down").respond_with_data("fejl", status=500)
    with pytest.raises(FetchError) as caught:
        Fetcher(fast).get(httpserver.url_for("/down"))
    assert caught.value.status == 500
    assert len([r for r, _ in httpserver.log if r.path == "/down"]) == fast.retries + 1


def test_429_with_long_retry_after_is_not_waited_for(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/busy").respond_with_data("", 429, {"Retry-After": "3600"})
    start = time.monotonic()
    with pytest.raises(FetchError):
        Fetcher(fast).get(httpserver.url_for("/busy"))
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("value", ["\u00b2", "\u00b3", "soon", "-5", "1.5"])
def test_a_retry_after_that_is_no_number_of_seconds_waits_the_default(
    httpserver: HTTPServer, fast: FetchConfig, value: str
):
    # "²" and "³" (bytes 0xb2, 0xb3) are digits to str.isdigit() but no number to float()
    httpserver.expect_request("/odd").respond_with_data("", 503, {"Retry-After": value})
    with pytest.raises(FetchError) as caught:
        Fetcher(fast).get(httpserver.url_for("/odd"))
    assert caught.value.status == 503
    assert len([r for r, _ in httpserver.log if r.path == "/odd"]) == fast.retries + 1


def test_timeout(httpserver: HTTPServer, fast: FetchConfig):
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("for sent")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match="timeout"):
        Fetcher(replace(fast, timeout=0.5)).get(httpserver.url_for("/slow"))


def test_redirect_is_followed(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/gammel").respond_with_data("", 301, {"Location": "/ny"})
    httpserver.expect_request("/ny").respond_with_data("her")
    response = Fetcher(fast).get(httpserver.url_for("/gammel"))
    assert response.url == httpserver.url_for("/ny") and response.content == b"her"


def test_redirect_loop_stops(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/a").respond_with_data("", 302, {"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", 302, {"Location": "/a"})
    with pytest.raises(FetchError, match="redirects"):
        Fetcher(fast).get(httpserver.url_for("/a"))
    assert len([r for r, _ in httpserver.log if r.path in ("/a", "/b")]) == fast.max_redirects + 1


def test_redirect_to_other_scheme_refused(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/ftp").respond_with_data("", 302, {"Location": "ftp://x.dk/f"})
    with pytest.raises(FetchError, match="only http"):
        Fetcher(fast).get(httpserver.url_for("/ftp"))


def test_oversized_body_aborted(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/stor").respond_with_data(b"x" * 5000)
    with pytest.raises(BodyTooLarge):
        Fetcher(replace(fast, max_bytes=1000)).get(httpserver.url_for("/stor"))


def test_oversized_gzip_body_counted_after_decoding(httpserver: HTTPServer, fast: FetchConfig):
    body = gzip.compress(b"a" * 50_000)
    httpserver.expect_request("/bombe").respond_with_data(
        body, headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(BodyTooLarge):
        Fetcher(replace(fast, max_bytes=10_000)).get(httpserver.url_for("/bombe"))


def test_gzip_is_decoded(httpserver: HTTPServer, fast: FetchConfig):
    body = gzip.compress("Ærø".encode())
    httpserver.expect_request("/gz").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    assert Fetcher(fast).get(httpserver.url_for("/gz")).content.decode() == "Ærø"


def test_robots_txt_disallow_is_respected_and_cached(httpserver: HTTPServer, fast: FetchConfig):
    robots = (ROBOTS / "disallow-kommunalit.txt").read_text()
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    httpserver.expect_request("/kommunalit/feed.xml").respond_with_data("<rss/>")
    fetcher = Fetcher(fast)
    fetcher.get(httpserver.url_for("/kommunalit/feed.xml"))
    with pytest.raises(RobotsDisallowed):
        fetcher.get(httpserver.url_for("/kommunalit/artikler/sbsys-udbud.html"))
    assert len([r for r, _ in httpserver.log if r.path == "/robots.txt"]) == 1


def test_dead_host_is_a_fetch_error(fast: FetchConfig):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError):
        Fetcher(fast).get(f"http://127.0.0.1:{port}/feed.xml")


def test_politeness_delay_per_host(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/side").respond_with_data("ok")
    fetcher = Fetcher(replace(fast, delay=0.3, robots=False))
    start = time.monotonic()
    for _ in range(3):
        fetcher.get(httpserver.url_for("/side"))
    assert time.monotonic() - start >= 0.6
