"""Sitemaps with ultimate-sitemap-parser: XML, indexes, gzipped, news, plain URL lists; no I/O."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime

from usp.objects.sitemap import (
    AbstractIndexSitemap,
    AbstractPagesSitemap,
    InvalidSitemap,
)
from usp.tree import sitemap_from_str

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SitemapPage:
    """One article URL of a sitemap with its best date (news publication date, else lastmod)."""

    url: str
    date: datetime | None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: the child sitemaps of an index, the pages of an urlset, or an error."""

    children: tuple[str, ...] = ()
    pages: tuple[SitemapPage, ...] = ()
    error: str | None = None


def parse_sitemap(data: bytes, max_bytes: int = 50 * 1024 * 1024) -> Sitemap:
    """Parse sitemap bytes (gzipped or not); a broken sitemap gives an error value, not a raise."""
    try:
        text = _ungzip(data, max_bytes).decode("utf-8-sig", errors="replace")
    except (OSError, EOFError, zlib.error, ValueError) as error:
        return Sitemap(error=f"cannot unpack: {error}")
    parsed = sitemap_from_str(text)  # XML, a plain list of URLs, RSS or Atom
    if isinstance(parsed, InvalidSitemap):
        return Sitemap(error=parsed.reason)
    if isinstance(parsed, AbstractIndexSitemap):
        return Sitemap(children=tuple(child.url for child in parsed.sub_sitemaps))
    if isinstance(parsed, AbstractPagesSitemap):
        pages = tuple(_page(page) for page in parsed.pages)
        if not pages and text.strip() and not text.lstrip().startswith("<"):
            return Sitemap(error="neither XML nor a list of URLs")
        return Sitemap(pages=pages)
    return Sitemap(error=f"unexpected sitemap type {type(parsed).__name__}")


def in_range(date: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    """True when a page's date is within since..until (a page without a date always is)."""
    if date is None:
        return True
    day = date.replace(tzinfo=None)
    return (since is None or day >= since) and (until is None or day <= until)


def _page(page) -> SitemapPage:
    news = page.news_story.publish_date if page.news_story else None
    return SitemapPage(page.url, news or page.last_modified)


def _ungzip(data: bytes, limit: int) -> bytes:
    """Gunzip when the bytes are gzip (by magic number, whatever the URL or headers say)."""
    if data[:2] != b"\x1f\x8b":
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(limit + 1)
    if len(out) > limit:
        raise ValueError(f"unpacked sitemap larger than {limit} bytes")
    return out
