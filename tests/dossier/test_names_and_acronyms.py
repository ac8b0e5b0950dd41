"""The first-name list and the acronym lists that discovery reads (package data, editors' file)."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.analysis.discovery import discover
from dossier.analysis.evidence import default_acronyms
from dossier.analysis.registry import load_registry
from dossier.analysis.textutil import FEMALE_NAMES, FIRST_NAMES, UNISEX_NAMES, gender_of

REGISTRY = Path(__file__).parents[1] / "fixtures" / "dossier" / "registry"


def test_first_names_are_thousands_of_both_sexes() -> None:
    assert len(FIRST_NAMES) >= 3000
    assert len(FEMALE_NAMES) >= 1000 and len(FIRST_NAMES - FEMALE_NAMES - UNISEX_NAMES) >= 1000
    # old Danish names the short list lacked, and foreign names common in Danish news
    assert {"Aage", "Tage", "Keld", "Kjeld", "Birte", "Folmer", "René", "Paul", "Jerry"} <= (
        FIRST_NAMES
    )
    assert gender_of("Birte Kjærgaard") == "f" and gender_of("Tage Holm") == "m"


def test_no_common_danish_word_starts_a_name() -> None:
    words = {"Men", "Man", "Som", "Alle", "Der", "Den", "Det", "Han", "Hun", "Holland", "Jordan"}
    assert not words & FIRST_NAMES


def test_shipped_acronyms_name_organisations_only() -> None:
    listed = default_acronyms()
    assert {"KL", "FOA", "DSB", "NATO"} <= listed
    assert not {"AIDS", "HIV", "VM", "OL", "EM", "DM", "SU", "KV", "VIP"} & listed


def test_editors_acronym_file_makes_an_acronym_an_organisation(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REGISTRY, content)
    text = "Sagen er sendt videre til ØSK, der svarer inden jul."
    before = discover([("a", text)], load_registry(content))
    assert [(c.name, c.promoted) for c in before] == [("ØSK", False)]
    (content / "acronyms.txt").write_text("# egne forkortelser\nØSK  # Østsjællands Kommuner\n")
    registry = load_registry(content)
    assert registry.acronyms == frozenset({"ØSK"})
    after = discover([("a", text)], registry)
    assert [(c.name, c.kind, c.promoted) for c in after] == [("ØSK", "organisation", True)]


def test_an_unreadable_acronym_file_is_logged_and_skipped(tmp_path: Path, caplog) -> None:
    content = tmp_path / "content"
    shutil.copytree(REGISTRY, content)
    (content / "acronyms.txt").write_bytes(b"\xff\xfe\x00bad")
    registry = load_registry(content)
    assert registry.acronyms == frozenset() and registry.people
    assert "acronyms.txt" in caplog.text
