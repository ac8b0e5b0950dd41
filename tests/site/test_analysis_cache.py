"""The analysis of a text is cached by its hash and the registry's, so rebuilds redo only news."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dossier.analysis.analyse import analyse
from dossier.analysis.registry import Organisation, Person, registry_from_records
from dossier.content import Role
from dossier.documents import Document

REGISTRY = registry_from_records(
    [Person("signe-aaberg", "Signe Åberg", roles=(Role("Formand", "klubben", "2012", ""),))],
    [Organisation("klubben", "Brugerklubben SBSYS", aliases=("SBSYS-klubben",))],
)
TEXT = "»Vi følger reglerne,« siger Signe Åberg, formand for SBSYS-klubben."


def article(doc_id: str, text: str) -> Document:
    return Document(
        id=doc_id,
        kind="article",
        title="Klubben svarer",
        date=datetime(2013, 1, 1),
        page=f"artikler/2013/{doc_id}/",
        text=text,
    )


def test_results_are_reused_until_text_or_registry_changes(tmp_path: Path, caplog) -> None:
    caplog.set_level("INFO", logger="dossier.analysis.analyse")
    docs = [article("a", TEXT), article("b", "Klubben holder generalforsamling i oktober.")]
    first = analyse(docs, REGISTRY, tmp_path)
    assert first[0][0].people == ("signe-aaberg",)
    assert first[1][0].person == "signe-aaberg"
    assert analyse(docs, REGISTRY, tmp_path) == first
    assert caplog.records[-1].getMessage() == "analysis: 0 of 2 texts analysed"
    analyse([docs[0], article("b", "Nu med ny tekst om SBSYS-klubben.")], REGISTRY, tmp_path)
    assert caplog.records[-1].getMessage() == "analysis: 1 of 2 texts analysed"
    bigger = registry_from_records(
        [*REGISTRY.people, Person("ny", "Ny Person")], REGISTRY.organisations
    )
    # (Pelican's log filter drops a message it has seen before: this one has three texts)
    analyse([*docs, article("c", TEXT)], bigger, tmp_path)
    assert caplog.records[-1].getMessage() == "analysis: 3 of 3 texts analysed"
