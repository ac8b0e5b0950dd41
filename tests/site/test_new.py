"""`invoke new` writes correctly named drafts from Danish templates that pass `invoke check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dossier.content import ORGANISATION_TYPES
from dossier.editing.check import check_content
from dossier.editing.new import PLACEHOLDERS, new_file
from dossier.errors import DossierError

ROOT = Path(__file__).resolve().parents[2]
TYPES = ", ".join(ORGANISATION_TYPES)


def run_new(content: Path, kind: str, title: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new", kind, title, "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A copy of the shipped registry (people/, organisations/) to run `invoke new` against."""
    for folder in ("people", "organisations"):
        shutil.copytree(ROOT / "content" / folder, tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("note", "Udbuddet i 2012", "notes/udbuddet-i-2012.md"),
        ("event", "Ankestyrelsen afgør sagen", "events/2017-09-27-ankestyrelsen-afgoer-sagen.md"),
    ],
)
def test_new_note_or_event_is_a_draft_named_by_slug_and_passes_check(
    tmp_path, kind, title, expected
) -> None:
    path = new_file(tmp_path, kind, title, today=date(2017, 9, 27))
    assert path == tmp_path / expected
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"Title: {title}\nDate: 2017-09-27\nStatus: draft\n")
    assert check_content(tmp_path) == []  # a draft may keep the placeholder text


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("person", "Jørgen Kristensen Rasch", "people/joergen-kristensen-rasch.md"),
        ("organisation", "Klagenævnet for Udbud", "organisations/klagenaevnet-for-udbud.md"),
    ],
)
def test_new_registry_file_is_named_by_slug(tmp_path, kind, title, expected) -> None:
    path = new_file(tmp_path, kind, title, today=date(2017, 9, 27))
    assert path == tmp_path / expected
    assert path.read_text(encoding="utf-8").startswith(f"Title: {title}\n")
    # the registry is used at once (no drafts): its placeholders are errors until rewritten, and
    # an organisation's Type is the editor's to choose
    problems = check_content(tmp_path)
    placeholders = [p for p in problems if "skabelontekst fra invoke new" in p.message]
    assert {p.line for p in placeholders} == {4, 6}
    assert not any("Status: draft" in p.message for p in placeholders)  # a draft would not help
    others = [p.message for p in problems if p not in placeholders]
    assert others == ([] if kind == "person" else ["Type er tom: skriv en af " + TYPES])


@pytest.mark.parametrize("kind", ["person", "organisation"])
def test_a_draft_status_does_not_hide_a_registry_file_placeholders(tmp_path, kind) -> None:
    path = new_file(tmp_path, kind, "Prøve Prøvesen")
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\nStatus: draft\n", 1), "utf-8")
    messages = [(p.line, p.message.split(":")[0]) for p in check_content(tmp_path)]
    assert (2, "Status") in messages
    assert [line for line, text in messages if text == "skabelontekst fra invoke new"] == [5, 7]


def test_placeholder_text_is_an_error_once_the_draft_status_is_removed(tmp_path: Path) -> None:
    path = new_file(tmp_path, "note", "Sagen kort", today=date(2026, 11, 30))
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft\n", ""), "utf-8")
    problems = check_content(tmp_path)
    assert [(p.line, p.path) for p in problems] == [(6, path), (8, path)]
    assert "'Skriv noten her. Henvis til kilder" in problems[1].message
    assert "behold Status: draft" in problems[1].message
    # the editor writes the note: nothing left to report
    own = "Summary: Klubben svarer på kritikken.\n\nKlubben svarede i et brev til KL.\n"
    text = path.read_text(encoding="utf-8").split("Summary:")[0] + own
    path.write_text(text, "utf-8")
    assert check_content(tmp_path) == []


def test_every_placeholder_is_written_by_a_template(tmp_path: Path) -> None:
    texts = "".join(
        new_file(tmp_path, kind, f"Prøve {kind}").read_text(encoding="utf-8")
        for kind in ("note", "event", "person", "organisation")
    )
    assert all(placeholder in texts for placeholder in PLACEHOLDERS)


def test_new_never_overwrites(tmp_path: Path) -> None:
    new_file(tmp_path, "note", "Sagen kort")
    with pytest.raises(DossierError, match="findes allerede"):
        new_file(tmp_path, "note", "Sagen kort")


def test_new_event_refuses_a_title_made_before_under_another_date(tmp_path: Path) -> None:
    # the guide says to rename an event's file to the date of the event: the same title made
    # again on another day is that event, not a second one
    made = new_file(tmp_path, "event", "Testkommune melder sig ind", date(2026, 12, 3))
    renamed = made.with_name("2019-04-15-testkommune-melder-sig-ind.md")
    made.rename(renamed)
    with pytest.raises(DossierError, match="2019-04-15-testkommune-melder-sig-ind.md findes"):
        new_file(tmp_path, "event", "Testkommune melder sig ind", date(2026, 12, 4))
    assert [p.name for p in (tmp_path / "events").iterdir()] == [renamed.name]
    other = new_file(tmp_path, "event", "Testkommune melder sig ud", date(2026, 12, 4))
    assert other.name == "2026-12-04-testkommune-melder-sig-ud.md"


def test_new_task_writes_the_file_and_says_it_is_a_draft(tmp_path: Path) -> None:
    result = run_new(tmp_path, "note", "Dansk Erhverv om udbuddet")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notes" / "dansk-erhverv-om-udbuddet.md").is_file()
    assert "/kladder/dansk-erhverv-om-udbuddet/" in result.stdout


@pytest.mark.parametrize(
    ("kind", "title", "owner"),
    [
        ("person", "Rasch", "people/joergen-kristensen-rasch.md"),
        ("organisation", "Kommunale IT-chefer", "organisations/kita.md"),
        ("organisation", "kommunale it chefer", "organisations/kita.md"),
        ("person", "Jørgen Kristensen Rasch", "people/joergen-kristensen-rasch.md"),
    ],
)
def test_new_refuses_a_name_the_registry_already_has(registry, kind, title, owner) -> None:
    before = sorted(registry.rglob("*.md"))
    result = run_new(registry, kind, title)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"fejl: '{title}' er allerede et navn i {owner} (id '{Path(owner).stem}'): "
        "ret den fil i stedet"
    ]
    assert sorted(registry.rglob("*.md")) == before  # nothing written


def test_new_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(DossierError, match="ukendt type 'artikel'"):
        new_file(tmp_path, "artikel", "Noget")
