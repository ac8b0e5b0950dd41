"""Issue 15, findings 1, 4 and 7: no server can hold, bloat or redirect the fetcher astray."""

from __future__ import annotations

import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from scrapers.errors import AddressRefused, BodyTooLarge, BudgetSpent, FetchError
from scrapers.fetch import FetchConfig, Fetcher

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
SLOW = sorted((HOSTILE / "slow").glob("*.http"))
BOMBS = sorted((HOSTILE / "bombs").glob("*.bin"))
TARGETS = [
    line
    for line in (HOSTILE / "redirect-targets.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.fixture
def quick(fast: FetchConfig) -> FetchConfig:
    """Half a second per request, no robots.txt (the raw servers answer every path alike)."""
    return replace(fast, timeout=0.5, connect_timeout=0.5, robots=False, retries=0)


@pytest.mark.parametrize("fixture", SLOW, ids=lambda path: path.stem)
def test_dripping_server_cannot_hold_a_request(fixture: Path, raw_server, quick: FetchConfig):
    # one byte every 0.1 s: the file alone would take 10-35 s, and the tail never ends
    server = raw_server(lambda c, s: _drip(c, s, fixture.read_bytes(), 0.1))
    start = time.monotonic()
    with pytest.raises(FetchError, match="timeout"):
        Fetcher(quick).get(server.url("/feed.xml"))
    assert time.monotonic() - start < 2.5  # the limit is 0.5 s; generous for a busy machine


def test_source_budget_stops_a_source_of_slow_servers(raw_server, quick: FetchConfig):
    data = (HOSTILE / "slow" / "headers-dripped.http").read_bytes()
    server = raw_server(lambda c, s: _drip(c, s, data, 0.1))
    fetcher = Fetcher(replace(quick, source_budget=0.8))
    errors, start = [], time.monotonic()
    with fetcher.source(server.url("/")):
        for number in range(10):
            try:
                fetcher.get(server.url(f"/artikel-{number}"))
            except FetchError as error:
                errors.append(error)
    assert time.monotonic() - start < 3  # 0.8 s budget, not 10 timeouts of 0.5 s
    assert isinstance(errors[-1], BudgetSpent) and len(errors) == 10
    assert str(errors[-1]).startswith("the source's time budget of 0.8 s is spent (the next")
    assert str(errors[-1]).endswith("/artikel-9)")
    assert server.connections <= 3


def test_a_retry_wait_longer_than_the_budget_left_is_not_slept(
    httpserver: HTTPServer, quick: FetchConfig
):
    # Retry-After 3 s is within max_retry_after (30 s) but beyond the source's 1 s budget
    httpserver.expect_request("/travl").respond_with_data(
        "Prøv igen om lidt", status=503, headers={"Retry-After": "3"}
    )
    fetcher = Fetcher(replace(quick, source_budget=1.0, retries=2, max_retry_after=30))
    start = time.monotonic()
    with fetcher.source(httpserver.url_for("/")), pytest.raises(FetchError) as caught:
        fetcher.get(httpserver.url_for("/travl"))
    assert caught.value.status == 503 and not isinstance(caught.value, BudgetSpent)
    assert time.monotonic() - start < 0.9 and len(httpserver.log) == 1
    # outside a source's budget the wait is still honoured when short enough (1 s here)
    httpserver.clear()
    httpserver.expect_request("/travl").respond_with_data(
        "Prøv igen om lidt", status=503, headers={"Retry-After": "1"}
    )
    start = time.monotonic()
    with pytest.raises(FetchError, match="HTTP 503"):
        Fetcher(replace(quick, retries=1, max_retry_after=30)).get(httpserver.url_for("/travl"))
    assert time.monotonic() - start >= 1 and len(httpserver.log) == 2


@pytest.mark.parametrize("fixture", BOMBS, ids=lambda path: path.stem)
def test_stacked_encodings_are_counted_as_they_stream(
    fixture: Path, httpserver: HTTPServer, fast: FetchConfig
):
    encoding = fixture.stem.replace("+", ", ")
    httpserver.expect_request("/bombe").respond_with_data(
        fixture.read_bytes(), headers={"Content-Encoding": encoding}
    )
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            Fetcher(replace(fast, max_bytes=1_000_000)).get(httpserver.url_for("/bombe"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32_000_000  # a few times max_bytes, not the 64 MiB or 1 GiB inside


def test_stacked_gzip_within_the_limit_is_decoded(httpserver: HTTPServer, fast: FetchConfig):
    import gzip

    text = "Kommunerne skifter til SBSYS, men ikke alle på én gang.".encode()
    httpserver.expect_request("/to-lag").respond_with_data(
        gzip.compress(gzip.compress(text)), headers={"Content-Encoding": "gzip, gzip"}
    )
    assert Fetcher(fast).get(httpserver.url_for("/to-lag")).content == text


def test_unknown_encoding_is_a_clear_error(httpserver: HTTPServer, fast: FetchConfig):
    httpserver.expect_request("/br").respond_with_data(b"xx", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding br"):
        Fetcher(fast).get(httpserver.url_for("/br"))


@pytest.mark.parametrize("target", TARGETS)
def test_public_source_cannot_redirect_to_internal_addresses(
    target: str, public_server: HTTPServer, httpserver: HTTPServer, fast: FetchConfig, classify
):
    httpserver.expect_request("/intern").respond_with_data("hemmeligt")
    location = target.format(port=httpserver.port)
    public_server.expect_request("/feed.xml").respond_with_data("", 302, {"Location": location})
    fetcher = Fetcher(replace(fast, robots=False), classify=classify)
    start = time.monotonic()
    with pytest.raises(AddressRefused, match="refused"):
        fetcher.get(public_server.url_for("/feed.xml"))
    assert time.monotonic() - start < 1.5  # refused before any connection attempt
    assert not [r for r, _ in httpserver.log if r.path == "/intern"]


def test_public_source_cannot_list_internal_items(
    public_server: HTTPServer, httpserver: HTTPServer, fast: FetchConfig, classify
):
    httpserver.expect_request("/intern").respond_with_data("hemmeligt")
    fetcher = Fetcher(replace(fast, robots=False), classify=classify)
    with fetcher.source(public_server.url_for("/feed.xml")), pytest.raises(AddressRefused):
        fetcher.get(httpserver.url_for("/intern"))
    assert not httpserver.log


def test_hostname_resolving_to_link_local_is_refused(fast: FetchConfig, classify):
    def resolve(host: str, port: int) -> list[str]:
        return {"nyheder.example.dk": ["127.0.0.2"], "cdn.example.dk": ["169.254.169.254"]}[host]

    fetcher = Fetcher(replace(fast, robots=False), resolve=resolve, classify=classify)
    with fetcher.source("http://nyheder.example.dk/feed.xml"), pytest.raises(AddressRefused):
        fetcher.get("http://cdn.example.dk/latest/meta-data/")


def test_a_slow_name_server_cannot_hold_a_request(fast: FetchConfig):
    def resolve(host: str, port: int) -> list[str]:
        time.sleep(5)  # a name server the source controls, answering slowly
        return ["127.0.0.2"]

    fetcher = Fetcher(replace(fast, robots=False, connect_timeout=0.3), resolve=resolve)
    start = time.monotonic()
    with pytest.raises(FetchError, match="resolv"):
        fetcher.get("http://langsom.example.dk/feed.xml")
    assert time.monotonic() - start < 2  # 0.3 s per lookup, not 5 s


def test_source_on_loopback_may_stay_there(
    public_server: HTTPServer, httpserver: HTTPServer, fast: FetchConfig, classify
):
    httpserver.expect_request("/a").respond_with_data("", 302, {"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("her")
    public_server.expect_request("/offentlig").respond_with_data("ude")
    fetcher = Fetcher(replace(fast, robots=False), classify=classify)
    with fetcher.source(httpserver.url_for("/")):
        assert fetcher.get(httpserver.url_for("/a")).content == b"her"
        assert fetcher.get(public_server.url_for("/offentlig")).content == b"ude"


def test_redirect_chain_between_two_hosts_ends(
    public_server: HTTPServer, fast: FetchConfig, classify
):
    other = f"http://localhost.public:{public_server.port}"

    def resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.2"]

    public_server.expect_request("/ping").respond_with_data("", 302, {"Location": f"{other}/pong"})
    public_server.expect_request("/pong").respond_with_data(
        "", 302, {"Location": public_server.url_for("/ping")}
    )
    fetcher = Fetcher(replace(fast, robots=False), resolve=resolve, classify=classify)
    start = time.monotonic()
    with pytest.raises(FetchError, match="redirects"):
        fetcher.get(public_server.url_for("/ping"))
    assert time.monotonic() - start < 2


def _drip(connection, stop, data: bytes, interval: float) -> None:
    """Send data one byte per interval, then a byte per interval for ever."""
    for byte in data:
        if stop.wait(interval):
            return
        connection.sendall(bytes([byte]))
    while not stop.wait(interval):
        connection.sendall(b"x")
