from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from scrapers.extract import extract, find_danish_date, plain_text, safe_markdown, strip_furniture
from scrapers.pages import decode_html, listing_links, read_page, select_main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted((FIXTURES / "extraction").glob("*.toml"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_main_text_without_furniture(case: Path):
    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    html = (FIXTURES / "sites" / spec["page"]).read_bytes().decode(spec.get("encoding", "utf-8"))
    extracted = extract(html, "http://127.0.0.1/" + spec["page"])
    for snippet in spec["must"]:
        assert snippet in extracted.markdown, snippet
    for snippet in spec["must_not"]:
        assert snippet not in extracted.markdown, snippet
    if "date" in spec:
        assert extracted.published == datetime.fromisoformat(spec["date"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publiceret 12. november 2012 kl. 10:31 af redaktionen", datetime(2012, 11, 12, 10, 31)),
        ("Opdateret 12.11.2012", datetime(2012, 11, 12)),
        ("3. dec. 2012, 7.05", datetime(2012, 12, 3, 7, 5)),
        ("Ingen dato her, kun 2012", None),
    ],
)
def test_danish_dates(text: str, expected: datetime | None):
    assert find_danish_date(f"<p>{text}</p>") == expected


def test_safe_markdown_escapes_html_and_drops_unsafe_links():
    markdown = (
        "Tekst <script>alert(1)</script> & [god](https://kl.dk/a?b=1&c=2) "
        "[ond](javascript:alert(1)) [mail](mailto:a@b.dk) ![billede](https://x.dk/a.png) "
        "[vinkel](<javascript:alert(2)>)"
    )
    safe = safe_markdown(markdown)
    assert "<" not in safe and ">" not in safe
    assert "javascript:" not in safe and "mailto:" not in safe and "a.png" not in safe
    assert "[god](https://kl.dk/a?b=1&c=2)" in safe
    assert "&lt;script&gt;" in safe and " &amp; " in safe
    assert "ond" in safe and "mail" in safe and "vinkel" in safe


def test_plain_text_of_markdown():
    assert plain_text("## Overskrift\n\n**Fed** tekst med [link](https://a.dk).") == (
        "Overskrift\n\nFed tekst med link."
    )


def test_plain_text_keeps_escaped_marks_as_text():
    # trafilatura escapes the Markdown a page writes as text; the plain text is that text
    text = plain_text(r"\*\*Fed\*\* og \`kode\` og \_x\_ og **fed**")
    assert text == "**Fed** og `kode` og _x_ og fed"


def test_furniture_stripped_but_article_kept():
    html = (FIXTURES / "sites/kommunalit/artikler/cykelstrategi.html").read_text()
    cleaned = strip_furniture(html)
    assert "cykelstrategi" in cleaned
    assert "SBSYS" not in cleaned, "every mention of SBSYS on this page is furniture"


@pytest.mark.parametrize(
    ("data", "headers", "expected"),
    [
        ("Ærø æøå".encode(), {"Content-Type": "text/html; charset=iso-8859-1"}, "Ærø æøå"),
        ("Ærø æøå".encode("latin-1"), {"Content-Type": "text/html; charset=utf-8"}, "Ærø æøå"),
        ("Ærø æøå".encode("latin-1"), {}, "Ærø æøå"),
        (b'<meta charset="iso-8859-1">' + "Læsø".encode("latin-1"), {}, "Læsø"),
    ],
    ids=["utf8-declared-latin1", "latin1-declared-utf8", "no-charset", "meta-charset"],
)
def test_decode_html_wrong_and_missing_charset(data: bytes, headers: dict, expected: str):
    assert expected in decode_html(data, headers)


def test_read_page_head():
    html = (FIXTURES / "sites/kommunalit/artikler/sbsys-udbud.html").read_text()
    info = read_page(html, "http://127.0.0.1:9/kommunalit/artikler/sbsys-udbud.html")
    assert info.canonical == "http://127.0.0.1:9/kommunalit/artikler/sbsys-udbud.html"
    assert info.published.isoformat() == "2024-11-12T10:31:00+01:00"
    assert info.authors == ("Jens Mikkelsen",)
    assert info.feeds == ("http://127.0.0.1:9/kommunalit/feed.xml",)


def test_listing_links_same_host_outside_menus():
    html = (FIXTURES / "sites/brugerklubben/nyheder.html").read_text()
    links = listing_links(html, "http://127.0.0.1:9/brugerklubben/nyheder.html")
    assert links == [
        "http://127.0.0.1:9/brugerklubben/nyheder/ny-version-til-test.html",
        "http://127.0.0.1:9/brugerklubben/nyheder/generalforsamling-2024.html",
    ]


def test_selector_picks_main_text():
    html = (FIXTURES / "sites/brugerklubben/nyheder/ny-version-til-test.html").read_text()
    main = select_main(html, "main#indhold")
    assert "Forside" not in main and "superbrugere" in main
    assert select_main(html, "div.findes-ikke") is None
