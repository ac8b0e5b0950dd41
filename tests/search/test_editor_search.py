"""Editors' search (`invoke search`): whoosh over content/, Danish stemming, filters, updates."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from dossier.editing.search import Filters, format_hit, search
from dossier.editing.search_index import index_dir, markdown_to_text, update_index

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site" / "content"
EXCERPT = "articles/lokalavisen/2012/kommuner-strides-om-faelles-sagssystem.md"
ARCHIVE = "notes/kommunens-arkiv.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the fixture site's content folder (its state folder is tmp_path/state)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def paths(hits, content: Path) -> list[str]:
    return [hit.path.relative_to(content).as_posix() for hit in hits]


def test_inflected_form_finds_the_stem_with_highlights(content: Path) -> None:
    hits = search(content, "kommunerne")
    assert ARCHIVE in paths(hits, content)  # says "kommune" and "Kommunens"
    archive = next(hit for hit in hits if hit.path.name == "kommunens-arkiv.md")
    assert "**kommune**" in archive.snippet.lower() or "**kommunens**" in archive.snippet.lower()
    assert archive.date == datetime(2015, 3, 4) and archive.kind == "note"


def test_full_text_of_an_excerpt_article_is_searchable(content: Path) -> None:
    assert paths(search(content, "HEMMELIG-FULDTEKST"), content) == [EXCERPT]


def test_whoosh_syntax_boolean_phrase_and_wildcard(content: Path) -> None:
    both = set(paths(search(content, "kommunerne OR styrelsen"), content))
    assert {EXCERPT, ARCHIVE, "articles/styrelsen/2017/afgoerelse-om-licenssalg.md"} <= both
    assert EXCERPT not in paths(search(content, "kommunerne NOT leverandører"), content)
    assert paths(search(content, '"private it-leverandører"'), content) == [EXCERPT]
    assert paths(search(content, '"it-leverandører private"'), content) == []
    assert ARCHIVE in paths(search(content, "arkiv*"), content)


def test_markdown_markup_is_not_part_of_words(content: Path) -> None:
    note = content / "notes" / "fed-skrift.md"
    note.write_text(
        "Title: Fed skrift\nDate: 2020-01-02\n\n**Jørgen** skrev [et _svarbrev_](https://x.example/).\n",
        encoding="utf-8",
    )
    assert paths(search(content, "jørgen"), content) == ["notes/fed-skrift.md"]
    assert paths(search(content, "svarbrev"), content) == ["notes/fed-skrift.md"]
    assert markdown_to_text("# Overskrift\n\n> »**Citat**«") == "Overskrift\n\n»Citat«"


def test_filters_by_person_organisation_source_and_date(content: Path) -> None:
    person = paths(search(content, "", Filters(person="signe-aaberg"), limit=50), content)
    assert EXCERPT in person and "notes/sagen-kort.md" in person and ARCHIVE not in person
    # a name given instead of an id works too
    assert paths(search(content, "", Filters(person="Signe Åberg"), limit=50), content) == person
    org = paths(search(content, "kommunerne", Filters(organisation="holstebro-kommune")), content)
    assert set(org) == {EXCERPT, ARCHIVE}
    source = paths(search(content, "", Filters(source="styrelsen"), limit=50), content)
    assert source == ["articles/styrelsen/2017/afgoerelse-om-licenssalg.md"]
    recent = paths(search(content, "kommunerne", Filters(since=datetime(2013, 1, 1))), content)
    assert EXCERPT not in recent and ARCHIVE in recent


def test_name_in_the_text_counts_as_a_mention(content: Path) -> None:
    note = content / "notes" / "navn-i-teksten.md"
    note.write_text(
        "Title: Formanden svarer\nDate: 2021-05-06\n\nSigne Åberg svarer igen på kritikken.\n",
        encoding="utf-8",
    )
    hits = search(content, "kritikken", Filters(person="signe-aaberg"))
    assert "notes/navn-i-teksten.md" in paths(hits, content)


def test_index_lives_in_state_beside_content_and_updates_incrementally(content: Path) -> None:
    first = update_index(content)
    assert first.added == len(list(content.glob("[aen]*/**/*.md"))) and first.unchanged == 0
    assert (content.parent / "state" / "search-index").is_dir()
    assert index_dir(content) == content.parent / "state" / "search-index"
    assert update_index(content).unchanged == first.added  # nothing read again

    archive = content / ARCHIVE
    archive.write_text(archive.read_text(encoding="utf-8") + "\nNyt ord: bæverdæmning.\n")
    os.utime(archive, ns=(archive.stat().st_atime_ns, archive.stat().st_mtime_ns + 10**9))
    (content / EXCERPT).unlink()
    stats = update_index(content)
    assert (stats.updated, stats.removed, stats.added) == (1, 1, 0)
    assert paths(search(content, "bæverdæmning"), content) == [ARCHIVE]
    assert search(content, "HEMMELIG-FULDTEKST") == []


def test_registry_change_reindexes_mentions(content: Path) -> None:
    update_index(content)
    person = content / "people" / "signe-aaberg.md"
    person.write_text(person.read_text(encoding="utf-8").replace("klubformanden", "arkivaren"))
    assert update_index(content).added > 0  # the registry changed: everything is read again


def test_separate_state_folder(content: Path, tmp_path: Path) -> None:
    state = tmp_path / "andet-state"
    assert search(content, "arkivarerne", state=state)
    assert (state / "search-index").is_dir() and not (content.parent / "state").exists()


def test_result_lines_for_the_terminal(content: Path) -> None:
    hit = search(content, "arkivarerne")[0]
    text = format_hit(1, hit, content)
    assert text.startswith(" 1. notes/kommunens-arkiv.md  2015-03-04 · note · Kommunens arkiv")
    assert "**Arkivarerne**" in text
    # the kind in the editors' language: an event is a "begivenhed", an article an "artikel"
    for kind, shown in (("event", "begivenhed"), ("article", "artikel"), ("person", "person")):
        assert f" · {shown} · " in format_hit(1, replace(hit, kind=kind), content)


def test_invoke_search_task(content: Path, capsys) -> None:
    from invoke import Context, Exit
    from invoke.loader import FilesystemLoader

    tasks = FilesystemLoader(start=str(ROOT)).load("tasks")[0].edit
    tasks.search(Context(), "arkivarerne", content=str(content), limit=5)
    out = capsys.readouterr()
    assert "kommunens-arkiv.md" in out.out and "1 resultat" in out.err
    with pytest.raises(Exit):
        tasks.search(Context(), "x", since="i går", content=str(content))
