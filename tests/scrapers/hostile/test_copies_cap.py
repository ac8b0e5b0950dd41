"""One article under ever new addresses cannot grow its file: Copies keeps max_copies URLs.

tests/fixtures/hostile/kopier/ lists one article under five addresses. The hostile run that found
this saw a Copies line grow by one URL on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from dossier.content import split_file, split_list
from scrapers.fetch import FetchConfig
from scrapers.run import scrape

from .conftest import HOSTILE

SITE = HOSTILE / "kopier"
T0 = datetime(2025, 4, 5, 12, 0, tzinfo=UTC)


def test_copies_stop_at_max_copies_and_the_rest_are_not_fetched_again(
    tmp_path: Path, httpserver: HTTPServer, fast: FetchConfig, outlet
) -> None:
    sources = outlet(SITE, "nordfyn", "Nordfyns Netavis", fetch="max_copies = 2")
    content = tmp_path / "content"
    report = scrape(sources, content, config=fast, clock=lambda: T0)
    [path] = content.glob("articles/nordfyn/2025/*.md")
    fields, _body = split_file(path.read_text(encoding="utf-8"))
    values = {field.key: field.value for field in fields}
    addresses = [values["original"], *split_list(values["copies"])]
    assert len(set(addresses)) == 3 and all("/artikel.html?visning=" in url for url in addresses)
    [source] = report.sources
    assert (source.new, source.duplicate, source.errors) == (1, 4, 0)
    full = [message for message in source.messages if "Copies is full (2)" in message]
    assert len(full) == 2  # the two addresses beyond the cap, each named in the report
    # the addresses beyond the cap are known all the same: a second run fetches no page
    httpserver.clear_log()
    scrape(sources, content, config=fast, clock=lambda: T0)
    assert [request.path for request, _ in httpserver.log] == ["/feed.xml"]
    assert path.read_text(encoding="utf-8").count("visning=") == 3


def test_a_new_article_with_more_addresses_than_max_copies_says_so(
    tmp_path: Path, httpserver: HTTPServer, fast: FetchConfig
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[topic]\nquery = 'SBSYS'\n\n[fetch]\nmax_copies = 1\n\n[[source]]\nid = \"nordfyn\"\n"
        f'name = "Nordfyns Netavis"\nfeed = "{httpserver.url_for("/feed.xml")}"\n',
        encoding="utf-8",
    )
    page = (SITE / "artikel.html").read_text(encoding="utf-8")
    canonical = f'<link rel="canonical" href="{httpserver.url_for("/kanon.html")}">\n</head>'
    # the feed, a redirect, and a page naming another address as its own
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    feed = (SITE / "feed.xml").read_text(encoding="utf-8").split("<entry>")
    one = "<entry>".join(feed[:2]).replace("/artikel.html?visning=1", "/flyttet.html")
    httpserver.expect_request("/feed.xml").respond_with_data(
        one + "</entry>\n</feed>\n", content_type="application/atom+xml"
    )
    httpserver.expect_request("/flyttet.html").respond_with_data(
        "", status=302, headers={"Location": "/side.html"}
    )
    httpserver.expect_request("/side.html").respond_with_data(
        page.replace("</head>", canonical, 1), content_type="text/html; charset=utf-8"
    )
    report = scrape(sources, tmp_path / "content", config=fast, clock=lambda: T0)
    [path] = (tmp_path / "content").glob("articles/nordfyn/2025/*.md")
    fields, _body = split_file(path.read_text(encoding="utf-8"))
    values = {field.key: field.value for field in fields}
    assert values["original"].endswith("/kanon.html") and len(split_list(values["copies"])) == 1
    [source] = report.sources
    assert any("2 other addresses, Copies keeps 1" in message for message in source.messages)
