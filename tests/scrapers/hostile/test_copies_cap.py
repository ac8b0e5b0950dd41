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
