"""Markdown a source writes as text stays text in the Summary, which Pelican renders as Markdown.

tests/fixtures/hostile/markdown/ is an excerpt source whose first sentences write a link, an
image, emphasis, code and an HTML tag as plain text; the article page and the Atom feeds show
the Summary, so none of them may come alive there.
"""

from __future__ import annotations

import html
from pathlib import Path

import markdown
import pytest

from dossier.content import parse_header
from dossier.publish.build import build_site
from scrapers.fetch import FetchConfig
from scrapers.run import scrape

from .conftest import HOSTILE

SITE = HOSTILE / "markdown"
LITERAL = (
    "[Læs hele sagen her](https://evil.example/phish) om SBSYS i Søby. Kun **fed** tekst, "
    "`kode`, _kursiv_, ![logo](https://evil.example/logo.png) og <b>fed</b> er tegn"
)
FEEDS = ("atom.xml", "alle.atom.xml")
LIVE = ("<a ", "<img", "<strong", "<em>", "<code", "<b>")


@pytest.fixture
def built(tmp_path: Path, fast: FetchConfig, outlet) -> tuple[Path, Path]:
    """The source scraped into tmp_path/content and built into tmp_path/output."""
    sources = outlet(SITE, "soeby", "Søby Lokalavis")
    report = scrape(sources, tmp_path / "content", config=fast)
    assert sum(source.new for source in report.sources) == 1
    result = build_site(tmp_path / "content", tmp_path / "output", sources=sources)
    assert result.problems == ()
    return tmp_path / "content", tmp_path / "output"


def test_the_summary_renders_as_the_literal_text(built):
    content, output = built
    [path] = content.glob("articles/soeby/2025/*.md")
    fields, _ = parse_header(path.read_text(encoding="utf-8"))
    summary = next(field.value for field in fields if field.key == "summary")
    rendered = markdown.markdown(summary, extensions=["extra"])
    assert not any(tag in rendered for tag in LIVE), rendered
    assert LITERAL in html.unescape(rendered)
    page = (output / "artikler" / "2025" / path.stem / "index.html").read_text(encoding="utf-8")
    feeds = [(output / "feeds" / name).read_text(encoding="utf-8") for name in FEEDS]
    for text in (page, *(html.unescape(feed) for feed in feeds)):
        assert 'href="https://evil.example' not in text and 'src="https://evil.example' not in text
        assert LITERAL in html.unescape(text)


def test_a_body_from_the_feeds_text_renders_as_the_literal_text(
    tmp_path: Path, fast: FetchConfig, outlet
) -> None:
    sources = outlet(HOSTILE / "markdown-feedtekst", "soeby", "Søby Lokalavis", publish="full")
    report = scrape(sources, tmp_path / "content", config=fast)
    assert sum(source.new for source in report.sources) == 1
    assert build_site(tmp_path / "content", tmp_path / "output", sources=sources).problems == ()
    [path] = (tmp_path / "content").glob("articles/soeby/2025/*.md")
    page = (tmp_path / "output" / "artikler" / "2025" / path.stem / "index.html").read_text("utf-8")
    body = page.split("<p>Oppositionen", 1)[1].split("</p>", 1)[0]  # the feed's text
    assert "skriver **fed** og _kursiv_ med `kode`" in html.unescape(body)
    assert "[Se indslaget her](https://evil.example/phish)" in html.unescape(body)
    assert "# Ikke en overskrift" in body and "- ikke et punkt" in body
    assert not any(tag in body for tag in (*LIVE, "<h2>Ikke", "<li>ikke")), body
