"""`invoke new` writes correctly named files from Danish templates that pass `invoke check`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dossier.editing.check import check_content
from dossier.editing.new import new_file
from dossier.errors import DossierError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("note", "Udbuddet i 2012", "notes/udbuddet-i-2012.md"),
        ("event", "Ankestyrelsen afgør sagen", "events/2017-09-27-ankestyrelsen-afgoer-sagen.md"),
        ("person", "Jørgen Kristensen Rasch", "people/joergen-kristensen-rasch.md"),
        ("organisation", "Klagenævnet for Udbud", "organisations/klagenaevnet-for-udbud.md"),
    ],
)
def test_new_file_is_named_by_slug_and_passes_check(tmp_path, kind, title, expected) -> None:
    path = new_file(tmp_path, kind, title, today=date(2017, 9, 27))
    assert path == tmp_path / expected
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"Title: {title}\n")
    assert check_content(tmp_path) == []


def test_new_never_overwrites(tmp_path: Path) -> None:
    new_file(tmp_path, "note", "Sagen kort")
    with pytest.raises(DossierError, match="already exists"):
        new_file(tmp_path, "note", "Sagen kort")


def test_new_task_writes_the_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "new",
            "organisation",
            "Dansk Erhverv",
            "--content",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "organisations" / "dansk-erhverv.md").is_file()


def test_new_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(DossierError, match="unknown kind 'artikel'"):
        new_file(tmp_path, "artikel", "Noget")
