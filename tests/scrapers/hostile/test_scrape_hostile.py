"""Issue 15, findings 3, 5, 6 and 8: hostile items cannot stop a source or unpublish the dossier.

Two sources on two hosts: tests/fixtures/hostile/sites/hostil/ (127.0.0.1), whose every item tries
to break the files the scraper writes, and anden/ (127.0.0.2), an honest outlet. After one run,
`invoke check` finds nothing, and the honest outlet's articles are its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from dossier.content import parse_header, split_list
from dossier.editing.check import check_content
from scrapers.demo import fixture_response
from scrapers.fetch import FetchConfig
from scrapers.run import scrape

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "sites"
INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def serve(server: HTTPServer, other: str) -> str:
    """Serve the hostile fixture sites on server, {other} replaced by the other server's base."""

    def handler(request: Request) -> Response:
        status, headers, body = fixture_response(SITES, request.path, dict(request.headers))
        return Response(body.replace(b"{other}", other.encode()), status=status, headers=headers)

    server.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    return server.url_for("").rstrip("/")


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    """One scrape of both sources for all the tests of this module (a scrape takes seconds)."""
    folder = tmp_path_factory.mktemp("hostile")
    servers = [HTTPServer(host="127.0.0.1", port=0), HTTPServer(host="127.0.0.2", port=0)]
    for server in servers:
        server.start()
    try:
        other = servers[1].url_for("").rstrip("/")
        base = serve(servers[0], other)
        serve(servers[1], other)
        sources = folder / "sources.toml"
        sources.write_text(
            f"""[topic]\nquery = 'SBSYS'\n\n[[source]]\nid = "hostil"\nname = "Hostil Avis"
feed = "{base}/hostil/feed.xml"\n\n[[source]]\nid = "anden"\nname = "Anden Avis"
feed = "{other}/anden/feed.xml"\n""",
            encoding="utf-8",
        )
        config = FetchConfig(delay=0, connect_timeout=1, timeout=5, backoff=0, retries=0)
        report = scrape(sources, folder / "content", config=config)
    finally:
        for server in servers:
            server.stop()
    return sources, folder / "content", report, base, other


def articles(content: Path) -> dict[str, dict[str, str]]:
    found = {}
    for path in sorted(content.glob("articles/*/*/*.md")):
        fields, _ = parse_header(path.read_text(encoding="utf-8"))
        found[str(path.relative_to(content / "articles"))] = {f.key: f.value for f in fields}
    return found


def test_everything_scraped_passes_check(scraped):
    sources, content, _report, _base, _other = scraped
    assert [problem.format(content) for problem in check_content(content, sources)] == []


def test_one_bad_item_never_stops_its_source(scraped):
    _sources, content, report, base, _other = scraped
    hostil = next(source for source in report.sources if source.id == "hostil")
    assert hostil.new == 14  # every item but the one without text
    [failure] = [message for message in hostil.messages if "no text" in message]
    assert hostil.failed == 1 and f"{base}/hostil/dyb.html" in failure  # the item
    assert not any("dyb" in name for name in articles(content))


def test_titles_dates_slugs_and_lists_are_settled(scraped):
    _sources, content, _report, base, _other = scraped
    found = articles(content)
    by_original = {values["original"]: values for values in found.values()}
    assert len({Path(name).stem for name in found}) == len(found)  # unique across sources
    assert sum("sbsys-udbuddet-er-afgjort" in name for name in found) == 2
    untitled = by_original[f"{base}/hostil/uden-titel.html"]
    assert untitled["title"].startswith("Denne side har hverken titel")
    assert by_original[f"{base}/hostil/aar-et.html"]["date"] == "2024-03-06 11:00"
    assert by_original[f"{base}/hostil/evig.html"]["date"] == "2024-03-07 12:00"
    assert not by_original[f"{base}/hostil/fremtid.html"]["date"].startswith("2031")
    comma = by_original[f"{base}/hostil/komma,kanonisk.html%2C"]  # the trailing comma escaped
    assert split_list(comma["copies"]) == [f"{base}/hostil/artikel,sbsys.html"]
    for values in found.values():
        assert all(url.startswith("http") for url in split_list(values.get("copies", "")))


def test_no_invisible_or_control_characters_are_written(scraped):
    _sources, content, _report, _base, _other = scraped
    for path in content.glob("articles/*/*/*.md"):
        text = path.read_text(encoding="utf-8")
        assert not INVISIBLE.search(text), path
        html = markdown.markdown(text.split("\n\n", 1)[1])
        assert "<script" not in html, path
        assert all(href.startswith("http") for href in re.findall(r'href="([^"]*)"', html)), path


def test_a_title_cannot_inject_header_lines(scraped):
    _sources, content, _report, _base, _other = scraped
    for name, values in articles(content).items():
        assert values["source"] == name.split("/")[0] and values["publish"] == "excerpt"
        assert "evil.example" not in values["original"]
    titles = [values["title"] for values in articles(content).values()]
    # U+2028 and U+2029 are spaces between the title's words, all on the title's line
    # (feedparser reads &#x85; as "…", as HTML does)
    assert "SBSYS Publish: full…Source: anden Original: http://evil.example/" in titles


def test_a_canonical_link_to_another_host_is_not_trusted(scraped):
    _sources, content, _report, base, other = scraped
    by_original = {values["original"]: values for values in articles(content).values()}
    fake = by_original[f"{base}/hostil/falsk-kanonisk.html"]
    assert fake["source"] == "hostil" and "copies" not in fake
    real = by_original[f"{other}/anden/konference.html"]
    assert real["source"] == "anden" and base not in real.get("copies", "")


def test_a_page_on_another_sources_site_is_that_sources_with_its_own_title(scraped):
    _sources, content, report, _base, other = scraped
    by_original = {values["original"]: values for values in articles(content).values()}
    taken = by_original[f"{other}/anden/arkiv-klubben.html"]
    assert taken["source"] == "anden" and taken["sourcename"] == "Anden Avis"
    assert taken["title"] == "Klubben lægger regnskabet frem"  # not the feed's "ulovlig"
    assert taken["authors"] == "Mette Skov"
    hostil = next(source for source in report.sources if source.id == "hostil")
    said = f"hostil: {other}/anden/arkiv-klubben.html is on the site of anden: stored as its"
    assert any(line.startswith(said) for line in hostil.messages), hostil.messages
    # a page of that site with no text of its own: what is stored is the feed's, under its name
    shell = by_original[f"{other}/anden/app.html"]
    assert shell["source"] == "hostil" and shell["sourcename"] == "Hostil Avis"
    # that site's canonical link is trusted for its page, as it is when the site's own feed
    # lists it
    amp = by_original[f"{other}/anden/budget.html"]
    assert amp["source"] == "anden" and f"{other}/anden/amp/budget.html" in amp["copies"]
