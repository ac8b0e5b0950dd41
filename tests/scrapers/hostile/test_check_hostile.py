"""Issue 15, finding 8: check accepts a BOM as Pelican does and names the exact broken line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.content import parse_header
from dossier.editing.check import check_content

CHECK = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "check"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The fixture content, plus the files of raw/ that are not UTF-8 (kept as .md.bin, since
    ruff format reads every .md of the repository)."""
    folder = tmp_path / "content"
    shutil.copytree(CHECK / "content", folder)
    for raw in (CHECK / "raw").rglob("*.md.bin"):
        target = folder / raw.relative_to(CHECK / "raw").with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw.read_bytes())
    return folder


def test_check_names_the_exact_line_and_accepts_a_bom(content: Path, monkeypatch):
    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")  # expected.txt is in English
    problems = [problem.format(content.parent) for problem in check_content(content)]
    assert problems == (CHECK / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_a_bom_file_has_its_header():
    text = (CHECK / "content" / "notes" / "med-bom.md").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    fields, body_line = parse_header(text)
    assert [field.key for field in fields] == ["title", "date"] and body_line == 4


def test_a_stray_header_line_is_not_reported_as_a_missing_key(content: Path):
    problems = check_content(content)
    stray = [p for p in problems if p.path.name == "skaevt-hoved.md"]
    assert [(p.line, "missing" in p.message) for p in stray] == [(2, False)]
