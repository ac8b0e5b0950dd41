from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.content import parse_header
from scrapers.errors import SourcesError
from scrapers.run import Report, scrape, sources_table
from scrapers.store import is_unmodified

ROOT = Path(__file__).resolve().parents[2]

ROBOTS = Path(__file__).resolve().parent.parent / "fixtures" / "robots"
EXPECTED_FILES = {
    "kommunalit/2024/brugerklubben-sbsys-sender-videreudvikling-i-udbud.md",
    "kommunalit/2024/kommuner-kraever-bedre-integration-mellem-esdh-og-fagsystemer.md",
    "fagbladet/2024/leverandoerer-udbudsmaterialet-for-sbsys-er-for-snaevert.md",
    "vesthavn-avis/2012/byraadet-i-vesthavn-skifter-til-sbsys-efter-14-aar-med-gammelt-system.md",
    "vesthavn-avis/2012/kommunens-journalsystem-var-nede-i-tre-doegn.md",
    "brugerklubben/2024/generalforsamling-i-brugerklubben-sbsys.md",
    "brugerklubben/2024/ny-version-af-sbsys-er-klar-til-test.md",
}
UDBUD = "kommunalit/2024/brugerklubben-sbsys-sender-videreudvikling-i-udbud.md"


def all_sources(base: str) -> list[dict]:
    return [
        {"id": "kommunalit", "name": "KommunalIT", "feed": f"{base}/kommunalit/feed.xml"},
        {"id": "fagbladet", "name": "Digitalt Fagblad", "feed": f"{base}/fagbladet/atom.xml"},
        {"id": "vesthavn-avis", "name": "Vesthavn Avis", "feed": f"{base}/vesthavn/rss.xml"},
        {
            "id": "brugerklubben",
            "name": "Brugerklubben SBSYS",
            "page": f"{base}/brugerklubben/nyheder.html",
            "publish": "full",
        },
    ]


def written(content: Path) -> set[str]:
    return {str(p.relative_to(content / "articles")) for p in content.glob("articles/*/*/*.md")}


def counts(report: Report, source: str) -> dict[str, int]:
    found = next(s for s in report.sources if s.id == source)
    names = ("requested", "not_modified", "new", "updated", "off_topic", "duplicate", "errors")
    return {name: getattr(found, name) for name in names}


@pytest.fixture
def first_run(tmp_path, serve_sites, write_sources, fast) -> tuple[Path, Path, Report, str]:
    base = serve_sites()
    sources = write_sources(*all_sources(base))
    content = tmp_path / "content"
    return sources, content, scrape(sources, content, config=fast), base


def test_first_run_writes_on_topic_articles(first_run):
    _, content, report, _ = first_run
    assert written(content) == EXPECTED_FILES
    assert counts(report, "kommunalit") == {
        "requested": 4, "not_modified": 0, "new": 2, "updated": 0, "off_topic": 1,
        "duplicate": 0, "errors": 0,
    }  # fmt: skip
    assert counts(report, "fagbladet")["new"] == 1
    assert counts(report, "fagbladet")["off_topic"] == 1
    assert counts(report, "fagbladet")["duplicate"] == 1
    assert report.total("new") == 7 and report.exit_code == 0
    assert (content.parent / "state" / "scrape.sqlite3").exists()


def test_files_have_the_content_model_header(first_run):
    _, content, _, base = first_run
    for path in content.glob("articles/*/*/*.md"):
        text = path.read_text(encoding="utf-8")
        fields, _ = parse_header(text)
        keys = [field.key for field in fields]
        assert keys[:4] == ["title", "date", "source", "original"]
        assert keys[-1] == "fingerprint" and "scraped" in keys and "summary" in keys
        values = {field.key: field.value for field in fields}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", values["date"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", values["scraped"])
        assert len(values["summary"]) <= 300
        assert values["original"].startswith(base)
        assert is_unmodified(text)
    vesthavn = content / "articles/vesthavn-avis/2012"
    text = vesthavn / "byraadet-i-vesthavn-skifter-til-sbsys-efter-14-aar-med-gammelt-system.md"
    assert "Date: 2012-11-12 10:31" in text.read_text()
    assert "borgmester Søren Østergaard" in text.read_text()
    assert "Publish: full" in next(content.glob("articles/brugerklubben/*/*.md")).read_text()


def test_nothing_unsafe_or_furniture_reaches_markdown(first_run):
    _, content, _, _ = first_run
    for path in content.glob("articles/*/*/*.md"):
        text = path.read_text(encoding="utf-8")
        for bad in ("<script", "<iframe", "<img", "onerror", "onclick", "javascript:", "evil."):
            assert bad not in text, (path, bad)
        assert not re.search(r"<[a-zA-Z/]", text), path
        for furniture in ("Læses lige nu", "Navnenyt", "cookies", "Annonce", "Kommentarer"):
            assert furniture not in text, (path, furniture)


def test_off_topic_articles_are_remembered_not_written(first_run):
    _, content, _, base = first_run
    database = sqlite3.connect(content.parent / "state" / "scrape.sqlite3")
    off_topic = {
        url for (url,) in database.execute("SELECT url FROM seen WHERE status='off_topic'")
    }
    assert off_topic == {
        f"{base}/kommunalit/artikler/cykelstrategi.html",
        f"{base}/fagbladet/nyheder/mitid-vejledning",
    }


def test_syndicated_copy_and_tracking_duplicates_merge(first_run):
    _, content, _, base = first_run
    text = (content / "articles" / UDBUD).read_text()
    assert f"Original: {base}/kommunalit/artikler/sbsys-udbud.html\n" in text
    assert f"Copies: {base}/fagbladet/nyheder/sbsys-sender-udvikling-i-udbud\n" in text
    assert "utm_" not in text and "fbclid" not in text
    assert is_unmodified(text)


def test_syndicated_copy_found_first_records_both_urls(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources(*reversed(all_sources(base)))
    content = tmp_path / "content"
    scrape(sources, content, config=fast)
    copies = [p for p in content.glob("articles/*/*/*.md") if "sbsys-sender" in p.read_text()]
    assert len(copies) == 1
    text = copies[0].read_text()
    assert f"Original: {base}/kommunalit/artikler/sbsys-udbud.html\n" in text
    assert "Copies: " in text and "fagbladet/nyheder/sbsys-sender-udvikling-i-udbud" in text


def test_second_run_sends_validators_gets_304_and_writes_nothing(first_run, httpserver, fast):
    sources, content, _, _ = first_run
    before = {p: p.stat().st_mtime_ns for p in content.glob("articles/*/*/*.md")}
    httpserver.clear_log()
    report = scrape(sources, content, config=fast)
    assert report.total("not_modified") == 4 and report.total("new") == 0
    feeds = [r for r, _ in httpserver.log]
    assert len(feeds) == 4, "one conditional request per source; no pages, robots.txt kept"
    assert all(r.headers.get("If-None-Match") for r in feeds)
    assert {p: p.stat().st_mtime_ns for p in content.glob("articles/*/*/*.md")} == before


def _forget_validators(content: Path) -> None:
    with sqlite3.connect(content.parent / "state" / "scrape.sqlite3") as database:
        database.execute("DELETE FROM http_cache")


def test_changed_feed_with_known_items_fetches_no_pages(first_run, httpserver, fast):
    sources, content, _, _ = first_run
    _forget_validators(content)
    httpserver.clear_log()
    report = scrape(sources, content, config=fast)
    assert report.total("new") == 0 and report.total("requested") == 4
    assert not [r for r, _ in httpserver.log if "/artikler/" in r.path or "/lokalt/" in r.path]


def test_editor_deleted_article_does_not_come_back(first_run, httpserver, fast):
    sources, content, _, _ = first_run
    (content / "articles" / UDBUD).unlink()
    _forget_validators(content)
    httpserver.clear_log()
    scrape(sources, content, config=fast)
    assert not (content / "articles" / UDBUD).exists()
    assert not [r for r, _ in httpserver.log if "sbsys-udbud" in r.path]
    with sqlite3.connect(content.parent / "state" / "scrape.sqlite3") as database:
        statuses = {
            s for (s,) in database.execute("SELECT status FROM seen WHERE path=?", (UDBUD,))
        }
    assert statuses == {"deleted", "duplicate"}


def test_syndicated_copy_of_deleted_article_is_not_written(
    tmp_path, serve_sites, write_sources, fast
):
    base = serve_sites()
    kommunalit, fagbladet = all_sources(base)[:2]
    content = tmp_path / "content"
    scrape(write_sources(kommunalit), content, config=fast)
    (content / "articles" / UDBUD).unlink()
    report = scrape(write_sources(kommunalit, fagbladet), content, config=fast)
    assert report.total("new") == 1  # only the supplier article; the copy stays deleted
    assert not list(content.glob("articles/*/*/*sbsys-sender*"))
    assert not (content / "articles" / UDBUD).exists()


def test_editor_modified_article_is_not_overwritten(
    tmp_path, serve_sites, write_sources, fast, caplog
):
    base = serve_sites()
    kommunalit, fagbladet = all_sources(base)[:2]
    content = tmp_path / "content"
    scrape(write_sources(kommunalit), content, config=fast)
    path = content / "articles" / UDBUD
    edited = path.read_text().replace("Odense", "Odense (rettet af redaktionen)")
    path.write_text(edited, encoding="utf-8")
    report = scrape(write_sources(kommunalit, fagbladet), content, config=fast)
    assert path.read_text() == edited
    modified = next(s for s in report.sources if s.id == "fagbladet").editor_modified
    assert modified == (str(path),)
    assert len(written(content)) == 3, "the copy is not written as an article of its own"
    said = [r.getMessage() for r in caplog.records if "changed by an editor" in r.getMessage()]
    assert len(said) == 1 and "1 copy is kept in state only: http://" in said[0], said


def test_dead_source_is_reported_and_skipped(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/feed.xml"
    sources = write_sources({"id": "doed", "feed": dead}, all_sources(base)[2])
    report = scrape(sources, tmp_path / "content", config=fast)
    assert counts(report, "doed")["errors"] == 1 and counts(report, "vesthavn-avis")["new"] == 2
    assert report.exit_code == 0
    assert scrape(sources, tmp_path / "content", strict=True, config=fast).exit_code == 1
    rows = {row["id"]: row for row in sources_table(sources, tmp_path / "content")}
    assert rows["doed"]["status"] == "error" and "doed" not in str(rows["vesthavn-avis"]["error"])
    assert rows["doed"]["last_fetch"] and rows["doed"]["last_success"] is None
    assert rows["vesthavn-avis"]["articles"] == 2 and rows["vesthavn-avis"]["last_fetch"]
    assert rows["vesthavn-avis"]["last_success"] == rows["vesthavn-avis"]["last_fetch"]


def test_a_failing_source_keeps_its_last_successful_fetch(
    tmp_path, serve_sites, write_sources, fast
):
    sources = write_sources(all_sources(serve_sites())[2])
    scrape(sources, tmp_path / "content", config=fast)
    first = {row["id"]: row for row in sources_table(sources, tmp_path / "content")}[
        "vesthavn-avis"
    ]
    with socket.socket() as sock:  # the same source id, now at an address nothing answers
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/rss.xml"
    gone = write_sources({"id": "vesthavn-avis", "feed": dead})
    scrape(gone, tmp_path / "content", config=fast)
    after = {row["id"]: row for row in sources_table(gone, tmp_path / "content")}["vesthavn-avis"]
    assert after["status"] == "error"
    assert after["last_success"] == first["last_success"] is not None


def test_site_autodiscovery_then_feed_only(tmp_path, serve_sites, write_sources, fast, httpserver):
    base = serve_sites()
    sources = write_sources({"id": "kommunalit", "site": f"{base}/kommunalit/"})
    content = tmp_path / "content"
    assert scrape(sources, content, config=fast).total("new") == 2
    httpserver.clear_log()
    report = scrape(sources, content, config=fast)
    assert report.total("not_modified") == 1
    assert [r.path for r, _ in httpserver.log if r.path != "/robots.txt"] == [
        "/kommunalit/feed.xml"
    ]


def test_page_listing_source(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    listing = {"page": f"{base}/brugerklubben/nyheder.html", "selector": "main#indhold"}
    sources = write_sources({"id": "brugerklubben", **listing, "max_items": 1})
    report = scrape(sources, tmp_path / "content", config=fast)
    assert written(tmp_path / "content") == {
        "brugerklubben/2024/ny-version-af-sbsys-er-klar-til-test.md"
    }
    assert counts(report, "brugerklubben")["requested"] == 2
    text = next((tmp_path / "content").glob("articles/*/*/*.md")).read_text()
    assert "superbrugere" in text and "Publiceret" not in text.split("\n\n", 1)[0]


def test_site_feed_moved_is_discovered_again(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources({"id": "kommunalit", "site": f"{base}/kommunalit/"})
    content = tmp_path / "content"
    scrape(sources, content, config=fast)
    with sqlite3.connect(content.parent / "state" / "scrape.sqlite3") as database:
        moved = f"{base}/kommunalit/gammel.xml"
        database.execute("UPDATE source_status SET feed_url = ?", (moved,))
    report = scrape(sources, content, config=fast)
    assert report.total("errors") == 0 and report.total("not_modified") == 1


def test_robots_disallow_stops_page_fetches(tmp_path, httpserver, serve_sites, write_sources, fast):
    robots = (ROBOTS / "disallow-kommunalit.txt").read_text()
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    base = serve_sites()
    report = scrape(write_sources(all_sources(base)[0]), tmp_path / "content", config=fast)
    assert counts(report, "kommunalit")["errors"] == 0 and report.total("new") == 0
    assert report.total("failed") == 3, "disallowed items are remembered and retried later"
    assert not [r for r, _ in httpserver.log if "/artikler/" in r.path]


def test_malformed_feed_and_broken_charsets(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources(
        {"id": "oedelagt", "feed": f"{base}/broken/malformed.xml"},
        {"id": "tegnsaet", "feed": f"{base}/broken/wrong-charset.xml"},
    )
    content = tmp_path / "content"
    report = scrape(sources, content, config=fast)
    broken = next(s for s in report.sources if s.id == "oedelagt")
    # the feed is read despite its bad XML (a warning), its 404 item is remembered for a retry
    assert broken.new == 1 and broken.errors == 0 and broken.failed == 1
    assert any("read despite a problem" in message for message in broken.messages)
    assert any("HTTP 404" in message for message in broken.messages)
    texts = "\n".join(p.read_text(encoding="utf-8") for p in content.glob("articles/*/*/*.md"))
    assert "Kommunaldirektør Åse Mølgaard" in texts
    assert "Ærø og Læsø kommuner vil fremover dele" in texts
    assert "Title: Forkert tegnsæt: Ærø og Læsø deler journalsystem" in texts


def test_invalid_sources_file_raises(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text("[topic]\nquery = 'SBSYS'\n\n[[source]]\nid = 'x'\nfeed = 'nope'\n")
    with pytest.raises(SourcesError, match=r"sources.toml:6: "):
        scrape(sources, tmp_path / "content")


def test_progress_line_on_terminal_and_log_lines(first_run, fast, capsys, caplog):
    sources, content, _, _ = first_run
    caplog.set_level("INFO", logger="scrapers")
    scrape(sources, content, progress=True, config=fast)
    assert "scrape: 4/4 sources, 0 new, 0 errors" in capsys.readouterr().err
    assert any("kommunalit: requested 1, not modified 1" in r.getMessage() for r in caplog.records)


def test_state_folder_defaults_beside_content(first_run, tmp_path: Path):
    _, content, _, _ = first_run
    assert (tmp_path / "state" / "scrape.sqlite3").exists() and content.parent == tmp_path


def test_demo_scrapes_fixture_sites_into_copy_and_builds(tmp_path: Path):
    from dossier.publish.build import build_site
    from scrapers.demo import build_sources, run_demo

    content = run_demo(tmp_path)
    assert content == tmp_path / "content"
    assert written(content) >= EXPECTED_FILES
    result = build_site(content, tmp_path / "output", sources=build_sources(tmp_path))
    assert result.problems == ()
    sources_page = (tmp_path / "output" / "kilder" / "index.html").read_text(encoding="utf-8")
    assert "KommunalIT" in sources_page and "Computerworld" in sources_page


def test_demo_stopped_by_sigterm_removes_its_folder(tmp_path: Path):
    # a service manager or `kill` stops it as Ctrl+C does: nothing is left in the temp folder
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "invoke", "demo", "--port", str(port)]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    demo = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("dossier-demo-*/content")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(tmp_path.glob("dossier-demo-*/content")), "the demo never started"
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        demo.kill()
    assert not list(tmp_path.glob("dossier-demo-*"))


def test_lost_state_does_not_duplicate_stored_articles(first_run, fast):
    sources, content, _, _ = first_run
    before = written(content)
    (content.parent / "state" / "scrape.sqlite3").unlink()
    report = scrape(sources, content, config=fast)
    assert report.total("new") == 0 and written(content) == before
