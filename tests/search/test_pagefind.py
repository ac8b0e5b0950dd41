"""The build runs Pagefind after Pelican: what the bundle holds and what it leaves out."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from dossier.errors import BuildError
from dossier.publish.pagefind import index_site, pagefind_command

ARTICLE = "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html"


def test_build_writes_the_pagefind_bundle(built_site: Path) -> None:
    bundle = built_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "wasm.da.pagefind").is_file()  # Danish, from <html lang="da">
    assert list((bundle / "fragment").glob("*.pf_fragment"))


def test_pagefind_runs_from_the_wheel_with_this_python(tmp_path: Path) -> None:
    command = pagefind_command(tmp_path)
    assert command[:3] == [sys.executable, "-m", "pagefind"]


def test_pagefind_failure_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError):
        index_site(tmp_path / "findes-ikke")


def test_pages_mark_main_text_filters_and_sort(built_site: Path) -> None:
    html = (built_site / ARTICLE).read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1
    assert re.search(r"<article data-pagefind-body>", html)
    for attribute in (
        '<span data-pagefind-filter="type">artikel</span>',
        '<span data-pagefind-filter="år">2012</span>',
        '<span data-pagefind-filter="kilde">Lokalavisen Vestjylland</span>',
        '<span data-pagefind-filter="person">Signe Åberg</span>',
        '<span data-pagefind-filter="organisation">Holstebro Kommune</span>',
        '<span data-pagefind-sort="date">2012-11-12</span>',
        '<span data-pagefind-meta="date">12. november 2012</span>',
    ):
        assert attribute in html
    header = html.split("<main", 1)[0]
    assert "data-pagefind-body" not in header and 'action="/soeg/"' in header
    draft = (built_site / "kladder/kladde-om-moedet/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in draft  # drafts are never searchable


def test_search_page_is_the_only_page_with_the_search_script(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "search.js" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(built_site).as_posix() for p in pages] == ["soeg/index.html"]
