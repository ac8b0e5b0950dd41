"""Retiring a source: not scraped, still known; a source removed from the file blocks nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

from dossier.publish.update import Code
from scrapers.run import scrape

from .conftest import ROOT, Site

STYRELSEN = "artikler/2017/afgoerelse-om-licenssalg/index.html"
STYRELSEN_FILE = "articles/styrelsen/2017/afgoerelse-om-licenssalg.md"


def retire(site: Site, source_id: str) -> None:
    text = site.sources.read_text("utf-8")
    marked = text.replace(f'id = "{source_id}"\n', f'id = "{source_id}"\nretired = true\n')
    assert marked != text
    site.sources.write_text(marked, "utf-8")


def remove(site: Site, source_id: str) -> None:
    """Drop the source's [[source]] table from the sources file."""
    text = site.sources.read_text("utf-8")
    tables = text.split("[[source]]")
    kept = [t for t in tables[1:] if f'id = "{source_id}"' not in t]
    assert len(kept) == len(tables) - 2
    site.sources.write_text("[[source]]".join([tables[0], *kept]), "utf-8")


def test_a_retired_source_is_not_scraped(site: Site, httpserver: HTTPServer) -> None:
    retire(site, "styrelsen")
    report = scrape(site.sources, site.content, site.state, progress=False)
    assert [source.id for source in report.sources] == ["lokalavisen"]
    paths = [request.path for request, _ in httpserver.log]
    assert any(path.startswith("/lokalavisen/") for path in paths)
    assert not any(path.startswith("/styrelsen/") for path in paths)


def test_retired_and_removed_sources_keep_their_articles_and_names(
    site: Site, dir_target: str, live
) -> None:
    retire(site, "styrelsen")
    first = site.update(dir_target)
    assert first.code == Code.DEPLOYED, first
    page = (live() / STYRELSEN).read_text("utf-8")
    assert "Styrelsen for Fællesløsninger" in page
    assert "Følges ikke længere" in (live() / "kilder" / "index.html").read_text("utf-8")

    # removed from the sources file: its article keeps the name stored in the file
    article = site.content / STYRELSEN_FILE
    text = article.read_text("utf-8")
    named = text.replace("Source: styrelsen\n", "Source: styrelsen\nSourcename: Styrelsen ÆØÅ\n")
    article.write_text(named, "utf-8")
    remove(site, "styrelsen")
    second = site.update(dir_target)
    assert second.code == Code.DEPLOYED, second  # exit 4 "unknown source id" before
    assert "Styrelsen ÆØÅ" in (live() / STYRELSEN).read_text("utf-8")
    sources_page = (live() / "kilder" / "index.html").read_text("utf-8")
    assert "Styrelsen ÆØÅ" in sources_page and "Følges ikke længere" in sources_page

    # an article from before Sourcename existed: published under its source id
    article.write_text(text, "utf-8")
    third = site.update(dir_target)
    assert third.code == Code.DEPLOYED, third
    assert "Artikel · styrelsen" in (live() / STYRELSEN).read_text("utf-8")


def test_check_warns_about_an_unknown_source_and_names_the_known_ones(site: Site) -> None:
    remove(site, "styrelsen")
    command = [sys.executable, "-m", "invoke", "check", f"--content={site.content}"]
    english = {**os.environ, "DOSSIER_LANGUAGE": "en"}
    result = subprocess.run(
        [*command, f"--sources={site.sources}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=english,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    expected = (
        f"{STYRELSEN_FILE.split('/', 1)[1]}:3: warning: unknown source id 'styrelsen'"
        " (not in the sources file; it knows lokalavisen)"
    )
    assert [line for line in lines if "warning" in line][0].endswith(expected), lines
    assert lines[-1] == "No errors, 1 warning."


def test_the_scrapers_store_the_source_name_in_new_articles(site: Site, dir_target: str) -> None:
    site.serve_news()
    outcome = site.update(dir_target)
    assert outcome.code == Code.DEPLOYED and "1 new" in outcome.summary, outcome
    written = sorted((site.content / "articles" / "lokalavisen" / "2026").glob("*.md"))
    assert len(written) == 1
    header = written[0].read_text("utf-8").split("\n\n", 1)[0].splitlines()
    assert "Source: lokalavisen" in header and "Sourcename: Lokalavisen Vestjylland" in header


def test_a_sources_file_with_every_source_retired_scrapes_nothing(site: Site) -> None:
    retire(site, "styrelsen")
    retire(site, "lokalavisen")
    report = scrape(site.sources, site.content, site.state, progress=False)
    assert report.sources == ()
    assert Path(site.state / "scrape.sqlite3").exists()
