from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.demo import fixture_response
from scrapers.feeds import _skeleton, newest_items, parse_feed

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
BASE = "http://127.0.0.1:8080"

# feed file -> (number of entries, newest title, a warning expected: read despite a problem)
FEEDS = {
    "kommunalit/feed.xml": (
        4,
        "Kommuner kræver bedre integration mellem ESDH og fagsystemer",
        False,
    ),
    "fagbladet/atom.xml": (
        3,
        "Digitaliseringsstyrelsen lancerer ny vejledning om MitID til erhverv",
        False,
    ),
    "vesthavn/rss.xml": (2, "Kommunens journalsystem var nede i tre døgn", False),
    "brugerklubben/nyheder.rdf": (2, "Ny version af SBSYS er klar til test", False),
    "broken/malformed.xml": (2, "Tegnsæt: Sønderå Kommune vælger ESDH-løsning", True),
    "broken/wrong-charset.xml": (1, "Forkert tegnsæt: Ærø og Læsø deler journalsystem", True),
}


def _parse(name: str, limit: int = 50):
    status, headers, body = fixture_response(SITES, name, {})
    assert status == 200
    return parse_feed(body, headers, f"{BASE}/{name}", limit)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feed_versions_and_encodings(name: str):
    count, newest, warned = FEEDS[name]
    feed = _parse(name)
    assert len(feed.entries) == count
    assert feed.entries[0].title == newest
    assert feed.error is None, "a feed that parsed is no failure"
    assert bool(feed.warnings) == warned
    for entry in feed.entries:
        assert entry.url.startswith(BASE + "/"), "relative links resolve against the feed URL"


def test_newest_items_first_and_limited():
    feed = _parse("kommunalit/feed.xml", limit=2)
    assert [entry.published.day for entry in feed.entries] == [14, 13]
    assert feed.entries[0].authors == ("Jens Mikkelsen",)


def test_feed_html_is_sanitised():
    entry = _parse("kommunalit/feed.xml").entries[0]
    for bad in ("<script", "<iframe", "javascript:", "onerror"):
        assert bad not in entry.html


def test_not_a_feed_is_an_error_not_an_exception():
    feed = parse_feed(b"<html><body>Ingen feed her</body></html>", {}, BASE, 10)
    assert feed.entries == ()
    assert feed.error


def test_latin1_feed_keeps_danish_letters():
    titles = [entry.title for entry in _parse("vesthavn/rss.xml").entries]
    assert "Byrådet i Vesthavn skifter til SBSYS efter 14 år med gammelt system" in titles


def test_a_big_json_feed_cleans_only_the_items_it_keeps(monkeypatch):
    from scrapers import jsonfeed

    cleaned: list[str] = []
    clean = jsonfeed._clean
    monkeypatch.setattr(jsonfeed, "_clean", lambda html: cleaned.append(html) or clean(html))
    items = [
        {
            "url": f"https://sagsblad.example/nyt/{number}",
            "title": f"Møde nummer {number} i brugerklubben",
            "content_html": f"<p>Referat af møde {number} om SBSYS.</p>",
            "date_published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T08:00:00Z",
        }
        for number in range(2_000)
    ]
    data = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    feed = jsonfeed.parse_json_feed(data.encode(), "https://sagsblad.example/", limit=5)
    assert len(feed.entries) == len(cleaned) == 5  # the newest five, each cleaned once
    assert {entry.published.strftime("%m-%d") for entry in feed.entries} == {"12-28"}
    assert all(entry.html.startswith("<p>Referat af møde") for entry in feed.entries)


def test_salvage_parses_items_inside_a_skeleton_of_the_head_not_a_tag_of_megabytes() -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "oedelagt-element.xml"
    text = fixture.read_text(encoding="utf-8")
    junk = 'pynt="' + "q" * 2_000_000 + '"'  # parsed again around each item, it took a minute
    text = text.replace("<rss ", f"<rss {junk} ", 1).replace("<channel>", f"<channel {junk}>", 1)
    head = text.split("<item>", 1)[0]
    skeleton = _skeleton(head)
    assert len(skeleton) < 500 and "pynt" not in skeleton
    assert 'version="2.0"' in skeleton and "xmlns:creativeComons=" in skeleton
    assert skeleton.endswith("<channel>")
    feed = parse_feed(text.encode("utf-8"), {"content-type": "application/rss+xml"}, "http://x.dk/")
    assert [entry.url for entry in feed.entries] == [
        "http://x.dk/debat/leder-aabenhed.html",
        "http://x.dk/debat/kronik-faellesskabet.html",
    ]


def test_a_json_feed_url_with_spaces_is_read_as_an_rss_link_is():
    item = {"id": "1", "url": "https://sagsblad.example/nyt/ny sag", "title": "Ny sag"}
    data = {"version": "https://jsonfeed.org/version/1.1", "title": "Sagsbladet", "items": [item]}
    feed = parse_feed(json.dumps(data).encode(), {}, "https://sagsblad.example/feed.json")
    assert [entry.url for entry in feed.entries] == ["https://sagsblad.example/nyt/ny%20sag"]


def test_salvage_reads_the_newest_items_of_a_feed_that_lists_them_oldest_first():
    def item(day: int, dated: bool = True) -> str:
        when = f"<pubDate>{day:02d} Mar 2026 08:00:00 +0100</pubDate>" if dated else ""
        return f"<item><title>Dag {day}</title><link>https://x.dk/{day}</link>{when}</item>"

    items = [item(day) for day in range(1, 11)] + [item(11, dated=False)]
    assert newest_items(items, 3) == [item(8), item(9), item(10)]  # in feed order
    assert newest_items(items, 20) == items
    atom = [
        "<entry><updated>2026-03-02T10:00:00Z</updated></entry>",
        "<entry><published>2026-03-09</published></entry>",
        "<entry><updated>ikke en dato</updated></entry>",
    ]
    assert newest_items(atom, 1) == [atom[1]]


def test_salvage_keeps_the_feed_title_when_the_root_element_starts_after_64_kib():
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "oedelagt-element.xml"
    text = fixture.read_text(encoding="utf-8")
    text = text.replace("<rss ", "<!-- " + "kommentar " * 8_000 + "-->\n<rss ", 1)
    feed = parse_feed(text.encode("utf-8"), {"content-type": "application/rss+xml"}, "http://x.dk/")
    assert feed.title == "Debatten om sagssystemer"
    assert [entry.url for entry in feed.entries] == [
        "http://x.dk/debat/leder-aabenhed.html",
        "http://x.dk/debat/kronik-faellesskabet.html",
    ]
