"""Parse RSS 0.9x/1.0/2.0 and Atom feeds from downloaded bytes with feedparser."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from bs4 import BeautifulSoup

from dossier.content import is_http_url


@dataclass(frozen=True)
class Entry:
    """One feed item: its link, title, date (UTC, aware) and the HTML the feed carries."""

    url: str
    title: str
    published: datetime | None
    authors: tuple[str, ...]
    html: str


@dataclass(frozen=True)
class Feed:
    """The newest entries of a feed and the parse problem feedparser reported, if any."""

    title: str
    entries: tuple[Entry, ...]
    error: str | None = None


def parse_feed(data: bytes, headers: Mapping[str, str], url: str, limit: int = 50) -> Feed:
    """Parse feed bytes; headers give the charset, url resolves relative links; newest first."""
    response_headers = {key.lower(): value for key, value in headers.items()}
    response_headers["content-location"] = url
    parsed = feedparser.parse(data, response_headers=response_headers, sanitize_html=True)
    error = None
    if parsed.get("bozo"):
        error = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.get("version") and not parsed.entries:
        return Feed("", (), error or "not a feed")
    entries = [entry for entry in map(_entry, parsed.entries) if entry is not None]
    oldest = datetime.min.replace(tzinfo=UTC)
    entries.sort(key=lambda entry: entry.published or oldest, reverse=True)
    return Feed(_text(parsed.feed.get("title", "")), tuple(entries[:limit]), error)


def _entry(raw: Mapping) -> Entry | None:
    link = raw.get("link") or raw.get("id") or ""
    if not is_http_url(link):
        return None
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    authors = tuple(
        name
        for name in (_text(author.get("name", "")) for author in raw.get("authors", []))
        if name
    )
    if not authors and raw.get("author"):
        authors = (_text(raw["author"]),)
    content = raw.get("content") or []
    html = content[0].get("value", "") if content else raw.get("summary", "")
    return Entry(link.strip(), _text(raw.get("title", "")), published, authors, html)


def _text(value: str) -> str:
    """Plain text of a value that may hold HTML (feedparser unescapes titles)."""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    return " ".join(BeautifulSoup(value, "html.parser").get_text(" ").split())
