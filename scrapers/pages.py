"""Read page structure with BeautifulSoup: charset, canonical link, meta dates, feeds, listings."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

from dossier.content import is_http_url, parse_date

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",  # JSON Feed 1.1 (1.0's plain application/json is any JSON)
)
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
)
AUTHOR_META = ("author", "article:author", "dc.creator")
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
# Bytes are read as UTF-8 when at least this share of their non-ASCII characters are valid UTF-8.
# One stray Windows-1252 byte in a UTF-8 page must not turn every æ, ø and å into mojibake, while a
# real Windows-1252 page has next to no valid multi-byte sequences (æ is 0xE6 before a letter).
UTF8_SHARE = 0.8


@dataclass(frozen=True)
class PageInfo:
    """What a page says about itself in its head: canonical URL, date, title, authors, feeds."""

    canonical: str | None
    published: datetime | None
    title: str | None
    authors: tuple[str, ...]
    feeds: tuple[str, ...]


def decode_html(data: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Decode page bytes (nearly all UTF-8, else the declared charset, else Windows-1252)."""
    # a NUL or other C0 control makes the extractor discard the whole page; browsers ignore them
    return CONTROLS.sub("", _decode(data, headers))


def mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Bytes as UTF-8 with the invalid ones replaced, and how many were, if nearly all is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text = decoder.decode(data, final=False)
    cut = bool(decoder.getstate()[0])  # the body ends inside a character: a cut, not a charset
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if (bad or cut) and (not good or good < UTF8_SHARE * (good + bad)):
        return None
    return text + ("\ufffd" if cut else ""), bad + cut


def _decode(data: bytes, headers: Mapping[str, str] | None) -> str:
    utf8 = mostly_utf8(data)
    if utf8 is not None:
        return utf8[0]
    content_type = {k.lower(): v for k, v in (headers or {}).items()}.get("content-type", "")
    declared = re.findall(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    declared += re.findall(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
    for charset in declared:
        name = charset.decode("ascii") if isinstance(charset, bytes) else charset
        if name.lower().replace("_", "-") in ("utf-8", "utf8"):
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def soup_of(html: str) -> BeautifulSoup:
    """Parse HTML with lxml (fast and forgiving)."""
    return BeautifulSoup(html, "lxml")


def read_page(html: str, url: str) -> PageInfo:
    """Read canonical link, publication date, title, authors and feed links of a page."""
    soup = soup_of(html)
    canonical = None
    link = soup.find("link", rel="canonical", href=True)
    if isinstance(link, Tag):
        candidate = urljoin(url, str(link["href"]).strip())
        canonical = candidate if is_http_url(candidate) else None
    metas = {}
    for meta in soup.find_all("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = str(meta["content"]).strip()
    published = next((d for d in map(_meta_date, (metas.get(k) for k in DATE_META)) if d), None)
    if published is None:
        time_tag = soup.find("time", datetime=True)
        if isinstance(time_tag, Tag):
            published = _meta_date(str(time_tag["datetime"]))
    title = metas.get("og:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    authors = tuple(metas[k] for k in AUTHOR_META if metas.get(k) and not is_http_url(metas[k]))
    return PageInfo(canonical, published, title or None, authors[:1], tuple(find_feeds(soup, url)))


def find_feeds(soup: BeautifulSoup, url: str) -> list[str]:
    """Return the feed URLs a page announces with <link rel="alternate"> (RSS, Atom, JSON Feed)."""
    feeds = []
    for link in soup.find_all("link", href=True):
        rel = [value.lower() for value in (link.get("rel") or [])]
        kind = str(link.get("type", "")).lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES:
            candidate = urljoin(url, str(link["href"]).strip())
            if is_http_url(candidate) and candidate not in feeds:
                feeds.append(candidate)
    return feeds


def listing_links(html: str, url: str, limit: int = 50) -> list[str]:
    """Return article links of a listing page: same host, outside menus, headlines first."""
    soup = soup_of(html)
    for element in soup.select("nav, header, footer, aside, script, [role=navigation]"):
        element.decompose()
    host = urlsplit(url).netloc.lower()
    preferred = soup.select("article a[href], h1 a[href], h2 a[href], h3 a[href]")
    anchors = preferred or soup.find_all("a", href=True)
    links: list[str] = []
    page = url.split("#")[0]
    for anchor in anchors:
        target = urljoin(url, str(anchor["href"]).strip()).split("#")[0]
        if not is_http_url(target) or urlsplit(target).netloc.lower() != host:
            continue
        if target.rstrip("/") == page.rstrip("/") or target in links:
            continue
        links.append(target)
    return links[:limit]


def select_main(html: str, selector: str) -> str | None:
    """Return the HTML of the elements a source's CSS selector picks, or None if none match."""
    soup = soup_of(html)
    found = soup.select(selector)
    if not found:
        return None
    head = soup.head.decode() if soup.head else ""
    body = "".join(element.decode() for element in found)
    return f"<html>{head}<body><article>{body}</article></body></html>"


def _meta_date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)
