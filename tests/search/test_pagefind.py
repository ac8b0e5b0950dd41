"""The build runs Pagefind after Pelican: what the bundle holds and what it leaves out."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from dossier.errors import BuildError
from dossier.plugin.templating import repeated_quotes
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


def fragments(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, by page URL: its fragments, unpacked."""
    found = {}
    for path in (site / "pagefind").rglob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


def test_each_quote_is_indexed_once_and_dates_are_metadata(built_site: Path) -> None:
    indexed = fragments(built_site)
    article = indexed["/artikler/2012/kommuner-strides-om-faelles-sagssystem/"]
    quote = "Vi køber udviklingen hos private firmaer, så vi konkurrerer ikke med nogen"
    assert article["content"].count(quote) == 1  # an excerpt article's statement: searchable
    assert "november" not in article["content"]  # the dates under the title and the statements
    assert article["meta"]["isodate"] == "2012-11-12" and article["meta"]["date"]
    person = indexed["/personer/signe-aaberg/"]
    assert "Signe Åberg" in person["content"] and "Formand" in person["content"]
    assert quote not in person["content"]  # found on the page of the text it comes from


def test_a_statement_the_page_already_shows_is_not_indexed_again() -> None:
    quote = SimpleNamespace(text="Vi  ejer koden i fællesskab")
    other = SimpleNamespace(text="Det er et spørgsmål om fair konkurrence")
    shown = "<p>»Vi ejer koden i\n<em>fællesskab</em>,« siger formanden.</p>"
    quotes = [(quote, None, None), (other, None, None), (other, None, None)]
    assert repeated_quotes(quotes, shown) == {0, 2}
    assert repeated_quotes(quotes) == {2}
