"""Archive listing pages: their article links (without furniture) and the way to the next page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4.element import Tag

from dossier.content import is_http_url

from .enrich import article_key
from .extract import FURNITURE_WORDS
from .pages import soup_of

# Words of a link to the next (older) page of a listing, Danish first.
NEXT_WORDS = re.compile(r"^(næste|ældre|flere|vis flere|next|older|more)\b", re.I)
PAGE_PARAMS = ("page", "side", "p", "pg", "paged", "sida")
PAGE_PATH = re.compile(r"/(?:page|side)/(\d+)/?$", re.I)
LINK_SELECTORS = (
    "article a[href], h1 a[href], h2 a[href], h3 a[href], h4 a[href]",
    "li a[href]",
)
DATED_PATH = re.compile(r"/(19|20)\d{2}/\d{1,2}/")
LONG_SLUG = re.compile(r"/[a-z0-9æøå]+(?:-[a-z0-9æøå]+){3,}/?$", re.I)
DROP = "nav, header, footer, aside, script, style, form, [role=navigation], [role=complementary]"


@dataclass(frozen=True)
class Listing:
    """What one listing page offers: article links in page order and the next page, if any."""

    links: tuple[str, ...]
    next: str | None


def read_listing(html: str, url: str) -> Listing:
    """Read a listing page: its article links (same host, no furniture) and its next page."""
    soup = soup_of(html)
    following = _next_page(soup, url)
    for element in soup.select(DROP):
        element.decompose()
    for element in soup.find_all(_is_furniture):
        element.decompose()
    host = urlsplit(url).netloc.lower()
    anchors = next(
        (found for selector in LINK_SELECTORS if (found := soup.select(selector))),
        soup.find_all("a", href=True),
    )
    links: list[str] = []
    for anchor in anchors:
        target = urljoin(url, str(anchor["href"]).strip()).split("#")[0]
        if not is_http_url(target) or urlsplit(target).netloc.lower() != host:
            continue
        if _same_listing(target, url) or target in links or target == following:
            continue
        links.append(target)
    # where most links name an article (an id, a date in the path), the others are sections, tags
    # and authors: leave them out
    articles = [link for link in links if _names_article(link)]
    return Listing(tuple(articles if len(articles) * 2 >= len(links) else links), following)


def _names_article(url: str) -> bool:
    path = urlsplit(url).path
    return bool(article_key(url) or DATED_PATH.search(path) or LONG_SLUG.search(path))


def page_number(url: str) -> int:
    """The page number a listing URL names (a page parameter or /page/N), 1 when none."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            return int(value)
    match = PAGE_PATH.search(parts.path)
    return int(match.group(1)) if match else 1


def _next_page(soup, url: str) -> str | None:
    """rel="next", then a "Næste"/"Ældre"/"Flere" link, then a link to page number + 1."""
    for tag in soup.find_all(["link", "a"], href=True):
        if "next" in [value.lower() for value in tag.get("rel") or []]:
            return _absolute(url, tag["href"])
    anchors = soup.find_all("a", href=True)
    for anchor in anchors:
        label = " ".join(
            [
                anchor.get_text(" ", strip=True),
                anchor.get("aria-label", ""),
                anchor.get("title", ""),
            ]
        )
        words = re.sub(r"[^\wæøå ]+", " ", label, flags=re.I).strip()
        if NEXT_WORDS.match(words) and (target := _absolute(url, anchor["href"])) != url:
            return target
    wanted = page_number(url) + 1
    for anchor in anchors:
        target = _absolute(url, anchor["href"])
        if target and _same_listing(target, url) and page_number(target) == wanted:
            return target
    return None


def _same_listing(target: str, url: str) -> bool:
    """True for another page of the same listing (same path without its page number)."""

    def base(value: str) -> tuple[str, str]:
        parts = urlsplit(value)
        query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in PAGE_PARAMS)
        return PAGE_PATH.sub("", parts.path).rstrip("/"), str(query)

    return base(target) == base(url)


def _absolute(url: str, href: object) -> str | None:
    target = urljoin(url, str(href).strip()).split("#")[0]
    return target if is_http_url(target) else None


def _is_furniture(tag: Tag) -> bool:
    """Boxes such as "Læses lige nu", ads and job lists, by their class or id words."""
    if not isinstance(tag, Tag) or tag.name in ("html", "body", "main", "article"):
        return False
    values = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")]).lower()
    return bool(set(re.split(r"[\s_-]+", values)) & FURNITURE_WORDS)
