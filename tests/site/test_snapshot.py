"""Texts restored from the last build (snapshot.py): real Pelican builds of the fixture site."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from pelican import Pelican, signals

from dossier.publish.build import new_log_run, site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = "articles/lokalavisen/2013/forsiden.md"


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "site", tmp_path / "site")
    return tmp_path / "site"


def build(site: Path, caplog, **overrides) -> tuple[int, int]:
    """Build with every page rendered; return (texts restored, texts read)."""
    new_log_run()
    caplog.clear()
    settings = site_settings(
        site / "content",
        site / "output",
        DOSSIER_SOURCES=str(site / "sources.toml"),
        DOSSIER_INCREMENTAL=False,
        **overrides,
    )
    with caplog.at_level(logging.INFO, logger="dossier.plugin.snapshot"):
        Pelican(settings).run()
    said = [r.getMessage() for r in caplog.records if r.name == "dossier.plugin.snapshot"]
    found = [re.fullmatch(r"texts: (\d+) restored, (\d+) read", m) for m in said]
    if not any(found):
        return 0, 0
    match = next(m for m in found if m)
    return int(match.group(1)), int(match.group(2))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_restored_texts_render_as_read_ones(site: Path, tmp_path: Path, caplog) -> None:
    restored, read = build(site, caplog)
    assert restored == 0 and read > 10
    assert build(site, caplog) == (read, 0)  # every text restored
    fresh = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "site", fresh)
    build(fresh, caplog, DOSSIER_SNAPSHOT=False)
    # every page rendered from the restored texts, byte for byte what reading them renders
    assert tree(site / "output") == tree(fresh / "output")


def test_an_edited_text_is_read_again(site: Path, caplog) -> None:
    _, read = build(site, caplog)
    shards = {p.name: p.read_bytes() for p in (site / "state" / "texts").glob("*/*.pickle")}
    note = site / "content" / "notes" / "kommunens-arkiv.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    assert build(site, caplog) == (read - 1, 1)
    after = {p.name: p.read_bytes() for p in (site / "state" / "texts").glob("*/*.pickle")}
    assert after.keys() == shards.keys()
    assert sum(after[name] != shards[name] for name in shards) == 1  # the note's shard only
    page = (site / "output" / "noter/kommunens-arkiv/index.html").read_text(encoding="utf-8")
    assert "En ny sætning." in page


def test_what_reading_a_text_warned_is_said_again(site: Path, caplog) -> None:
    head = "Title: Forsiden\nDate: 2013-05-02\nSource: lokalavisen\n"
    text = head + "Original: https://lokalavisen.example/a\nSave_as: index.html\n\nTekst.\n"
    (site / "content" / ARTICLE).write_text(text, encoding="utf-8")
    warning = "forsiden.md: save_as left out: the address of a text of this kind is the site's"
    for number in range(2):
        restored, _ = build(site, caplog)
        said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert any(warning in message for message in said), number
    assert restored > 0


def _another_plugins_handler(content) -> None:
    content.touched_by_another_plugin = True


def test_another_plugin_reading_texts_turns_restoring_off(site: Path, caplog) -> None:
    _, read = build(site, caplog)
    signals.content_object_init.connect(_another_plugins_handler)
    try:
        assert build(site, caplog) == (0, 0)  # not restored: its handler runs on every text
    finally:
        signals.content_object_init.disconnect(_another_plugins_handler)
    assert build(site, caplog) == (read, 0)  # the last build's texts are still there


def test_builds_of_other_settings_keep_their_own_texts(site: Path, caplog) -> None:
    _, read = build(site, caplog)
    assert build(site, caplog, SITEURL="https://dossier.example") == (0, read)  # another key
    assert build(site, caplog) == (read, 0)  # the first build's texts are still there
    for number in range(4):  # three keys are kept: the oldest goes
        build(site, caplog, SITENAME=f"Dossier {number}")
    assert len(list((site / "state" / "texts").iterdir())) == 3
