"""The /kilder/ page: every source, its articles, its last fetch and error, read from state."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pelican import Pelican, signals

from dossier.plugin.sources_page import problem_words, source_rows, texts_read
from dossier.publish.build import build_site, site_settings
from dossier.publish.verify import parse_page
from dossier.scrapestate import error_kind, read_states
from scrapers.state import SourceStatus, State

from .conftest import FIXTURES


def copy_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", root)
    return root


def write_month_article(root: Path) -> Path:
    """An article of lokalavisen dated to a month only (Precision: month)."""
    path = root / "content/articles/lokalavisen/2013/en-maaned.md"
    path.write_text(
        "Title: Klubben holder møde\nDate: 2013-05\nPrecision: month\nSource: lokalavisen\n"
        "Original: https://lokalavisen.example/moede\n\nKlubben holdt møde om SBSYS.\n",
        encoding="utf-8",
    )
    return path


def test_rows_without_state_say_no_fetch_is_recorded(tmp_path: Path) -> None:
    # a fresh clone has no state and its articles were added by the editors: "never fetched"
    # beside a count of articles would contradict itself
    root = copy_site(tmp_path)
    rows = source_rows(root / "sources.toml", root / "content", root / "state")
    by_id = {row.id: row for row in rows}
    assert set(by_id) == {"lokalavisen", "styrelsen"}
    assert by_id["lokalavisen"].articles == len(
        list((root / "content/articles/lokalavisen").rglob("*.md"))
    )
    assert by_id["styrelsen"].articles == 1
    for row in rows:
        assert row.last_success_text == "ingen hentning registreret" and row.error is None
    assert not (root / "state").exists()  # reading never creates the state


def test_rows_give_the_date_of_the_newest_article(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write_month_article(root)
    rows = {row.id: row for row in source_rows(root / "sources.toml", root / "content", root)}
    assert (rows["lokalavisen"].newest, rows["lokalavisen"].newest_text) == (
        "2013-05-01",
        "maj 2013",
    )
    assert rows["styrelsen"].newest_text == "27. september 2017"


def test_rows_show_the_last_successful_fetch_and_the_last_error(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    state = State(root / "state")
    ok = "2026-11-27T08:05:00Z"
    state.save_source(SourceStatus("lokalavisen", ok, "ok", None, 2, None, ok))
    error = "styrelsen: HTTP 503 from https://styrelsen.example/"
    failed = SourceStatus("styrelsen", "2026-11-26T23:30:00Z", "error", error, 1, None, None)
    state.save_source(failed)
    state.close()
    rows = {
        row.id: row for row in source_rows(root / "sources.toml", root / "content", root / "state")
    }
    assert rows["lokalavisen"].last_success_text == "27. november 2026 kl. 09:05"  # Danish time
    assert rows["lokalavisen"].status == "OK"
    assert rows["styrelsen"].status == "Fejl"
    assert rows["styrelsen"].error == "Serverfejl hos kilden"  # Danish, from an old database
    assert rows["styrelsen"].last_success_text == "aldrig hentet"  # it has only failed


def test_the_built_site_has_the_sources_page_in_its_menu(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    state = State(root / "state")
    ok = "2026-11-27T08:05:00Z"
    state.save_source(SourceStatus("lokalavisen", ok, "ok", None, 2, None, ok))
    state.close()
    with (root / "sources.toml").open("a", encoding="utf-8") as sources:
        sources.write('\n[[source]]\nid = "ministeriet"\nsite = "https://m.example/"\n')
        sources.write('publish = "full"\n')
    output = root / "output"
    build_site(root / "content", output, sources=root / "sources.toml")
    html = (output / "kilder" / "index.html").read_text("utf-8")
    # how its articles are shown is said of a source with articles, not of one without
    assert html.count("(vises i fuld længde)") == 1  # styrelsen's, not ministeriet's
    title, _ = parse_page(html)
    assert title.startswith("Kilder")
    assert '<th scope="col">Senest hentet uden fejl</th>' in html
    assert "Lokalavisen Vestjylland" in html and "Styrelsen for Fællesløsninger" in html
    assert '<time datetime="2026-11-27T08:05:00Z">27. november 2026 kl. 09:05</time>' in html
    assert "ingen hentning registreret" in html  # styrelsen: no state, one article
    assert "aldrig hentet" not in html
    assert '<td><time datetime="2017-09-27">27. september 2017</time></td>' in html
    assert 'href="/kilder/"' in (output / "index.html").read_text("utf-8")


# The scrapers' source_status table with the failure-memory columns (the contract with scrapers/).
FULL_TABLE = """CREATE TABLE source_status (
    id TEXT PRIMARY KEY, last_fetch TEXT, status TEXT, error TEXT, articles INTEGER,
    feed_url TEXT, last_success TEXT, failures INTEGER, failing_since TEXT, error_kind TEXT,
    next_attempt TEXT)"""
RAW = "lokalavisen: https://lokalavisen.example/feed: ConnectError: [Errno -2] Name or service"


def write_states(state: Path, rows: list[tuple]) -> None:
    """Rows of (id, last_fetch, status, error, last_success, failures, failing_since, kind)."""
    state.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(state / "scrape.sqlite3") as db:
        db.execute(FULL_TABLE)
        db.executemany(
            "INSERT INTO source_status (id, last_fetch, status, error, last_success, failures,"
            " failing_since, error_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (RAW, "unreachable"),
        ("styrelsen: https://s.example/feed: HTTP 404", "not_found"),
        ("styrelsen: https://s.example/feed: HTTP 410", "gone"),
        ("styrelsen: https://s.example/feed: HTTP 502", "server_error"),
        ("styrelsen: https://s.example/feed: HTTP 403", "http_error"),
        ("styrelsen: https://s.example/feed: timeout after 30.0 s", "timeout"),
        ("styrelsen: malformed feed https://s.example/feed: not a feed", "malformed"),
        ("styrelsen: https://s.example/x: disallowed by robots.txt", "robots"),
        ("styrelsen: unexpected KeyError: 'x'", "other"),
    ],
)
def test_an_old_database_error_text_gets_its_kind(error: str, kind: str) -> None:
    assert error_kind(error) == kind


def test_the_page_says_in_danish_what_is_wrong_and_since_when(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    since, ok = "2026-11-28T07:10:00Z", "2026-11-28T06:10:00Z"
    write_states(
        root / "state",
        [
            ("lokalavisen", "2026-11-30T07:10:00Z", "error", RAW, ok, 5, since, "unreachable"),
            (
                "styrelsen",
                "2026-11-30T07:10:00Z",
                "ok",
                None,
                "2026-11-30T07:10:00Z",
                0,
                None,
                None,
            ),
        ],
    )
    states = read_states(root / "state")
    assert states["lokalavisen"].failures == 5 and states["styrelsen"].failures == 0
    output = root / "output"
    build_site(root / "content", output, sources=root / "sources.toml")
    html = (output / "kilder" / "index.html").read_text("utf-8")
    expected = "Siden svarer ikke, siden 28. november 2026 kl. 08:10"
    assert expected in html
    assert '<time datetime="2026-11-28T06:10:00Z">28. november 2026 kl. 07:10</time>' in html
    assert "ConnectError" not in html and "Errno" not in html and "Name or service" not in html


def test_every_error_kind_has_danish_words() -> None:
    from dossier.scrapestate import ERROR_KINDS

    assert set(problem_words()) == set(ERROR_KINDS)


def test_a_retired_and_a_removed_source_keep_their_row_and_name(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    sources = root / "sources.toml"
    text = sources.read_text("utf-8")
    sources.write_text(
        text.replace('id = "styrelsen"', 'id = "styrelsen"\nretired = true'), "utf-8"
    )
    gone = root / "content" / "articles" / "nedlagt-avis" / "2013"
    gone.mkdir(parents=True)
    (gone / "et-gammelt-indlaeg.md").write_text(
        "Title: Et gammelt indlæg om SBSYS\nDate: 2013-02-01\nSource: nedlagt-avis\n"
        "Sourcename: Nedlagt Avis Ærø\nOriginal: https://nedlagt.example/a\n\nTekst.\n",
        "utf-8",
    )
    rows = {row.id: row for row in source_rows(sources, root / "content", root / "state")}
    assert rows["styrelsen"].retired and rows["styrelsen"].status == "Følges ikke længere"
    assert rows["nedlagt-avis"].retired and rows["nedlagt-avis"].name == "Nedlagt Avis Ærø"
    assert rows["nedlagt-avis"].articles == 1 and rows["nedlagt-avis"].url == ""
    assert not rows["lokalavisen"].retired


def test_rows_from_the_texts_the_build_read_equal_rows_from_the_files(tmp_path: Path) -> None:
    # the page takes dates, precisions and source names from the texts Pelican read rather than
    # reading every article's header again; a file Pelican did not read is read from disk
    root = copy_site(tmp_path)
    month = write_month_article(root)
    gone = root / "content/articles/nedlagt-avis/2013"
    gone.mkdir(parents=True)
    (gone / "et-indlaeg.md").write_text(
        "Title: Et indlæg om SBSYS\nDate: 2013-02-01 14:30\nSource: nedlagt-avis\n"
        "Sourcename: Nedlagt Avis Ærø\nOriginal: https://nedlagt.example/a\n\nTekst.\n",
        "utf-8",
    )
    (gone / "uden-dato.md").write_text("Title: Uden dato\n\nPelican læser den ikke.\n", "utf-8")
    contexts = []

    def keep(generators) -> None:
        contexts.append(next(g for g in generators if hasattr(g, "articles")).context)

    signals.all_generators_finalized.connect(keep)
    try:
        settings = site_settings(root / "content", root / "output", DOSSIER_SPLIT=False)
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(keep)
    read = texts_read(contexts[0])
    assert str(month) in read and str(gone / "et-indlaeg.md") in read
    assert str(gone / "uden-dato.md") not in read
    args = (root / "sources.toml", root / "content", root / "state")
    rows = source_rows(*args, read=read)
    assert rows == source_rows(*args)
    by_id = {row.id: row for row in rows}
    assert by_id["nedlagt-avis"].name == "Nedlagt Avis Ærø"
    assert by_id["nedlagt-avis"].articles == 2
    assert by_id["lokalavisen"].newest_text == "maj 2013"
