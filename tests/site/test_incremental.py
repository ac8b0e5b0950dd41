"""Incremental builds: real Pelican builds of the fixture site, compared file by file with full.

Each folder under tests/fixtures/incremental/ is one change (files written over content/, paths
in deleted.txt removed): the site is built, changed, built again into the same output, and that
tree must be byte for byte the tree a fresh build of the changed content writes.
"""

from __future__ import annotations

import gzip
import json
import logging
import pickle
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from jinja2 import Environment
from pelican import Pelican

from dossier.analysis import analyse as analysis
from dossier.analysis import parallel
from dossier.analysis.registry import Organisation, Person, registry_from_records
from dossier.content import Role
from dossier.documents import Document
from dossier.plugin.incremental import IncrementalWriter, manifest_path
from dossier.publish.build import build_site, new_log_run, site_settings
from dossier.publish.unchanged import output_stamp

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = sorted(p for p in (FIXTURES / "incremental").iterdir() if p.is_dir())
THEME = Path(__file__).resolve().parents[2] / "theme"


def site_copy(target: Path) -> Path:
    """A private copy of the fixture site (content/ and sources.toml)."""
    shutil.copytree(FIXTURES / "site", target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, int]:
    """The fixture site built once (content, state, output) and the number of pages rendered."""
    site = site_copy(tmp_path_factory.mktemp("incremental") / "site")
    rendered, _ = build(site)
    return site, rendered


def built_copy(built: tuple[Path, int], target: Path) -> tuple[Path, int]:
    """A copy of the built site, records and caches included: the next build is incremental."""
    shutil.copytree(built[0], target, symlinks=True)
    return target, built[1]


def build(site: Path, **overrides) -> tuple[int, int]:
    """Build site/content into site/output with real Pelican; return (rendered, unchanged)."""
    settings = site_settings(
        site / "content",
        site / "output",
        DOSSIER_SOURCES=str(site / "sources.toml"),
        **overrides,
    )
    Pelican(settings).run()
    # what the build did is recorded beside its digests (log lines are deduplicated by Pelican)
    manifest = manifest_path(settings, site / "output")
    last = json.loads(manifest.read_text(encoding="utf-8"))["last"]
    return last["rendered"], last["unchanged"]


def apply_change(case: Path, content: Path) -> None:
    """Write the case's files over content/ and delete the paths listed in deleted.txt."""
    if (case / "content").is_dir():
        shutil.copytree(case / "content", content, dirs_exist_ok=True)
    listed = case / "deleted.txt"
    for line in listed.read_text(encoding="utf-8").splitlines() if listed.is_file() else ():
        if line.strip():
            (content / line.strip()).unlink()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder by its relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_same_tree(incremental: Path, full: Path) -> None:
    """The two trees hold the same files with the same bytes (naming the files that differ)."""
    left, right = tree(incremental), tree(full)
    assert sorted(left.keys() - right.keys()) == [], "only in the incremental build"
    assert sorted(right.keys() - left.keys()) == [], "missing from the incremental build"
    assert sorted(k for k in left if left[k] != right[k]) == [], "different content"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_incremental_build_equals_full_build(case: Path, tmp_path: Path, built) -> None:
    site, first = built_copy(built, tmp_path / "incremental")
    apply_change(case, site / "content")
    rendered, unchanged = build(site)
    full = tmp_path / "full"
    full.mkdir()
    shutil.copytree(site / "content", full / "content")
    shutil.copy(site / "sources.toml", full / "sources.toml")
    total, _ = build(full)
    assert_same_tree(site / "output", full / "output")
    # the point of it: a change of one file renders part of the site, not all of it
    assert 0 < rendered < total and unchanged > 0, (rendered, unchanged, total, first)


def test_nothing_changed_renders_nothing_and_touches_no_page(tmp_path: Path, built) -> None:
    # nor a data file: the exports, the sitemap and robots.txt are kept like pages
    site, total = built_copy(built, tmp_path / "site")
    written = ("*.html", "*.xml", "*.json", "*.txt")
    pages = {p: p.stat().st_mtime_ns for kind in written for p in (site / "output").rglob(kind)}
    assert len([p for p in pages if p.parent.name == "data"]) >= 6
    assert build(site) == (0, total)
    assert {p: p.stat().st_mtime_ns for p in pages} == pages


def test_changed_setting_renders_every_page(tmp_path: Path, built) -> None:
    site, total = built_copy(built, tmp_path / "site")
    assert build(site, SITENAME="SBSYS-dossieret (test)") == (total, 0)
    full = site_copy(tmp_path / "full")
    build(full, SITENAME="SBSYS-dossieret (test)")
    assert_same_tree(site / "output", full / "output")


def test_changed_plugin_setting_renders_every_page(tmp_path: Path, built) -> None:
    site, total = built_copy(built, tmp_path / "site")
    assert build(site, DOSSIER_FRONT_PAGE_ITEMS=1) == (total, 0)


def test_a_setting_of_how_the_build_runs_renders_no_page(tmp_path: Path, built) -> None:
    # writing in one process, restoring no text, alerts and publishing: the same pages
    site, total = built_copy(built, tmp_path / "site")
    run = {
        "DOSSIER_SPLIT": False,
        "DOSSIER_SNAPSHOT": False,
        "DOSSIER_MEMORY_MB": 600,
        "DOSSIER_NOTIFY": ("mailto://redaktion@example.org",),
        "DOSSIER_SHRINK_THRESHOLD": 0.5,
    }
    assert build(site, **run) == (0, total)


def test_the_problem_list_renders_only_the_pages_that_show_it(tmp_path: Path, built) -> None:
    # a local build's problem list (DOSSIER_PROBLEMS) is no setting of every page: a slip an
    # editor makes or mends renders the problem page again, and every page only when the link
    # to it comes or goes; the texts are restored, not read again
    site, total = built_copy(built, tmp_path / "site")
    slip = {"path": "notes/kommunens-arkiv.md", "line": 2, "blocking": False}
    lists = [
        [{**slip, "message": "kan ikke læse Date '31-31-2012'"}],  # the link comes
        [{**slip, "line": 3, "message": "kan ikke læse Date '31.31.2012'"}],  # the same count
        [{**slip, "message": "kan ikke læse Date"}, {**slip, "path": "notes/ny.md"}],  # two
        [],  # mended: the link and the problem page go
    ]
    rendered = []
    for number, problems in enumerate(lists):
        rendered.append(build(site, DOSSIER_PROBLEMS=problems)[0])
        full = site_copy(tmp_path / f"full-{number}")
        build(full, DOSSIER_PROBLEMS=problems)
        assert_same_tree(site / "output", full / "output")
    assert rendered[1] == rendered[2] == 1  # /problemer/ alone
    assert total / 2 < rendered[0] <= total + 1 and total / 2 < rendered[3] <= total
    assert not (site / "output" / "problemer").exists()


def test_a_text_left_out_is_read_again_and_the_others_restored(
    tmp_path: Path, built, caplog
) -> None:
    # DOSSIER_SKIP (the files a local build cannot build) is not in the build's digest either:
    # a text's snapshot says whether it was left out
    site, _ = built_copy(built, tmp_path / "site")
    left_out = "notes/kommunens-arkiv.md"
    page = site / "output" / "noter" / "kommunens-arkiv" / "index.html"
    assert page.is_file()

    def texts_read(**overrides) -> list[str]:
        new_log_run()
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="dossier.plugin.snapshot"):
            build(site, **overrides)
        return [r.getMessage() for r in caplog.records if r.getMessage().startswith("texts:")]

    texts_read()  # the copy's first build (snapshots are kept by the files' absolute paths)
    said = texts_read(DOSSIER_SKIP=[left_out])
    assert len(said) == 1 and said[0].endswith(" restored, 1 read")
    assert not page.exists()
    full = site_copy(tmp_path / "full")
    build(full, DOSSIER_SKIP=[left_out])
    assert_same_tree(site / "output", full / "output")
    assert texts_read(DOSSIER_SKIP=[]) == said
    assert page.is_file()
    assert_same_tree(site / "output", built[0] / "output")


def test_changed_theme_renders_every_page(tmp_path: Path) -> None:
    site = site_copy(tmp_path / "site")
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    total, _ = build(site, THEME=str(theme))
    base = theme / "templates" / "base.html"
    original = base.read_text(encoding="utf-8")
    changed = original.replace('<footer class="site">', '<footer class="site" data-edited="ja">')
    assert changed != original
    base.write_text(changed, encoding="utf-8")
    assert build(site, THEME=str(theme)) == (total, 0)
    index = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert 'data-edited="ja"' in index


def test_a_build_that_stopped_midway_trusts_no_digest(tmp_path: Path, built) -> None:
    site, total = built_copy(built, tmp_path / "site")
    settings = site_settings(
        site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
    )
    # a writer that loaded the records and never finished: Pelican failed in a generator
    IncrementalWriter(settings["OUTPUT_PATH"], settings)
    assert build(site) == (total, 0)


def test_incremental_off_renders_every_page(tmp_path: Path, built) -> None:
    site, total = built_copy(built, tmp_path / "site")
    assert build(site, DOSSIER_INCREMENTAL=False) == (total, 0)


def test_pagefind_runs_only_when_pages_changed(tmp_path: Path, caplog) -> None:
    site = site_copy(tmp_path / "site")
    output = site / "output"
    build_site(site / "content", output, sources=site / "sources.toml")
    bundle = output / "pagefind" / "pagefind.js"
    indexed = bundle.stat().st_mtime_ns
    # a byte more in a note's source that renders the same pages: Pelican runs, Pagefind not
    note = next((site / "content" / "notes").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="dossier.publish.pagefind"):
        build_site(site / "content", output, sources=site / "sources.toml")
    assert "bundle kept" in caplog.text
    assert bundle.stat().st_mtime_ns == indexed
    apply_change(FIXTURES / "incremental" / "rettet-note", site / "content")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dossier.publish.pagefind"):
        build_site(site / "content", output, sources=site / "sources.toml")
    assert "bundle kept" not in caplog.text
    assert bundle.stat().st_mtime_ns != indexed
    fragments = [p.read_bytes() for p in (output / "pagefind" / "fragment").iterdir()]
    assert any(b"ejerskabet" in gzip.decompress(f) for f in fragments)


def test_nothing_changed_runs_no_build_and_a_touched_output_is_rebuilt(
    tmp_path: Path, caplog
) -> None:
    site = site_copy(tmp_path / "site")
    output = site / "output"
    build_site(site / "content", output, sources=site / "sources.toml")
    before = output_stamp(output)
    with caplog.at_level(logging.INFO, logger="dossier.publish"):
        build_site(site / "content", output, sources=site / "sources.toml")
    assert "nothing changed since the last build" in caplog.text
    assert output_stamp(output) == before  # no file written, none touched
    page = output / "index.html"
    page.unlink()  # the output is not as the last build left it: build again
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dossier.publish"):
        build_site(site / "content", output, sources=site / "sources.toml")
    assert "nothing changed since the last build" not in caplog.text
    assert page.is_file()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dossier.publish"):
        build_site(site / "content", output, sources=site / "sources.toml", SITENAME="Andet navn")
    assert "nothing changed since the last build" not in caplog.text  # a setting is an input
    assert "Andet navn" in page.read_text(encoding="utf-8")


def test_a_build_can_hand_its_search_indexing_to_later(tmp_path: Path, caplog) -> None:
    # the preview's way (editing/serve.py): the pages first, the search after; the build counts
    # as done when its indexing is
    site = site_copy(tmp_path / "site")
    output = site / "output"
    later = []
    build_site(site / "content", output, sources=site / "sources.toml", index_later=later.append)
    assert (output / "index.html").is_file() and len(later) == 1
    assert not (output / "pagefind").exists()
    later.pop()()
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
    with caplog.at_level(logging.INFO, logger="dossier.publish"):
        build_site(
            site / "content", output, sources=site / "sources.toml", index_later=later.append
        )
    assert "nothing changed since the last build" in caplog.text and later == []
    apply_change(FIXTURES / "incremental" / "rettet-note", site / "content")
    build_site(site / "content", output, sources=site / "sources.toml", index_later=later.append)
    assert len(later) == 1  # not indexed yet: a build now would run again
    build_site(site / "content", output, sources=site / "sources.toml", index_later=later.append)
    assert len(later) == 2


def test_parallel_analysis_gives_the_serial_result(monkeypatch) -> None:
    registry = registry_from_records(
        [Person("signe-aaberg", "Signe Åberg", roles=(Role("Formand", "klubben", "2012", ""),))],
        [Organisation("klubben", "Brugerklubben SBSYS", aliases=("SBSYS-klubben",))],
    )
    texts = [
        "»Vi følger reglerne,« siger Signe Åberg, formand for SBSYS-klubben.",
        "Klubben holder generalforsamling i oktober, oplyser Brugerklubben SBSYS.",
        "»Det er ikke vores opgave at sælge licenser,« siger direktør Jonas Vestergaard Lind.",
    ]
    documents = [
        Document(
            id=f"tekst-{n}",
            kind="article",
            title=f"Tekst nummer {n}",
            date=datetime(2013, 1, 1 + n % 28),
            page=f"artikler/2013/tekst-{n}/",
            text=texts[n % len(texts)] + f" Afsnit {n}.",
        )
        for n in range(12)
    ]
    serial = analysis.analyse(documents, registry, None, workers=1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    forked = analysis.analyse(documents, registry, None, workers=2)
    assert forked == serial
    assert serial[0][0].people == ("signe-aaberg",) and serial[1]


def test_timeline_years_are_rendered_again_only_when_they_change(tmp_path: Path, built) -> None:
    site, _ = built_copy(built, tmp_path / "site")
    settings = site_settings(site / "content", site / "output")
    fragments = manifest_path(settings, site / "output").with_suffix(".fragments")
    before = {p.name: p.stat().st_mtime_ns for p in fragments.glob("*.html")}
    assert len(before) >= 3  # one per year of the fixture's timeline
    apply_change(FIXTURES / "incremental" / "ny-artikel", site / "content")  # dated 2014
    build(site)
    after = {p.name: p.stat().st_mtime_ns for p in fragments.glob("*.html")}
    assert len(set(after) - set(before)) == 1  # the year of the new article, rendered again
    kept = set(after) & set(before)
    assert len(kept) == len(after) - 1 and all(after[n] == before[n] for n in kept)
    page = (site / "output" / "tidslinje" / "index.html").read_text(encoding="utf-8")
    assert page.count('<section class="year"') == len(after)
    assert "Klubben vælger ny formand efter udbuddet" in page


def test_no_page_shows_a_texts_plain_text(tmp_path: Path, monkeypatch) -> None:
    """Page digests leave out Document.text (documents.NOT_SHOWN): no page may show it."""
    from dossier.plugin import generator

    marker = "Qzxjvkvmwpfxx"
    plain = generator.from_content

    def marked(items):
        return [replace(doc, text=f"{doc.text}\n\n{marker}") for doc in plain(items)]

    monkeypatch.setattr(generator, "from_content", marked)
    site = site_copy(tmp_path / "site")
    build(site)
    pages = [p for p in (site / "output").rglob("*") if p.suffix in (".html", ".xml", ".json")]
    assert len(pages) > 30
    assert [p for p in pages if marker in p.read_text(encoding="utf-8")] == []
    # the marker did reach the texts' records: it is in their related-text terms
    terms = pickle.loads((site / "state" / "related-terms.pickle").read_bytes())["terms"]
    assert any("qzxjvkvmwpf" in term for _, counts in terms.values() for term in counts)


def test_an_edit_of_a_notes_body_leaves_the_lists_showing_it_alone(tmp_path: Path, built) -> None:
    """A list item shows a text's title, date, kind and source: editing the body of a note
    (its summary kept) renders its page again, and of the dossier's pages that list it only
    those whose lists change (related texts are ranked by the texts' words)."""
    site, _ = built_copy(built, tmp_path / "site")
    output = site / "output"
    item = 'href="/noter/sagen-kort/">Sagen kort</a>'
    own = output / "noter/sagen-kort/index.html"
    # Pelican's index and archives hold the texts themselves: any change of a text renders them
    pelican_lists = {output / "index.html", *output.glob("arkiv/**/index.html")}
    listing = {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in output.rglob("*.html")
        if item in p.read_text(encoding="utf-8") and p != own and p not in pelican_lists
    }
    assert len(listing) >= 4  # related lists, entity pages, the timeline
    before = own.stat().st_mtime_ns
    note = site / "content" / "notes" / "sagen-kort.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "\nRedaktionen følger sagen videre i år.\n", "utf-8"
    )
    build(site)
    assert own.stat().st_mtime_ns != before
    same = [p for p, (_, old) in listing.items() if p.read_bytes() == old]
    assert len(same) >= 3
    assert [p for p in same if p.stat().st_mtime_ns != listing[p][0]] == []
    full = tmp_path / "full"
    full.mkdir()
    shutil.copytree(site / "content", full / "content")
    shutil.copy(site / "sources.toml", full / "sources.toml")
    build(full)
    assert_same_tree(output, full / "output")


def test_the_network_is_drawn_again_only_when_what_it_shows_changes(tmp_path: Path, built) -> None:
    site, _ = built_copy(built, tmp_path / "site")
    settings = site_settings(site / "content", site / "output")
    kept = manifest_path(settings, site / "output").with_suffix(".fragments")
    before = {p.name: p.stat().st_mtime_ns for p in kept.glob("*.txt")}
    assert len(before) == 1  # the network: its drawing and its lists
    apply_change(FIXTURES / "incremental" / "rettet-note", site / "content")
    build(site)  # notes are not in the network: the same network, not computed again
    assert {p.name: p.stat().st_mtime_ns for p in kept.glob("*.txt")} == before
    apply_change(FIXTURES / "incremental" / "ny-artikel", site / "content")
    build(site)
    after = {p.name for p in kept.glob("*.txt")}
    assert len(after) == 1 and after != before.keys()  # drawn again; the old one removed
    page = (site / "output" / "netvaerk" / "index.html").read_text(encoding="utf-8")
    shown = json.loads((kept / after.pop()).read_text(encoding="utf-8"))
    assert shown["svg"] in page and shown["total"] >= shown["shown"] > 0


def test_a_second_build_compiles_no_template(tmp_path: Path, built, monkeypatch) -> None:
    site, _ = built_copy(built, tmp_path / "site")
    assert list((site / "state" / "jinja-bytecode").glob("*.cache"))  # the first build's
    compiled = []
    compile_template = Environment.compile
    monkeypatch.setattr(
        Environment,
        "compile",
        lambda self, *a, **kw: compiled.append(a[1:2]) or compile_template(self, *a, **kw),
    )
    apply_change(FIXTURES / "incremental" / "ny-artikel", site / "content")
    rendered, _ = build(site)
    assert rendered > 0 and compiled == []  # pages rendered from the kept templates
