"""Parse JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) from downloaded bytes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree
from lxml_html_clean import Cleaner

from dossier.content import is_http_url

from .entries import OLDEST, Entry, Feed, iso_date, plain_value, written_url

VERSION_PREFIX = "https://jsonfeed.org/version/"
# the same care feedparser takes with feed HTML: no scripts, frames, forms or event handlers
_CLEANER = Cleaner(
    scripts=True, javascript=True, comments=True, style=True, embedded=True, frames=True,
    forms=True, annoying_tags=True, remove_unknown_tags=True, safe_attrs_only=True,
)  # fmt: skip


def looks_like_json(data: bytes) -> bool:
    """True when the bytes start (after a BOM and white space) like a JSON object."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(data: bytes, url: str, limit: int = 50) -> Feed:
    """Parse JSON Feed bytes; url resolves relative item URLs; newest first; never raises."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return Feed("", (), f"not valid JSON: {error}")
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        VERSION_PREFIX
    ):
        return Feed("", (), "JSON, but not a JSON Feed (no version https://jsonfeed.org/...)")
    items = document.get("items")
    if not isinstance(items, list):
        return Feed(plain_value(document.get("title")), (), "JSON Feed without an items list")
    found = [(entry, item) for item in items if (entry := _entry(item, url)) is not None]
    skipped = len(items) - len(found)
    warnings = (f"{skipped} JSON Feed item(s) without an http(s) URL skipped",) if skipped else ()
    found.sort(key=lambda pair: pair[0].published or OLDEST, reverse=True)
    # only the items kept are cleaned: lxml on every item of a huge feed costs seconds
    entries = tuple(replace(entry, html=_content(item)) for entry, item in found[:limit])
    return Feed(plain_value(document.get("title")), entries, None, warnings)


def _entry(item: object, base: str) -> Entry | None:
    if not isinstance(item, Mapping):
        return None
    link = _url(item.get("url"), base)
    if link is None:  # an id is a URL to follow only when it is one, never resolved
        raw_id = item.get("id")
        link = raw_id.strip() if isinstance(raw_id, str) and is_http_url(raw_id) else None
    if link is None:
        return None
    published = _date(item.get("date_published")) or _date(item.get("date_modified"))
    return Entry(link, plain_value(item.get("title")), published, _authors(item), "")


def _content(item: Mapping) -> str:
    """The item's cleaned content_html; else its content_text or summary as a paragraph."""
    html = item.get("content_html")
    cleaned = _clean(html) if isinstance(html, str) and html.strip() else ""
    if cleaned:
        return cleaned
    text = item.get("content_text") or item.get("summary") or ""
    return f"<p>{_escape(text)}</p>" if isinstance(text, str) and text.strip() else ""


def _url(value: object, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    link = urljoin(base, written_url(value))
    return link if is_http_url(link) else None


def _authors(item: Mapping) -> tuple[str, ...]:
    """Names from 1.1's authors list, else 1.0's author object."""
    found = item.get("authors")
    if not isinstance(found, list):
        found = [item.get("author")]
    names = (plain_value(a.get("name")) for a in found if isinstance(a, Mapping))
    return tuple(name for name in names if name)


def _date(value: object) -> datetime | None:
    """An RFC 3339 date as an aware UTC datetime (naive dates are taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return iso_date(value)


def _clean(html: str) -> str:
    if not html:
        return ""
    try:
        return _CLEANER.clean_html(html)
    except ValueError:  # lxml refuses some inputs (control characters)
        return _escape(plain_value(html))
    except etree.LxmlError:  # nothing in it (only a comment, an end tag, a <?...?>): missing
        return ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
