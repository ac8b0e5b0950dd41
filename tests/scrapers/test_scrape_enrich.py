"""invoke scrape fills in an editor's stub when a feed brings its article, instead of a new file."""

from __future__ import annotations

import re
from pathlib import Path

from werkzeug import Request, Response

from dossier.content import split_file
from scrapers.demo import fixture_response
from scrapers.enrich import MARKER
from scrapers.run import scrape

STUB = """Title: Klubben udbyder udviklingen (redaktionens titel)
Date: 2024-03-01
Precision: month
Source: kommunalit
Original: {base}/kommunalit/artikler/sbsys-udbud.html
People: signe-aaberg
Summary: Redaktionens resumé af udbuddet.

Redaktionens note om udbuddet.
"""


def test_a_feed_item_fills_in_the_stub_of_its_article(tmp_path, serve_sites, write_sources, fast):
    base = serve_sites()
    sources = write_sources({"id": "kommunalit", "feed": f"{base}/kommunalit/feed.xml"})
    content = tmp_path / "content"
    stub = content / "articles" / "kommunalit" / "2024" / "klubben-udbyder.md"
    stub.parent.mkdir(parents=True)
    stub.write_text(STUB.format(base=base), encoding="utf-8")
    report = scrape(sources, content, config=fast, progress=False)
    assert report.sources[0].enriched == ("kommunalit/2024/klubben-udbyder.md",)
    originals = [
        {f.key: f.value for f in split_file(p.read_text(encoding="utf-8"))[0]}["original"]
        for p in content.glob("articles/*/*/*.md")
    ]
    assert originals.count(f"{base}/kommunalit/artikler/sbsys-udbud.html") == 1
    text = stub.read_text(encoding="utf-8")
    values = {f.key: f.value for f in split_file(text)[0]}
    assert values["title"] == "Klubben udbyder udviklingen (redaktionens titel)"
    assert values["summary"] == "Redaktionens resumé af udbuddet."
    assert values["people"] == "signe-aaberg" and values["scraped"]
    before, after = text.split(MARKER)
    assert "Redaktionens note om udbuddet." in before and "udbud" in after.lower()
    assert "<script" not in after.lower()  # the source's text is as safe as any scraped text


HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "enrich"
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
RECORD = """Title: Brugerklubben har fået ny formand (redaktionens titel)
Date: 2024-03-04
Source: kommunal-digital
Original: {base}/artikler/ny-formand.html

Redaktionens note om formandsvalget.
"""


def test_enriching_cleans_every_field_and_the_body(tmp_path, httpserver, write_sources, fast):
    def handler(request: Request) -> Response:
        status, headers, body = fixture_response(HOSTILE, request.path, dict(request.headers))
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    base = httpserver.url_for("").rstrip("/")
    sources = write_sources({"id": "kommunal-digital", "feed": f"{base}/feed.xml"})
    content = tmp_path / "content"
    record = content / "articles" / "kommunal-digital" / "2024" / "ny-formand.md"
    record.parent.mkdir(parents=True)
    record.write_text(RECORD.format(base=base), encoding="utf-8")
    report = scrape(sources, content, config=fast, progress=False)
    assert report.sources[0].enriched == ("kommunal-digital/2024/ny-formand.md",)
    text = record.read_text(encoding="utf-8")
    assert not INVISIBLE.findall(text)
    values = {f.key: f.value for f in split_file(text)[0]}
    assert values["authors"] == "x@y (JensnesnaH Status: draft)" and "status" not in values
    assert "bedreintegrationer mellem SBSYS" in text.split(MARKER)[1]
