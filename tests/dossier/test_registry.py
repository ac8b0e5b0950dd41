"""Loading the registry of people and organisations from content folders."""

from __future__ import annotations

import logging
from pathlib import Path

from dossier.analysis.matcher import matcher_of
from dossier.analysis.registry import Organisation, Person, load_registry, registry_from_records
from dossier.content import Role


def test_load_fixture_registry(registry) -> None:
    rasch = registry.person("jorgen-kristensen-rasch")
    assert rasch is not None
    assert rasch.name == "Jørgen Kristensen Rasch"
    assert rasch.aliases == ("Rasch", "Kita-formanden", "KITA-formanden")
    assert rasch.roles[0] == Role("Formand", "kita", "2012", "2014")
    assert rasch.roles[1] == Role("Digitaliseringschef", "egedal-kommune", "2010", "")
    assert rasch.bio.startswith("Formand for KITA")
    assert not rasch.discovered
    itek = registry.organisation("itek")
    assert itek is not None and itek.type == "brancheforening" and itek.parent == "dansk-industri"
    assert registry.person("nobody") is None
    assert [p.id for p in registry.people] == sorted(p.id for p in registry.people)


def test_bad_files_are_logged_and_skipped(tmp_path: Path, caplog) -> None:
    people = tmp_path / "people"
    people.mkdir()
    (people / "ok.md").write_text("Title: Ok Person\nDiscovered: ja\n\nBio.\n", encoding="utf-8")
    (people / "no-title.md").write_text("Aliases: X\n\nBio.\n", encoding="utf-8")
    (people / "latin1.md").write_bytes("Title: S\xf8ren\n".encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        registry = load_registry(tmp_path)
    assert [p.id for p in registry.people] == ["ok"]
    assert registry.people[0].discovered
    assert registry.organisations == ()
    assert "no-title.md" in caplog.text and "latin1.md" in caplog.text


def test_registry_from_records_builds_a_matcher_once() -> None:
    registry = registry_from_records(
        [Person("b", "Bo Berg")], [Organisation("a", "Alfa A/S", aliases=("Alfa",))]
    )
    assert [p.id for p in registry.people] == ["b"]
    assert matcher_of(registry) is matcher_of(registry)
