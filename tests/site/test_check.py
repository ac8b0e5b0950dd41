"""`invoke check` names every broken file and line; builds warn or refuse accordingly."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from dossier.editing.check import check_content
from dossier.publish.build import build_site

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "fixtures" / "check"
INVOKE = [sys.executable, "-m", "invoke"]


def run_check(content: Path, sources: Path, language: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*INVOKE, "check", "--content", str(content), "--sources", str(sources)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DOSSIER_LANGUAGE": language},
    )


def test_check_reports_every_problem_as_path_line_message() -> None:
    result = run_check(CHECK / "content", CHECK / "sources.toml")
    expected = (CHECK / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == expected
    assert result.returncode == 1
    assert f"{len(expected)} problems" in result.stderr


def test_every_kind_of_problem_is_in_the_fixture() -> None:
    text = (CHECK / "expected.txt").read_text(encoding="utf-8")
    for kind in (
        "missing Title",
        "missing Date",
        "cannot parse Date",
        "is not ISO: write",
        "unknown metadata key",
        "unknown person id",
        "unknown organisation id",
        "duplicate slug",
        "broken link {filename}",
        "malformed URL",
        "unknown source id",
    ):
        assert kind in text, kind


def test_clean_content_passes(fixture_site: Path) -> None:
    result = run_check(fixture_site / "content", fixture_site / "sources.toml")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found."


def test_the_valid_file_among_broken_ones_has_no_problem() -> None:
    problems = check_content(CHECK / "content", CHECK / "sources.toml")
    assert not [p for p in problems if p.path.name == "hanne-moelgaard.md" and p.line != 4]
    assert not [p for p in problems if p.path.name == "egedal-kommune.md"]


def test_local_build_shows_problems_as_warnings(tmp_path: Path, caplog, monkeypatch) -> None:
    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")
    caplog.set_level(logging.WARNING, logger="dossier.publish.build")
    result = build_site(
        CHECK / "content",
        tmp_path / "out",
        sources=CHECK / "sources.toml",
        CACHE_PATH=str(tmp_path / "cache"),
        DOSSIER_STATE=str(tmp_path / "state"),
    )
    warnings = [r.getMessage() for r in caplog.records if r.name == "dossier.publish.build"]
    assert len(warnings) == len(result.problems) > 0
    assert any(w.endswith("notes/uden-dato.md:1: missing Date") for w in warnings)
    assert (tmp_path / "out" / "noter" / "gyldig-note" / "index.html").is_file()
