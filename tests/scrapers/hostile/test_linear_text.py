"""Issue 15, finding 2: every text path scraped text goes through is linear on hostile input.

Each function gets 1 MB made of blocks of every unit in tests/fixtures/hostile/text/units.json
(about 15 kB each: the old Markdown link pattern needed ~12 s for 15,000 "[", the fixed one a few
milliseconds). benchmarks/hostile_text.py runs each unit alone at 1 MB, on demand.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.analysis.textutil import clean_text
from dossier.content import parse_header, slugify, split_list
from dossier.editing.search_index import markdown_to_text
from scrapers.extract import _authors, _danish_date, escape_html, plain_text, safe_markdown
from scrapers.pages import decode_html
from scrapers.sanitize import clean, title_of
from scrapers.store import escape_markdown, summarize

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "text" / "units.json"
UNITS = json.loads(FIXTURE.read_text(encoding="utf-8"))["units"]
SIZE = 1_000_000
PATHS: dict[str, Callable[[str], object]] = {
    "safe_markdown": safe_markdown,
    "plain_text": plain_text,
    "escape_html": escape_html,
    "danish_date": _danish_date,
    "authors": _authors,
    "summarize": summarize,
    "escape_markdown": escape_markdown,
    "clean": clean,
    "title_of": lambda text: title_of([None, text], text, "http://127.0.0.1/"),
    "split_list": split_list,
    "parse_header": parse_header,
    "slugify": slugify,
    "clean_text": clean_text,
    "markdown_to_text": markdown_to_text,
    "decode_html": lambda text: decode_html(text.encode("utf-8")),
}


def hostile_text(units: list[str], size: int = SIZE) -> str:
    """size characters: each unit repeated for an equal share."""
    share = size // len(units)
    return "".join(unit * (share // len(unit)) for unit in units)


@pytest.mark.parametrize("name", PATHS)
def test_text_path_is_linear_on_a_megabyte_of_hostile_units(name: str):
    text = hostile_text(UNITS)
    assert len(text) > 0.9 * SIZE
    start = time.perf_counter()
    PATHS[name](text)
    assert time.perf_counter() - start < 2  # ~0.01-0.3 s today; quadratic paths took minutes


def test_sixty_thousand_brackets_as_in_the_issue():
    text = "Læs mere om SBSYS " + "[" * 60_000
    start = time.perf_counter()
    assert plain_text(text) == text.strip()
    assert safe_markdown(text).startswith("Læs mere om SBSYS \\[\\[\\[")
    assert time.perf_counter() - start < 2  # was 196 s


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[klik][1]\n\n[1]: javascript:alert(2)",
        "\\[x\\](javascript:alert(3))",
        "\\\\[x\\\\](javascript:alert(4))",
        "[x](data:text/html,<script>alert(5)</script>)",
        "<javascript:alert(6)>",
    ],
)
def test_no_link_but_http_survives(markdown: str):
    import markdown as python_markdown

    html = python_markdown.markdown(safe_markdown(markdown))
    assert "<a" not in html and "<script" not in html, html


def test_links_still_work():
    markdown = "Se [udbuddet](https://example.dk/udbud_(2024)) og ![logo](https://x.dk/l.png)."
    expected = "Se [udbuddet](https://example.dk/udbud_%282024%29) og ."
    assert safe_markdown(markdown).strip() == expected
    assert plain_text(markdown) == "Se udbuddet og ."
