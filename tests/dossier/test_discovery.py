"""Discovery of people and organisations missing from the registry; accept and reject."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.analysis.discovery import discover, load_rejected
from dossier.analysis.registry import load_registry
from dossier.editing.entities import accept_candidate, reject_name

TEXT_A = (
    "Det mener it-chef i Herning Kommune Lars P. Winther.\n\n"
    "»Vi følger sagen tæt,« siger Lars P. Winther."
)
TEXT_B = "Lars P. Winther har også skrevet til Herning Kommune om sagen. Onsdag Morgen kom svaret."


def test_candidates_are_counted_and_promoted(registry) -> None:
    found = discover([("a", TEXT_A), ("b", TEXT_B)], registry)
    winther = next(c for c in found if c.name == "Lars P. Winther")
    assert winther.kind == "person" and winther.id == "lars-p-winther"
    assert winther.count == 3 and winther.articles == ("a", "b")
    assert winther.role_cue and winther.promoted
    assert winther.examples[0].startswith("Det mener it-chef")
    herning = next(c for c in found if c.name == "Herning Kommune")
    assert herning.kind == "organisation" and herning.promoted
    assert not any("Onsdag" in c.name for c in found)


def test_one_text_without_role_cue_is_not_promoted(registry) -> None:
    found = discover([("a", "Karen Blom har også set på sagen.")], registry)
    assert [(c.name, c.promoted) for c in found] == [("Karen Blom", False)]


def test_registry_names_are_not_candidates(registry) -> None:
    text = "Direktør i ITEK Tom Togsverd har skrevet til KMD og Egedal Kommune."
    assert discover([("a", text)], registry) == []


def test_rejected_names_are_not_proposed(tmp_path: Path, registry) -> None:
    reject_name(tmp_path, "Lars P. Winther")
    reject_name(tmp_path, "Lars P. Winther")
    rejected = load_rejected(tmp_path)
    assert rejected == {"Lars P. Winther"}
    assert (tmp_path / "entities-rejected.txt").read_text() == "Lars P. Winther\n"
    found = discover([("a", TEXT_A)], registry, rejected=rejected)
    assert "Lars P. Winther" not in {c.name for c in found}
    assert load_rejected(tmp_path / "missing") == set()


def test_accepted_candidate_becomes_a_registry_file(tmp_path: Path, registry) -> None:
    found = discover([("a", TEXT_A), ("b", TEXT_B)], registry)
    for name in ("Lars P. Winther", "Herning Kommune"):
        accept_candidate(tmp_path, next(c for c in found if c.name == name))
    loaded = load_registry(tmp_path)
    person = loaded.person("lars-p-winther")
    assert person is not None and person.name == "Lars P. Winther" and person.discovered
    org = loaded.organisation("herning-kommune")
    assert org is not None and org.type == "kommune" and org.discovered
    with pytest.raises(FileExistsError):
        accept_candidate(tmp_path, next(c for c in found if c.name == "Herning Kommune"))
