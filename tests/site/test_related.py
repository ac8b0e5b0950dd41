"""Related texts: shared Danish key terms, with term counts cached in state/ by content hash."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dossier.documents import Document
from dossier.plugin.related import related, update_terms


def doc(doc_id: str, text: str, people: tuple[str, ...] = ()) -> Document:
    return Document(
        id=doc_id,
        kind="article",
        title=doc_id,
        date=datetime(2013, 1, 1),
        page=f"artikler/2013/{doc_id}/",
        text=text,
        people=people,
    )


DOCS = [
    doc(
        "udbud-1", "Kommunerne sender sagssystemet i udbud, og leverandørerne klager over udbuddet."
    ),
    doc("udbud-2", "Udbuddet af sagssystemet fik flere leverandører til at klage til kommunerne."),
    doc("ombudsmand", "Ombudsmanden vurderer aktindsigt i foreningens dokumenter og referater."),
    doc(
        "aktindsigt",
        "En journalist bad om aktindsigt, men foreningen afviste med henvisning til "
        "at den er privat; ombudsmanden fik sagen.",
        people=("rasch",),
    ),
    doc("ensom", "Helt andre ord uden fælles termer.", people=("rasch",)),
]


def test_related_texts_share_key_terms(tmp_path: Path) -> None:
    result = related(DOCS, tmp_path)
    assert result["udbud-1"][0] == "udbud-2"
    assert result["ombudsmand"][0] == "aktindsigt"
    assert result["ensom"] == ["aktindsigt"]  # no shared terms: falls back to shared people


def test_only_new_and_changed_documents_are_analysed(tmp_path: Path) -> None:
    terms, analysed = update_terms({}, DOCS)
    assert analysed == {d.id for d in DOCS}
    assert update_terms(terms, DOCS)[1] == set()
    edited = doc("udbud-2", "Udbuddet blev annulleret.")
    changed = [*DOCS[:1], edited, *DOCS[2:], doc("ny", "Et nyt udbud af sagssystemet.")]
    assert update_terms(terms, changed)[1] == {"udbud-2", "ny"}


def test_a_second_build_reads_the_cache(tmp_path: Path, caplog) -> None:
    caplog.set_level("INFO", logger="dossier.plugin.related")
    first = related(DOCS, tmp_path)
    assert related(DOCS, tmp_path) == first
    assert "0 of 5 texts analysed" in caplog.records[-1].getMessage()


def test_related_lists_are_on_article_pages(built_site: Path) -> None:
    html = (built_site / "noter/sagen-kort/index.html").read_text(encoding="utf-8")
    assert 'id="relaterede"' in html
