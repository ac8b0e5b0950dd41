"""Related texts: shared Danish key terms, with term counts cached in state/ by content hash."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dossier.analysis import parallel
from dossier.documents import Document
from dossier.plugin.related import SharedEntities, related, update_terms


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


def shared_by_definition(documents: list[Document], limit: int = 5) -> dict[str, list[str]]:
    """The fallback as specified, by brute force: the texts sharing most entities that are in
    no more than one text in 20 (or 20 texts), newest first within a number of entities."""
    entities = {d.id: {*d.people, *d.organisations} for d in documents}
    counts = Counter(e for ents in entities.values() for e in ents)
    common = max(20, len(documents) // 20)
    kept = {i: {e for e in ents if counts[e] <= common} for i, ents in entities.items()}
    newest = sorted(documents, key=lambda d: (d.date, d.id), reverse=True)
    rank = {d.id: n for n, d in enumerate(newest)}
    result = {}
    for d in documents:
        shared = {t: len(kept[d.id] & kept[t]) for t in kept if t != d.id}
        ranked = sorted((t for t in shared if shared[t]), key=lambda t: (-shared[t], rank[t]))
        result[d.id] = ranked[:limit]
    return result


SHAPES = [(3, 30, 0), (12, 30, 1), (40, 120, 2), (40, 400, 3), (120, 400, 4)]


@pytest.mark.parametrize(("entities", "texts", "seed"), SHAPES)
def test_texts_sharing_entities_are_found_as_defined(entities: int, texts: int, seed: int) -> None:
    rng = random.Random(seed)
    names = [f"e{i}" for i in range(entities)]
    weights = [1 / (k + 1) for k in range(entities)]  # a few entities in many texts
    docs = []
    for i in range(texts):
        chosen = set(rng.choices(names, weights, k=rng.randrange(7)))
        docs.append(
            Document(
                id=f"t{i}",
                kind=rng.choice(["article", "article", "note", "event"]),
                title=f"Tekst {i}",
                date=datetime(2012, 1, 1) + timedelta(days=rng.randrange(60)),
                page=f"artikler/t{i}/",
                text="",
                people=tuple(sorted(e for e in chosen if int(e[1:]) % 2)),
                organisations=tuple(sorted(e for e in chosen if not int(e[1:]) % 2)),
            )
        )
    fallback = SharedEntities(docs)
    expected = shared_by_definition(docs)
    assert {d.id: fallback.of(d.id, 5) for d in docs} == expected
    assert sum(bool(found) for found in expected.values()) > texts // 3


def test_terms_counted_on_two_processes_equal_those_counted_in_one(monkeypatch) -> None:
    serial, _ = update_terms({}, DOCS)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forked, analysed = update_terms({}, DOCS)
    assert forked == serial and list(forked) == [d.id for d in DOCS]
    assert analysed == {d.id for d in DOCS}


def test_an_unreadable_cache_costs_only_time(tmp_path: Path, caplog) -> None:
    caplog.set_level("INFO", logger="dossier.plugin.related")
    expected = related(DOCS, tmp_path / "fresh")
    (tmp_path / "related-terms.pickle").write_bytes(b"not a pickle")
    assert related(DOCS, tmp_path) == expected
    assert "5 of 5 texts analysed" in caplog.records[-1].getMessage()
    assert related(DOCS, tmp_path) == expected  # the cache it wrote in its place is read
    assert "0 of 5 texts analysed" in caplog.records[-1].getMessage()
