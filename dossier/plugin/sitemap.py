"""sitemap.xml and robots.txt for the built site."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..documents import url_of

STATIC_URLS = ("", "arkiv/")


def absolute(site_url: str, url: str) -> str:
    """Join a site-relative URL to SITEURL ("/" when SITEURL is empty)."""
    return f"{site_url.rstrip('/')}/{url.lstrip('/')}"


def sitemap_xml(site_url: str, items, extra: tuple[str, ...] = ()) -> str:
    """A sitemap of the front page, the archive, the extra URLs and every article, note, event
    and page."""
    entries = [(absolute(site_url, url), None) for url in (*STATIC_URLS, *extra)]
    for item in items:
        modified = getattr(item, "modified", None) or getattr(item, "date", None)
        entries.append((absolute(site_url, url_of(item)), modified))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for loc, modified in entries:
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap (absolute when SITEURL is known)."""
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
