"""Make scraped values safe to write: no control characters, a title, a sane date, a free slug.

Whatever a source sends, an article the scrapers write must pass `invoke check`; these small
functions settle each value by construction and say (via logging) when they had to.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tld import get_fld

log = logging.getLogger(__name__)
LOCAL = ZoneInfo("Europe/Copenhagen")
EARLIEST = datetime(1990, 1, 1)
UNTITLED = "Uden titel"
TITLE_LIMIT = 200  # characters; a longer title is cut at a word
SLUG_LIMIT = 80  # dossier.content.slugify cuts there, so check accepts nothing longer
# Bidi overrides and isolates, zero-width and other invisible format characters (category Cf),
# C0/C1 controls other than tab and newline (Cc), line and paragraph separators (Zl, Zp: they end
# a header line for str.splitlines), surrogates and unassigned code points.
_DROPPED = {"Cf", "Cs", "Cn", "Zl", "Zp"}


def clean(text: str, keep_newlines: bool = False) -> str:
    """Text without control, bidi and invisible format characters (newlines kept if asked)."""
    keep = "\t\n" if keep_newlines else "\t"
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        char
        for char in text
        if char in keep
        or (unicodedata.category(char) not in _DROPPED and unicodedata.category(char) != "Cc")
    )


def one_line(text: str) -> str:
    """A cleaned value on one line with single spaces: a line or paragraph break (\\n, U+2028,
    U+0085 and the others str.splitlines knows) is a space between two words, not dropped."""
    return " ".join(clean(" ".join(text.splitlines())).split())


def fit_title(title: str) -> str:
    """A title cleaned, on one line and cut at TITLE_LIMIT ("" when nothing is left)."""
    return _cut(one_line(title))


@dataclass(frozen=True)
class Limits:
    """How much of one article is stored ([fetch] max_text, max_authors, max_author_length,
    max_copies)."""

    # characters of text, cut at a paragraph: a long feature is a few tens of thousands; the
    # analysis reads the first 200,000 (dossier/analysis/analyse.py)
    max_text: int = 100_000
    max_authors: int = 10  # names in Authors
    max_author_length: int = 100  # characters of one name, cut at a word
    # other URLs in Copies: a syndicated article has a few; a site that gives every visit a
    # URL of its own (?session=...) would have a header grow by one line a run
    max_copies: int = 20


def fit_text(text: str, limit: int) -> str:
    """A text cut at its last paragraph break within limit characters (else a word, else there)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = head.rfind("\n\n")
    if end < limit // 2:  # no paragraph break in the second half: one huge paragraph
        end = max(head.rfind(" "), head.rfind("\n"))
    return (head[:end] if end > 0 else head).rstrip()


def fit_body(markdown: str, limit: int) -> str:
    """A Markdown body cut like fit_text, with a last paragraph "…" that shows it goes on."""
    return markdown if len(markdown) <= limit else fit_text(markdown, limit) + "\n\n…"


def fit_authors(names: Iterable[str], limits: Limits) -> tuple[str, ...]:
    """The first max_authors distinct names, each on one line and cut at max_author_length.

    A comma separates names in Authors, so a name is split at its commas as the file is read,
    and at its line breaks ("Anna Hansen\\nJens Jensen" is two names).
    """
    parts = (part for name in names for line in name.splitlines() for part in line.split(","))
    fitted = (_cut(one_line(part), limits.max_author_length) for part in parts)
    return tuple(dict.fromkeys(name for name in fitted if name))[: limits.max_authors]


def title_of(candidates: Iterable[str | None], text: str, url: str) -> str:
    """The first non-empty title candidate, else the text's first line, else "Uden titel"."""
    for candidate in candidates:
        title = fit_title(candidate or "")
        if title:
            return title
    lines = clean(text, keep_newlines=True).splitlines()
    first = next((line for line in lines if line.strip()), "")
    if first.strip():
        log.warning("%s: no title on the page or in the feed; using the first line", url)
        return _cut(" ".join(first.split()))
    log.warning("%s: no title and no text; titled %r", url, UNTITLED)
    return UNTITLED


def _cut(title: str, limit: int = TITLE_LIMIT) -> str:
    if len(title) <= limit:
        return title
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def local_time(moment: datetime) -> datetime | None:
    """Danish local time (naive) of a datetime (naive ones are local already); None on overflow."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(LOCAL).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return None


def sane_date(candidates: Iterable[datetime | None], now: datetime, url: str) -> datetime:
    """The first candidate from 1990 to a day after now (local time), else now with a warning."""
    latest = now + timedelta(days=1)
    rejected = []
    for candidate in candidates:
        if candidate is None:
            continue
        moment = local_time(candidate)
        if moment is not None and EARLIEST <= moment <= latest:
            return moment.replace(second=0, microsecond=0)
        rejected.append(candidate)
    if rejected:
        log.warning("%s: dates out of range (%s); using the scrape time", url, rejected[0])
    return now.replace(second=0, microsecond=0)


# hosts of publications the Public Suffix List does not list as suffixes: each of their
# subdomains (nyhedsbrev.substack.com) is one publisher's site, not the platform's
SHARED_HOSTING = frozenset(
    {
        "wordpress.com",
        "substack.com",
        "medium.com",
        "tumblr.com",
        "ghost.io",
        "weebly.com",
        "squarespace.com",
        "over-blog.com",
    }
)


def site_of(url: str) -> str:
    """The registrable domain of a URL (computerworld.dk), or its host when there is none (IPs);
    on a platform that hosts many publishers (SHARED_HOSTING), the publisher's host."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return ""
    domain = get_fld(f"http://{host}/", fail_silently=True) or host
    if domain in SHARED_HOSTING and host.removeprefix("www.") != domain:
        return host.removeprefix("www.")
    return domain


def same_site(url: str, home: str, extra_hosts: Iterable[str] = ()) -> bool:
    """True when url is on the site of home, or on one of the hosts the source lists."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host and host in {extra.lower() for extra in extra_hosts}:
        return True
    return bool(host) and site_of(url) == site_of(home)


def fit_slug(slug: str, suffix: str = "") -> str:
    """slug-suffix cut so that the whole stays within the slug length check accepts."""
    if not suffix:
        return slug[:SLUG_LIMIT].rstrip("-")
    return f"{slug[: SLUG_LIMIT - len(suffix) - 1].rstrip('-')}-{suffix}"


def free_slug(slug: str, source: str, taken: set[str]) -> str:
    """A slug not yet taken in its year: the slug, else slug-source, else slug-source-2, ..."""
    candidate = fit_slug(slug)
    number = 1
    while candidate in taken:
        suffix = source if number == 1 else f"{source}-{number}"
        candidate = fit_slug(slug, suffix)
        number += 1
    return candidate


def has_text(text: str) -> bool:
    """True when an extraction yielded at least one word."""
    return re.search(r"\w", text) is not None
