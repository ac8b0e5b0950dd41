"""The /kilder/ page: every source, its articles, its last fetch and error, read from state."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.plugin.sources_page import source_rows
from dossier.publish.build import build_site
from dossier.publish.verify import parse_page
from scrapers.state import SourceStatus, State

from .conftest import FIXTURES


def copy_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", root)
    return root


def test_rows_without_state_say_never_fetched(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    rows = source_rows(root / "sources.toml", root / "content", root / "state")
    by_id = {row.id: row for row in rows}
    assert set(by_id) == {"lokalavisen", "styrelsen"}
    assert by_id["lokalavisen"].articles == len(
        list((root / "content/articles/lokalavisen").rglob("*.md"))
    )
    assert by_id["styrelsen"].articles == 1
    assert all(row.last_success_text == "aldrig hentet" and row.error is None for row in rows)
    assert not (root / "state").exists()  # reading never creates the state


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
    assert rows["styrelsen"].error == error
    assert rows["styrelsen"].last_success_text == "aldrig hentet"  # it has only failed


def test_the_built_site_has_the_sources_page_in_its_menu(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    state = State(root / "state")
    ok = "2026-11-27T08:05:00Z"
    state.save_source(SourceStatus("lokalavisen", ok, "ok", None, 2, None, ok))
    state.close()
    output = root / "output"
    build_site(root / "content", output, sources=root / "sources.toml")
    html = (output / "kilder" / "index.html").read_text("utf-8")
    title, _ = parse_page(html)
    assert title.startswith("Kilder")
    assert '<th scope="col">Senest hentet uden fejl</th>' in html
    assert "Lokalavisen Vestjylland" in html and "Styrelsen for Fællesløsninger" in html
    assert '<time datetime="2026-11-27T08:05:00Z">27. november 2026 kl. 09:05</time>' in html
    assert "aldrig hentet" in html  # styrelsen
    assert 'href="/kilder/"' in (output / "index.html").read_text("utf-8")
