"""A source's article id across URL forms, and the filling-in of an editor's stub."""

from __future__ import annotations

from datetime import datetime

import pytest

from dossier.content import split_file
from scrapers.enrich import MARKER, Enrichment, article_key, enrich
from scrapers.store import is_unmodified


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.cw.dk/art/225330", "https://cw.dk/art/225330/slug", True),
        ("https://www.v2.dk/artikel/toenders-esdh-16360", "https://www.v2.dk/artikel/16360", True),
        ("https://a.dk/art/225330", "https://a.dk/video/225330", False),
        ("https://a.dk/art/225330", "https://b.dk/art/225330", False),
        ("https://www.ft.dk/samling/20161/almdel/eru/bilag/260/index.htm",
         "https://www.ft.dk/samling/20161/almdel/eru/bilag/261/index.htm", False),
        ("https://a.dk/nyt/2017/03/klubben-svarer", "https://a.dk/nyt/2017/03/andet", False),
        ("https://a.dk/vis?id=4711", "https://a.dk/vis?id=4711&utm_source=x", True),
        ("http://127.0.0.1:8001/art/4711", "http://127.0.0.1:8002/art/4711", False),
        ("https://a.dk:443/art/4711", "https://a.dk/art/4711", True),
    ],
)  # fmt: skip
def test_article_key(first, second, same):
    key = article_key(first)
    assert (key is not None and key == article_key(second)) == same


STUB = """Title: Redaktionens titel
Date: 2013-03-01
Precision: month
Source: kilde
Original: https://a.dk/art/1234
People: signe-holm
Summary: Redaktionens resumé.

Redaktionens note.
"""


def test_enrich_keeps_every_editor_field_and_signs_the_file(tmp_path):
    path = tmp_path / "stub.md"
    path.write_text(STUB, encoding="utf-8")
    page = Enrichment("Kildens tekst om SBSYS.", ("Anders Lynge",), datetime(2013, 3, 7, 9, 5),
                      "2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z", "")  # fmt: skip
    assert enrich(path, page) == ["text", "date", "authors", "scraped", "captured"]
    text = path.read_text(encoding="utf-8")
    values = {f.key: f.value for f in split_file(text)[0]}
    assert values["title"] == "Redaktionens titel" and values["people"] == "signe-holm"
    assert values["summary"] == "Redaktionens resumé." and values["date"] == "2013-03-07 09:05"
    assert "precision" not in values and values["authors"] == "Anders Lynge"
    assert text.index("Redaktionens note.") < text.index(MARKER) < text.index("Kildens tekst")
    assert is_unmodified(text)
    assert enrich(path, page) == []  # once filled in, never again


def test_a_date_outside_the_records_month_is_not_taken(tmp_path):
    path = tmp_path / "stub.md"
    path.write_text(STUB, encoding="utf-8")
    enrich(path, Enrichment("Tekst.", (), datetime(2014, 1, 2), "2026-12-01T09:00:00Z"))
    values = {f.key: f.value for f in split_file(path.read_text(encoding="utf-8"))[0]}
    assert values["date"] == "2013-03-01" and values["precision"] == "month"


def test_enrich_cleans_what_it_writes_like_a_new_article(tmp_path):
    path = tmp_path / "stub.md"
    path.write_text(STUB, encoding="utf-8")
    body = "Kildens \u202etekst\u202c om\u200b SBSYS.\u2066\u2069\n\n- Det er for dyrt, sagde han."
    authors = ("Anders\u202e egnyL\u202c", "\u200b", "Signe\t Holm")
    enrich(path, Enrichment(body, authors, None, "2026-12-01T09:00:00Z\u200b"))
    text = path.read_text(encoding="utf-8")
    values = {f.key: f.value for f in split_file(text)[0]}
    assert values["authors"] == "Anders egnyL, Signe Holm"
    assert values["scraped"] == "2026-12-01T09:00:00Z"
    source = text.split(MARKER)[1]
    assert source == "\n\nKildens tekst om SBSYS.\n\n\\- Det er for dyrt, sagde han.\n"
    assert is_unmodified(text)
