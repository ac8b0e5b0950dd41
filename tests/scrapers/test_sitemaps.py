"""Sitemaps parsed without I/O: an index, a gzipped urlset, a news sitemap, a URL list, garbage."""

from __future__ import annotations

import gzip
from datetime import datetime

import pytest

from scrapers.sitemaps import in_range, parse_sitemap

from .history_site import HISTORY

SITEMAPS = HISTORY / "site"


def test_index_lists_its_children():
    data = (SITEMAPS / "sitemap.xml").read_bytes().replace(b"BASE", b"https://a.dk")
    parsed = parse_sitemap(data)
    assert parsed.children == (
        "https://a.dk/sitemaps/arkiv-2013.xml.gz",
        "https://a.dk/sitemaps/nyheder.xml",
    )


def test_gzipped_urlset_by_its_magic_bytes():
    data = gzip.decompress((SITEMAPS / "sitemaps" / "arkiv-2013.xml.gz").read_bytes())
    parsed = parse_sitemap(gzip.compress(data.replace(b"BASE", b"https://a.dk")))
    assert len(parsed.pages) == 4 and parsed.error is None
    assert parsed.pages[0].date == datetime(2013, 3, 4)


def test_news_sitemap_gives_the_publication_date():
    data = (SITEMAPS / "sitemaps" / "nyheder.xml").read_bytes().replace(b"BASE", b"https://a.dk")
    (page,) = parse_sitemap(data).pages
    assert page.url.endswith("/art/400105/kommunerne-kraever-svar-om-sbsys")
    assert page.date and page.date.date().isoformat() == "2013-11-15"


def test_a_plain_list_of_urls():
    parsed = parse_sitemap(b"https://a.dk/art/1\nhttps://a.dk/art/2\n")
    assert [page.url for page in parsed.pages] == ["https://a.dk/art/1", "https://a.dk/art/2"]


@pytest.mark.parametrize(
    "data", [b"\x1f\x8b\x08 broken", gzip.compress(b"dette er ikke et sitemap"), b"<html></html"]
)
def test_broken_sitemaps_give_an_error_value(data):
    parsed = parse_sitemap(data)
    assert parsed.pages == () and parsed.children == () and parsed.error


def test_in_range():
    since, until = datetime(2013, 1, 1), datetime(2013, 12, 31, 23, 59)
    assert in_range(datetime(2013, 6, 1), since, until) and in_range(None, since, until)
    assert not in_range(datetime(2017, 9, 1), since, until)
