"""Check a built site before it is published: internal links resolve and every page has a title."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import PLACEHOLDER_SITEURL

PLACEHOLDER_HOST = urlsplit(PLACEHOLDER_SITEURL).netloc


@dataclass(frozen=True)
class LinkProblem:
    """An internal link or asset in a page that does not resolve to a file in the site."""

    page: str
    target: str


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.title = ""
        self.canonical: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links.extend(value for name, value in attrs if name in ("href", "src") and value)
        self._in_title = tag == "title"
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical" and self.canonical is None:
            self.canonical = values.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse_page(html: str) -> tuple[str, list[str]]:
    """Return the title and every href/src of an HTML page."""
    parser = _PageParser()
    parser.feed(html)
    return parser.title.strip(), parser.links


def canonical_of(html: str) -> str | None:
    """The address a page's <link rel="canonical"> gives, if it has one."""
    parser = _PageParser()
    parser.feed(html)
    return parser.canonical


def resolve(site: Path, page: Path, link: str, site_url: str = "") -> Path | None:
    """The file an internal link points at, or None for an external or special link.

    An absolute link to SITEURL's host (any scheme, or protocol-relative) is internal too: it
    must resolve inside the built tree like a relative one.
    """
    parts = urlsplit(link)
    if link.startswith(("#", "mailto:")) or (parts.scheme and not parts.netloc):
        return None
    if parts.netloc:
        own = urlsplit(site_url) if site_url else None
        if parts.scheme not in ("", "http", "https") or own is None:
            return None
        if parts.netloc.lower() != own.netloc.lower():
            return None
        path, prefix = unquote(parts.path) or "/", own.path.rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
    elif not parts.path:
        return None
    else:
        path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def is_placeholder(link: str) -> bool:
    """True for a link to publishconf.py's placeholder domain (DOSSIER_SITEURL was unset)."""
    return urlsplit(link).netloc.lower() == PLACEHOLDER_HOST


def check_pages(site: Path, site_url: str = "") -> tuple[list[LinkProblem], list[str]]:
    """One pass over every HTML page (parsing is the slow part): broken links, untitled pages."""
    broken, untitled = [], []
    for page in sorted(site.rglob("*.html")):
        title, links = parse_page(page.read_text(encoding="utf-8"))
        name = str(page.relative_to(site))
        if not title:
            untitled.append(name)
        for link in links:
            target = resolve(site, page, link, site_url)
            if is_placeholder(link) or (target is not None and not target.is_file()):
                broken.append(LinkProblem(name, link))
    return broken, untitled


def broken_links(site: Path, site_url: str = "") -> list[LinkProblem]:
    """Every internal link or asset of every HTML page that does not exist in the site."""
    return check_pages(site, site_url)[0]


def untitled_pages(site: Path) -> list[str]:
    """Every HTML page without a non-empty <title>."""
    return check_pages(site)[1]
