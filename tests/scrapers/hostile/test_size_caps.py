"""One source cannot bloat content/: an article's text and its Authors are stored within limits.

tests/fixtures/hostile/stort/ is an outlet whose report is longer than the test's max_text and
whose author fields are far too big (25 names in the feed, a 1,500-character <meta name=author>).
The hostile run that found this wrote 44 MB of Markdown from ten 4.5 MB pages, and a 380 KB
Authors line.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from dossier.content import split_file, split_list
from dossier.editing.check import check_content
from scrapers.demo import fixture_response
from scrapers.fetch import FetchConfig
from scrapers.run import scrape
from scrapers.sanitize import Limits, fit_authors, fit_body, fit_text, fit_title

from .conftest import HOSTILE

SITE = HOSTILE / "stort"
PARAGRAPHS = re.findall(r"<p>(.*?)</p>", (SITE / "lang-artikel.html").read_text(encoding="utf-8"))


T0 = datetime(2025, 3, 7, 14, 0, tzinfo=UTC)
LAST = "Generalforsamlingen holdes i maj"  # in the last paragraph, beyond the cut
FIRST = "43 medlemskommuner"  # in the first paragraph


@pytest.fixture
def scraped(tmp_path: Path, httpserver: HTTPServer, fast: FetchConfig):
    """The outlet scraped with max_text = 1000: the sources file, content, report and edits.

    Put (old, new) in edits to serve the report changed from then on (re-checks see it).
    """
    edits: list[tuple[str, str]] = []

    def handler(request: Request) -> Response:
        status, headers, body = fixture_response(SITE, request.path, dict(request.headers))
        if request.path == "/lang-artikel.html" and edits:
            status, headers["ETag"] = 200, f'"{len(edits)}"'
            body = (SITE / "lang-artikel.html").read_text(encoding="utf-8")
            for old, new in edits:
                body = body.replace(old, new)
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[topic]\nquery = 'SBSYS'\n\n[fetch]\nmax_text = 1000\nrecheck_hours = 0\n\n"
        f'[[source]]\nid = "vestkysten"\nname = "Vestkysten Digital"\n'
        f'feed = "{httpserver.url_for("/feed.xml")}"\n',
        encoding="utf-8",
    )
    report = scrape(sources, tmp_path / "content", config=fast, clock=lambda: T0)
    return sources, tmp_path / "content", report, edits


def stored(content: Path, name: str) -> tuple[dict[str, str], str]:
    [path] = content.glob(f"articles/vestkysten/2025/{name}*.md")
    fields, body = split_file(path.read_text(encoding="utf-8"))
    return {field.key: field.value for field in fields}, body


def test_a_long_text_is_cut_at_a_paragraph_and_says_so(scraped):
    sources, content, report, _edits = scraped
    values, body = stored(content, "evaluering")
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[-1] == "…"  # the file shows that the source's text goes on
    assert paragraphs[:-1] == PARAGRAPHS[: len(paragraphs) - 1] and len(paragraphs) > 2
    assert len(body) <= 1000 + 3
    [source] = report.sources
    assert source.errors == 0 and source.new == 2
    assert any("lang-artikel.html" in m and "cut at 1,000" in m for m in source.messages)
    assert [problem.format(content) for problem in check_content(content, sources)] == []


def test_authors_are_at_most_ten_names_of_at_most_100_characters(scraped):
    _sources, content, report, _edits = scraped
    many, _ = stored(content, "evaluering")
    assert split_list(many["authors"]) == [
        "Anne Bech", "Bo Lund", "Carl Friis", "Dorte Kjær", "Erik Holm", "Frida Skov",
        "Gert Bak", "Hanne Dahl", "Ib Møller", "Jette Vind",
    ]  # fmt: skip
    long, _ = stored(content, "ny-formand")
    names = split_list(long["authors"])  # a comma separates names, as the file is read
    assert len(names) == 10 and names[0] == "Redaktionen ved Anne Bech"
    assert all(0 < len(name) <= 100 for name in names)
    messages = report.sources[0].messages
    assert any("forfatter.html" in m and "authors cut" in m for m in messages)


def status(report) -> dict[str, str]:
    return {change.url.rsplit("/", 1)[1]: change.status for change in report.changes}


def test_a_recheck_cuts_the_new_text_as_the_first_write_did(scraped, fast: FetchConfig):
    sources, content, _report, edits = scraped
    before = stored(content, "evaluering")
    # a change beyond the cut is no change of what the dossier keeps
    edits.append((LAST, "Generalforsamlingen holdes i juni"))
    again = scrape(sources, content, config=fast, clock=lambda: T0 + timedelta(hours=1))
    assert status(again) == {"lang-artikel.html": "unchanged", "forfatter.html": "not_modified"}
    assert stored(content, "evaluering") == before
    # a change inside it is, and the new text is cut the same way
    edits.append((FIRST, "44 medlemskommuner"))
    later = scrape(sources, content, config=fast, clock=lambda: T0 + timedelta(hours=2))
    assert status(later)["lang-artikel.html"] == "changed"
    values, body = stored(content, "evaluering")
    assert "44 medlemskommuner" in body and "changed" in values
    assert len(body) <= 1000 + 3 and body.strip().endswith("\n\n…")


def test_the_defaults_cap_a_page_of_megabytes():
    paragraphs = (f"Afsnit {n} om SBSYS og kommunerne. " * 12 for n in range(10_000))
    text = "\n\n".join(paragraph.strip() for paragraph in paragraphs)
    assert len(text) > 4_000_000
    limits = Limits()
    assert (limits.max_text, limits.max_authors, limits.max_author_length) == (100_000, 10, 100)
    cut = fit_text(text, limits.max_text)
    assert 90_000 < len(cut) <= 100_000 and text.startswith(cut) and text[len(cut) :][:2] == "\n\n"
    assert fit_body(text, limits.max_text) == cut + "\n\n…"
    assert fit_text("kort tekst", 100) == "kort tekst" == fit_body("kort tekst", 100)
    one = "ord " * 50_000  # no paragraph break at all: cut at a word
    assert fit_text(one, 1000) == ("ord " * 250).strip()
    [name] = fit_authors(["Jens Hansen Jensen " * 20_000], limits)  # a 380 KB meta author
    assert len(name) <= 100 and name.startswith("Jens Hansen Jensen") and name.endswith("n…")
    names = ["A", "", "A", " B ", "Hansen, Jens"]
    assert fit_authors(names, limits) == ("A", "B", "Hansen", "Jens")
    # a line break separates names, as a comma does; it never glues two words together
    lines = ["Anna Hansen\nPeople: lars-loekke\u2028Organisations: kl"]
    assert fit_authors(lines, limits) == ("Anna Hansen", "People: lars-loekke", "Organisations: kl")
    assert fit_title("SBSYS-udbud\nafgjort\u0085i\u2029dag") == "SBSYS-udbud afgjort i dag"


def test_store_limits_are_read_from_fetch(tmp_path: Path):
    from scrapers.errors import SourcesError
    from scrapers.sources import load_sources

    path = tmp_path / "sources.toml"
    head = "[topic]\nquery = 'SBSYS'\n\n[fetch]\n"
    tail = '\n[[source]]\nid = "a"\nfeed = "https://a.dk/feed"\n'
    path.write_text(head + "max_text = 5000\nmax_authors = 3\n" + tail, encoding="utf-8")
    assert load_sources(path).limits == Limits(5000, 3, 100)
    path.write_text(head + "max_authors = 0\n" + tail, encoding="utf-8")
    with pytest.raises(SourcesError, match="bad fetch key max_authors: 0 is not a whole number"):
        load_sources(path)
    path.write_text(head + "max_copies = 2.5\n" + tail, encoding="utf-8")
    with pytest.raises(SourcesError, match="max_copies: 2.5 is not a whole number of at least 1"):
        load_sources(path)
    path.write_text(head + "delay = -1\n" + tail, encoding="utf-8")
    with pytest.raises(SourcesError, match="delay: -1 is not a number of at least 0"):
        load_sources(path)
    for line, said in (
        ("delay = nan", "delay: nan is not a finite number"),  # politeness silently off
        ("max_bytes = inf", "max_bytes: inf is not a finite number"),  # an OverflowError
        ("max_bytes = 1.9", "max_bytes: 1.9 is not a whole number"),
        ("timeout = 0", "timeout: 0 is not a number of seconds more than 0"),
    ):
        path.write_text(head + line + "\n" + tail, encoding="utf-8")
        with pytest.raises(SourcesError, match=said):
            load_sources(path)
    path.write_text(head + "max_copy = 5\n" + tail, encoding="utf-8")
    with pytest.raises(SourcesError, match="bad fetch key max_copy: unknown .*max_copies"):
        load_sources(path)
