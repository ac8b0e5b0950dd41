"""Reading ahead: the texts Pelican's cache lacks are read on two processes before Pelican reads.

Real Pelican builds of the fixture site, once with reading ahead from the first file and once
without; the trees must be the same, and a file the workers cannot read is reported as always.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.cache import FileStampDataCacher

from dossier.plugin import readahead
from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = """Title: Et møde der ikke fandt sted
Date: 31.02.2012
Source: avisen

Datoen findes ikke, så filen kan ikke læses.
"""


def build(site: Path) -> dict[str, bytes]:
    """Build site/content into site/output; return every output file by its relative path."""
    settings = site_settings(
        site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
    )
    Pelican(settings).run()
    output = site / "output"
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


@pytest.fixture
def two_cores(monkeypatch):
    """Reading ahead needs two cores; the test machine may have one."""
    monkeypatch.setattr(readahead.os, "sched_getaffinity", lambda _pid: {0, 1})


def site_with_broken_file(target: Path) -> Path:
    shutil.copytree(FIXTURES / "site", target)
    (target / "content" / "articles" / "ulaeselig.md").write_text(BROKEN, encoding="utf-8")
    return target


def test_reading_ahead_writes_the_tree_reading_in_turn_writes(
    tmp_path, monkeypatch, caplog, two_cores
):
    caplog.set_level(logging.INFO, logger="dossier.plugin.readahead")
    monkeypatch.setattr(readahead, "READ_AHEAD_MIN", 10**9)
    in_turn = build(site_with_broken_file(tmp_path / "in-turn"))
    assert not [r for r in caplog.records if r.name == "dossier.plugin.readahead"]
    unreadable = [r for r in caplog.records if "ulaeselig.md" in r.getMessage()]
    assert unreadable, "Pelican reports the unreadable file"

    caplog.clear()
    monkeypatch.setattr(readahead, "READ_AHEAD_MIN", 1)
    ahead = build(site_with_broken_file(tmp_path / "ahead"))
    lines = [r.getMessage() for r in caplog.records if r.name == "dossier.plugin.readahead"]
    texts = len(list((FIXTURES / "site" / "content").glob("[aen]*/**/*.md")))  # articles ...
    # every article, note and event but the broken one, then the pages, then people and orgs
    assert lines[0] == f"read ahead: {texts} of {texts + 1} files, 2 processes"
    assert len(lines) == 3
    assert [r.getMessage() for r in caplog.records if "ulaeselig.md" in r.getMessage()] == [
        r.getMessage() for r in unreadable
    ]
    assert ahead.keys() == in_turn.keys()
    assert [name for name in ahead if ahead[name] != in_turn[name]] == []


def test_a_warm_cache_is_not_read_again(tmp_path, monkeypatch, caplog, two_cores):
    monkeypatch.setattr(readahead, "READ_AHEAD_MIN", 1)
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    build(site)
    caplog.clear()
    caplog.set_level(logging.INFO, logger="dossier.plugin.readahead")
    note = site / "content" / "notes" / "ny-note.md"
    note.write_text("Title: En ny note\nDate: 2024-03-01\n\nKun denne er ny.\n", "utf-8")
    build(site)
    lines = [r.getMessage() for r in caplog.records if r.name == "dossier.plugin.readahead"]
    assert lines == ["read ahead: 1 of 1 files, 2 processes"]


def test_a_build_hashes_only_the_files_it_reads(tmp_path, monkeypatch):
    # Pelican's generators keep no texts of their own (the readers' cache and the snapshot do),
    # yet they hashed every file twice a build; only a changed file is hashed by Pelican now
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    build(site)
    stamped = []
    stamp = FileStampDataCacher._get_file_stamp
    monkeypatch.setattr(
        FileStampDataCacher,
        "_get_file_stamp",
        lambda self, name: stamped.append(name) or stamp(self, name),
    )
    build(site)
    assert stamped == []
    note = site / "content" / "notes" / "ny-note.md"
    note.write_text("Title: En ny note\nDate: 2024-03-01\n\nKun denne er ny.\n", "utf-8")
    build(site)
    assert stamped == [str(note)] * 2  # the readers' cache: is it cached, then keep it
