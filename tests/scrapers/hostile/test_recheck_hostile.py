"""Hostile pages on first fetch and on re-check (tests/fixtures/hostile/blank/README.md): a page
that answers 200 with nothing in it (blank, only a comment or an XML declaration) is "nothing
extracted"; a re-check that fails is that article's error, never the run's; a re-check writes a
title by the rules of the first write."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from dossier.content import split_file
from scrapers.demo import fixture_response
from scrapers.extract import extract
from scrapers.report import report_lines
from scrapers.run import scrape
from scrapers.sanitize import TITLE_LIMIT

BLANK = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "blank"
PAGES = sorted((BLANK / "pages").glob("*.html"))
ARTICLE = "/site/artikel.html"


class Site:
    """The blank fixture folder on a local server; `article` replaces the article's body."""

    def __init__(self, server: HTTPServer) -> None:
        self.article: Path | None = None
        self.status = 200  # the article's status
        self.requests: list[str] = []
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self.handle)
        self.base = server.url_for("").rstrip("/")

    def handle(self, request: Request) -> Response:
        self.requests.append(request.path)
        if request.path == ARTICLE and self.status != 200:
            return Response("Midlertidigt utilgængelig", status=self.status)
        if request.path == ARTICLE and self.article is not None:
            return Response(self.article.read_bytes(), headers={"Content-Type": "text/html"})
        status, headers, body = fixture_response(BLANK, request.path, dict(request.headers))
        if request.path.endswith("feed-tomme.xml"):  # a feed without validators: read every run
            headers = {"Content-Type": headers.get("Content-Type", "application/rss+xml")}
        return Response(body, status=status, headers=headers)


@pytest.fixture
def site(httpserver: HTTPServer) -> Site:
    return Site(httpserver)


def sources_file(tmp_path: Path, feed: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[topic]\nquery = 'SBSYS'\n\n[fetch]\nrecheck_days = 100000\nrecheck_hours = 6\n\n"
        f'[[source]]\nid = "vestby-posten"\nname = "Vestby Posten"\nfeed = "{feed}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_blank_document_extracts_nothing(page: Path):
    extracted = extract(page.read_text(encoding="utf-8"), "http://127.0.0.1/blank")
    assert (extracted.title, extracted.text, extracted.markdown.strip()) == (None, "", "")


def test_a_blank_page_on_first_fetch_is_nothing_extracted_and_rests(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, f"{site.base}/site/feed-tomme.xml"), tmp_path / "c"
    start = datetime.now(UTC)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: start)
    (source,) = report.sources
    assert (source.new, source.errors, source.failed) == (1, 0, 3)
    assert not [message for message in source.messages if "unexpected" in message]
    assert all("no text could be extracted" in message for message in source.messages)

    site.requests.clear()  # the feed is read again (no validators); the blank pages rest
    later = start + timedelta(minutes=30)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    (source,) = report.sources
    assert (source.failed, source.deferred) == (0, 3)
    assert not [path for path in site.requests if path.startswith("/pages/")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_blank_page_on_recheck_stops_nothing(tmp_path, site, fast, page):
    sources, content = sources_file(tmp_path, f"{site.base}/site/feed.xml"), tmp_path / "c"
    start = datetime.now(UTC)
    scrape(sources, content, config=fast, progress=False, clock=lambda: start)
    before = {path.name: path.read_text("utf-8") for path in content.glob("articles/*/*/*.md")}
    assert len(before) == 2

    site.article = page  # the article now answers 200 with nothing in it
    later = start + timedelta(hours=7)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    assert [source.id for source in report.sources] == ["vestby-posten"]
    outcomes = {o.url.removeprefix(site.base): o.status for o in report.changes}
    assert outcomes == {ARTICLE: "unchanged", "/site/nyhed.html": "not_modified"}
    after = {path.name: path.read_text("utf-8") for path in content.glob("articles/*/*/*.md")}
    assert after == before  # nothing extracted is no change: the text stays

    site.requests.clear()
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    assert report.changes == () and ARTICLE not in site.requests  # checked: rests 6 hours


def test_a_failing_recheck_is_its_articles_error_and_rests(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, f"{site.base}/site/feed.xml"), tmp_path / "c"
    start = datetime.now(UTC)
    scrape(sources, content, config=fast, progress=False, clock=lambda: start)
    # an editor saved the article in Windows-1252: the scraper cannot read it to revise it
    (path,) = content.glob("articles/*/*/vestby-kommune-*.md")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))

    site.article = BLANK / "site" / "artikel-rettet.html"  # the source changed the article
    later = start + timedelta(hours=7)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    outcomes = {o.url.removeprefix(site.base): o for o in report.changes}
    assert outcomes[ARTICLE].status == "error"
    assert "UnicodeDecodeError" in outcomes[ARTICLE].error and path.name in outcomes[ARTICLE].error
    assert outcomes["/site/nyhed.html"].status == "not_modified"  # the run went on
    assert f"re-check failed: {site.base}{ARTICLE}: " in "\n".join(report_lines(report))

    site.requests.clear()  # remembered as checked: not tried again on every run
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    assert report.changes == () and ARTICLE not in site.requests


def test_a_recheck_the_server_refuses_rests_like_any_other(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, f"{site.base}/site/feed.xml"), tmp_path / "c"
    start = datetime.now(UTC)
    scrape(sources, content, config=fast, progress=False, clock=lambda: start)
    site.status = 500  # the source's server fails on the article, every time

    later = start + timedelta(hours=7)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    outcomes = {o.url.removeprefix(site.base): o.status for o in report.changes}
    assert outcomes[ARTICLE] == "error"
    assert f"re-check failed: {site.base}{ARTICLE}: " in "\n".join(report_lines(report))

    site.requests.clear()  # the next run does not ask again (it did, on every run)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    assert ARTICLE not in site.requests and report.changes == ()

    site.status = 200  # after recheck_hours it is checked again, and it answers
    report = scrape(
        sources, content, config=fast, progress=False, clock=lambda: later + timedelta(hours=7)
    )
    assert ARTICLE in site.requests
    assert {o.url.removeprefix(site.base): o.status for o in report.changes}[ARTICLE] != "error"


def test_a_recheck_writes_a_title_by_the_first_writes_rules(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, f"{site.base}/site/feed.xml"), tmp_path / "c"
    start = datetime.now(UTC)
    scrape(sources, content, config=fast, progress=False, clock=lambda: start)
    (path,) = content.glob("articles/*/*/vestby-kommune-*.md")

    site.article = BLANK / "site" / "artikel-lang-titel.html"  # 300 characters, a bidi override
    later = start + timedelta(hours=7)
    report = scrape(sources, content, config=fast, progress=False, clock=lambda: later)
    assert {o.url.removeprefix(site.base): o.what for o in report.changes}[ARTICLE] == "title"
    title = {f.key: f.value for f in split_file(path.read_text(encoding="utf-8"))[0]}["title"]
    assert len(title) <= TITLE_LIMIT and title.endswith("…") and "\u202e" not in title
    assert title.startswith("Vestby Kommune tager SBSYS i brug på jobcentret, i borgerservice")
