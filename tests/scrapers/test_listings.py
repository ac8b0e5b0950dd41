"""Listing pages: article links without furniture, and every way to the next page."""

from __future__ import annotations

import pytest

from scrapers.listings import page_number, read_listing

from .history_site import HISTORY

BASE = "http://127.0.0.1:8765"
TAG = HISTORY / "site" / "tag" / "sbsys"


@pytest.mark.parametrize(
    ("page", "url", "following"),
    [
        (TAG / "index.html", "/tag/sbsys/", "/tag/sbsys/side/2/"),  # rel="next"
        (TAG / "side" / "2" / "index.html", "/tag/sbsys/side/2/", "/tag/sbsys/side/3/"),  # "Ældre"
        (TAG / "side" / "3" / "index.html", "/tag/sbsys/side/3/", None),  # numbers, no page 4
    ],
)
def test_tag_pages(page, url, following):
    listing = read_listing(page.read_text(encoding="utf-8"), BASE + url)
    assert len(listing.links) == 8
    assert all(link.startswith(f"{BASE}/art/3001") for link in listing.links)
    assert listing.next == (BASE + following if following else None)


@pytest.mark.parametrize(
    ("html", "following"),
    [
        ('<a href="?q=sbsys&page=2">2</a><a href="?q=sbsys&page=3">3</a>', "/soeg?q=sbsys&page=2"),
        ('<a href="/soeg?q=sbsys&side=2">Flere resultater</a>', "/soeg?q=sbsys&side=2"),
        ('<a href="/soeg?q=sbsys&page=1">1</a>', None),
    ],
)
def test_page_number_parameters(html, following):
    page = f"<html><body><h2><a href='/art/1'>SBSYS</a></h2>{html}</body></html>"
    listing = read_listing(page, f"{BASE}/soeg?q=sbsys")
    assert listing.next == (BASE + following if following else None)
    assert listing.links == (f"{BASE}/art/1",)


def test_page_number():
    assert page_number(f"{BASE}/soeg?q=x&page=4") == 4
    assert page_number(f"{BASE}/tag/sbsys/side/3/") == 3
    assert page_number(f"{BASE}/tag/sbsys/") == 1


def test_section_and_tag_links_are_left_out_where_links_name_articles():
    page = """<html><body><ul>
    <li><a href="/art/310001/kommunerne-vil-have-svar-om-sbsys">Kommunerne vil have svar</a></li>
    <li><a href="/2013/04/klubben-svarer">Klubben svarer</a></li>
    <li><a href="/art/310002">Et kort link</a></li>
    <li><a href="/emne/esdh/">ESDH</a></li><li><a href="/forfatter/signe/">Signe</a></li>
    </ul><a href="?side=2" aria-label="Næste side">»</a></body></html>"""
    listing = read_listing(page, f"{BASE}/emne/sbsys/")
    assert listing.links == (
        f"{BASE}/art/310001/kommunerne-vil-have-svar-om-sbsys",
        f"{BASE}/2013/04/klubben-svarer",
        f"{BASE}/art/310002",
    )
    assert listing.next == f"{BASE}/emne/sbsys/?side=2"
