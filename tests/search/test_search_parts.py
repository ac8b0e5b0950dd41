"""Readers' search in parts: how the pages are split, and what an unchanged part keeps."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from dossier.errors import BuildError
from dossier.publish import pagefind, search_parts
from dossier.publish.pagefind import index_site
from dossier.publish.search_parts import Page, plan, recent_folder

PAGE = """<!doctype html><html lang="da"><head><title>{title}</title></head><body>
<header>Menu</header><main><article data-pagefind-body><h1>{title}</h1>
<p>{text}</p></article></main></body></html>"""


def page(folder: str, indexed: bool = True) -> Page:
    return Page(tuple(folder.split("/")) if folder else (), "index.html", b"", indexed)


def globs(parts) -> list[str]:
    return [part.glob() for part in parts]


def test_a_small_site_is_one_part_of_everything() -> None:
    pages = [page(f"artikler/2012/a{i}") for i in range(3)] + [page("arkiv", indexed=False)]
    assert globs(plan(pages, 8000)) == ["**/*.html"]


def test_large_folders_are_split_by_subfolder_and_packed_in_name_order() -> None:
    pages = [page(f"artikler/{year}/a{i}") for year in (2012, 2013, 2014) for i in range(3)]
    pages += [page("artikler"), page("noter/n1"), page("personer/p1"), page("arkiv", False)]
    parts = plan(pages, 4)
    assert globs(parts) == [
        "{artikler/*.html,artikler/2012/**/*.html}",
        "artikler/2013/**/*.html",
        "{artikler/2014/**/*.html,noter/**/*.html}",
        "personer/**/*.html",
    ]
    assert [part.pages for part in parts] == [4, 3, 4, 1]
    # every indexed page is in exactly one part; a page no part reads is not indexed anyway
    for one in pages:
        covering = [part for part in parts if part.covers(one)]
        assert len(covering) == (1 if one.indexed else 0)


def test_the_newest_years_folder_is_a_part_of_its_own_on_a_large_site() -> None:
    # where the cron job's new articles land: indexed again alone, not with the whole site
    pages = [page(f"artikler/{year}/a{i}") for year in (2012, 2013, 2014) for i in range(3)]
    pages += [page("artikler"), page("noter/n1"), page("personer/2014"), page("arkiv", False)]
    pages.append(page(""))  # the front page: directly in the site, a group of its own
    parts = plan(pages, 8000, recent_from=10)
    assert globs(parts) == [
        "{*.html,artikler/*.html,artikler/2012/**/*.html,artikler/2013/**/*.html,"
        "noter/**/*.html,personer/**/*.html}",
        "artikler/2014/**/*.html",
    ]
    assert [part.pages for part in parts] == [10, 3]
    for one in pages:
        assert len([part for part in parts if part.covers(one)]) == (1 if one.indexed else 0)
    assert globs(plan(pages, 8000, recent_from=14)) == ["**/*.html"]  # small: one part
    # the other parts are packed as before, up to the limit
    assert globs(plan(pages, 4, recent_from=10)) == [
        "{*.html,artikler/*.html}",
        "artikler/2012/**/*.html",
        "{artikler/2013/**/*.html,noter/**/*.html}",
        "personer/**/*.html",
        "artikler/2014/**/*.html",
    ]


def test_the_recent_folder_is_the_newest_year_where_most_dated_pages_are() -> None:
    folders = [("artikler", "2019", "a"), ("artikler", "2021", "b"), ("artikler", "2021", "c")]
    folders += [("begivenheder", "2030", "x"), ("noter", "n")]
    assert recent_folder(folders) == ("artikler", "2021")
    assert recent_folder([("noter", "n"), ()]) is None
    only = [page(f"artikler/2014/a{i}") for i in range(3)]
    assert globs(plan(only, 8000, recent_from=1)) == ["artikler/2014/**/*.html"]


def test_a_folder_larger_than_a_part_is_split_down_to_its_pages() -> None:
    pages = [page(f"artikler/2012/a{i}") for i in range(5)]
    parts = plan(pages, 2)
    assert [part.pages for part in parts] == [2, 2, 1]
    assert all(part.glob().count("artikler/2012/a") == part.pages for part in parts)


def test_a_folder_no_glob_can_name_keeps_the_site_in_one_part() -> None:
    pages = [page(f"artikler/{year}/a{i}") for year in (2012, 2013) for i in range(3)]
    pages.append(page("sider/{udkast},a"))
    assert globs(plan(pages, 2)) == ["**/*.html"]


def write_site(site: Path, changed: str = "") -> None:
    for folder in ("a", "b", "c"):
        for number in (1, 2):
            path = site / folder / f"{folder}{number}" / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = f"Kommunerne i mappe {folder} side {number} {changed if folder == 'b' else ''}"
            path.write_text(PAGE.format(title=f"{folder}{number}", text=text), encoding="utf-8")


def entry_times(site: Path) -> dict[str, int]:
    return {
        str(p.parent.relative_to(site)): p.stat().st_mtime_ns
        for p in site.rglob("pagefind-entry.json")
    }


def test_only_a_changed_part_is_indexed_again(tmp_path: Path, caplog) -> None:
    site, state = tmp_path / "site", tmp_path / "state"
    write_site(site)
    index_site(site, state=state, part_pages=2)
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == ["parts/1/", "parts/2/"]
    before = entry_times(site)
    assert set(before) == {"pagefind", "pagefind/parts/1", "pagefind/parts/2"}

    write_site(site, changed="sagssystemet")  # folder b is part 2 of 3
    with caplog.at_level(logging.INFO, logger="dossier.publish.pagefind"):
        index_site(site, state=state, part_pages=2)
    assert "2 of 3 search parts unchanged" in caplog.text
    after = entry_times(site)
    assert after["pagefind"] == before["pagefind"]
    assert after["pagefind/parts/2"] == before["pagefind/parts/2"]
    assert after["pagefind/parts/1"] != before["pagefind/parts/1"]

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dossier.publish.pagefind"):
        index_site(site, state=state, part_pages=2)
    assert "bundle kept" in caplog.text

    index_site(site, state=state, part_pages=100)  # now one part: the others are removed
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == []
    assert not (site / "pagefind" / "parts").exists()
    assert set(entry_times(site)) == {"pagefind"}


def test_a_part_glob_stays_within_one_command_line_argument() -> None:
    # articles straight under the site root: one folder each, packed by glob length as well
    title = "en-meget-lang-artikeltitel-om-kommunernes-faelles-system"
    pages = [page(f"{title}-{i}") for i in range(9000)]
    parts = plan(pages, 8000)
    assert len(parts) > 1 and sum(part.pages for part in parts) == 9000
    assert all(len(part.glob().encode()) < 128 * 1024 for part in parts)


def bundle_files(bundle: Path) -> set[str]:
    return {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()}


def test_a_bundle_indexed_again_holds_only_the_new_index(tmp_path: Path) -> None:
    # written into a folder of its own and put in place of the old one, whose files then go:
    # Pagefind alone would add the new fragments and keep the old ones
    site, state = tmp_path / "site", tmp_path / "state"
    write_site(site)
    index_site(site, state=state, part_pages=100)
    fresh = tmp_path / "fresh"
    write_site(fresh, changed="sagssystemet")
    index_site(fresh, state=tmp_path / "fresh-state", part_pages=100)

    write_site(site, changed="sagssystemet")
    index_site(site, state=state, part_pages=100)
    assert bundle_files(site / "pagefind") == bundle_files(fresh / "pagefind")
    files = bundle_files(site / "pagefind")
    assert len([f for f in files if f.endswith(".pf_meta")]) == 1
    assert not (site / "pagefind" / ".next").exists()


def test_a_failed_index_leaves_the_last_bundle_in_place(tmp_path: Path, monkeypatch) -> None:
    site, state = tmp_path / "site", tmp_path / "state"
    write_site(site, changed="")
    index_site(site, state=state, part_pages=2)
    before = {p: p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    write_site(site, changed="sagssystemet")
    failing = [sys.executable, "-c", "import sys; print('Pagefind gik i stå'); sys.exit(3)"]
    monkeypatch.setattr(pagefind, "pagefind_command", lambda *_args: failing)
    with pytest.raises(BuildError, match="Pagefind gik i stå"):
        index_site(site, state=state, part_pages=2)
    after = {p: p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert after == before  # readers search the last index until a new one is in place


def test_a_new_text_of_the_newest_year_indexes_that_year_alone(
    tmp_path: Path, caplog, monkeypatch
) -> None:
    monkeypatch.setattr(search_parts, "RECENT_FROM", 1)
    site, state = tmp_path / "site", tmp_path / "state"
    for year, number in (("2013", 1), ("2013", 2), ("2014", 1)):
        path = site / "artikler" / year / f"a{number}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = f"Brugerklubben og kommunerne i {year}, artikel {number}"
        path.write_text(PAGE.format(title=f"{year}-{number}", text=text), encoding="utf-8")
    index_site(site, state=state)
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == ["parts/1/"]
    before = entry_times(site)
    new = site / "artikler" / "2014" / "a2" / "index.html"
    new.parent.mkdir()
    new.write_text(PAGE.format(title="2014-2", text="En ny artikel om udbuddet"), "utf-8")
    with caplog.at_level(logging.INFO, logger="dossier.publish.pagefind"):
        index_site(site, state=state)
    assert "1 of 2 search parts unchanged" in caplog.text
    after = entry_times(site)
    assert after["pagefind"] == before["pagefind"]  # 2013: kept
    assert after["pagefind/parts/1"] != before["pagefind/parts/1"]
