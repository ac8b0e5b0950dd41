"""Discovery: names the registry lacks get pages marked as found automatically; editors decide."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DISCOVERED = "personer/mads-kjaersgaard/index.html"


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_discovered_person_has_a_page_with_the_quote(built_site: Path) -> None:
    html = (built_site / DISCOVERED).read_text(encoding="utf-8")
    assert "fundet automatisk" in html
    assert "Kravene var skrevet, så kun de store kunne byde." in html
    people = (built_site / "personer/index.html").read_text(encoding="utf-8")
    assert "Mads Kjærsgaard" in people and "(fundet automatisk)" in people


def test_entities_lists_accepts_and_rejects(fixture_site: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(fixture_site / "content", content)
    listed = invoke("entities", "--content", str(content))
    assert listed.returncode == 0, listed.stderr
    assert "* Mads Kjærsgaard (person: 1 gang i 1 tekst)" in listed.stdout
    assert "administrerende direktør Mads Kjærsgaard" in listed.stdout
    accepted = invoke("entities", "--content", str(content), "--accept", "Mads Kjærsgaard")
    assert accepted.returncode == 0, accepted.stderr
    text = (content / "people" / "mads-kjaersgaard.md").read_text(encoding="utf-8")
    assert text.startswith("Title: Mads Kjærsgaard\nDiscovered: ja\n")
    rejected = invoke("entities", "--content", str(content), "--reject", "Vestdata A/S")
    assert rejected.returncode == 0, rejected.stderr
    after = invoke("entities", "--content", str(content)).stdout
    assert "Vestdata" not in after and "Mads Kjærsgaard" not in after
    # accepted twice: it says where the person is, not that there is no such candidate
    again = invoke("entities", "--content", str(content), "--accept", "mads kjærsgaard")
    assert again.returncode == 1
    file = content / "people" / "mads-kjaersgaard.md"
    assert again.stderr.strip() == f"fejl: 'mads kjærsgaard' er allerede i registret: {file}"


def test_changes_of_an_article_without_any_says_so_in_the_editors_language(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    found = invoke("changes", "findes-ikke", "--content", str(content), "--state", str(tmp_path))
    assert found.returncode == 1
    assert found.stderr.strip() == "fejl: ingen ændringer registreret for findes-ikke"
