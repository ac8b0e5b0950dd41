"""Enrich the editors' records: find a stub by its source's article id, fill in what it lacks.

A stub is an article record an editor wrote by hand (no `Scraped` key): Title, Date, Original,
Summary, People... and no text. Enriching adds the source's text below a marker, its authors, a
precise date when the record knows only the month or year, and the scraper's keys; an editor's
key or body text is never changed. The enriched file is fingerprinted as a scraped one.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from dossier.content import atomic_write, precision_of, split_file, split_header, split_list

from .dedupe import canonical_url
from .extract import escape_html
from .sanitize import one_line
from .store import clean_body, fingerprint

log = logging.getLogger(__name__)

MARKER = "<!-- tekst fra kilden -->"  # where the editor's body ends and the source's text begins
ID_SEGMENT = re.compile(r"(?:.*[-_])?(\d{4,})(?:\.[a-z]{2,5})?", re.I)
SLUG = re.compile(r"[a-z0-9-]*[a-z][a-z0-9-]*", re.I)
ID_PARAMS = ("id", "artid", "articleid", "aid", "newsid")


@dataclass(frozen=True)
class Enrichment:
    """What a fetched page adds to a stub."""

    body: str  # safe Markdown
    authors: tuple[str, ...]
    published: datetime | None
    scraped: str
    captured: str = ""
    archived: str = ""  # Wayback snapshot URL, when the page came from there


def article_key(url: str) -> tuple[str, str, str] | None:
    """A source's article id in a URL (host, path before it, id): /art/225330 = /art/225330/slug."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").removeprefix("www.")
    host += f":{parts.port}" if parts.port else ""  # another port is another server
    segments = [segment for segment in parts.path.split("/") if segment]
    # the id ends the path, or comes just before a slug: a number deeper in (a session, a year
    # folder, a section) does not name one article
    for index in range(max(0, len(segments) - 2), len(segments)):
        match = ID_SEGMENT.fullmatch(segments[index])
        after = segments[index + 1 :]
        if match and not _is_year(match.group(1)) and all(SLUG.fullmatch(s) for s in after):
            return host, "/".join(segments[:index]), match.group(1)
    for key, value in parse_qsl(parts.query):
        if key.lower() in ID_PARAMS and value.isdigit():
            return host, parts.path.rstrip("/"), value
    return None


def is_stub(text: str) -> bool:
    """True for a record an editor wrote by hand that the scraper has not filled in yet."""
    fields, _ = split_file(text)
    keys = {field.key for field in fields}
    return "original" in keys and "scraped" not in keys and MARKER not in text


class Stubs:
    """The stubs under content/articles/ by URL and by article id; safe to share between threads."""

    def __init__(self, articles: Path) -> None:
        self._articles = articles
        self._by_url: dict[str, Path] = {}
        self._by_key: dict[tuple[str, str, str], Path] = {}
        self._lock = threading.Lock()
        self._loaded = False

    def _load(self) -> None:
        for path in sorted(self._articles.glob("*/*/*.md")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                log.warning("%s: cannot read: %s", path, error)
                continue
            if not is_stub(text):
                continue
            values = {field.key: field.value for field in split_file(text)[0]}
            for url in [values.get("original", ""), *split_list(values.get("copies", ""))]:
                if url:
                    self._by_url[canonical_url(url)] = path
                    if key := article_key(url):
                        self._by_key.setdefault(key, path)
        self._loaded = True

    def paths(self) -> list[Path]:
        """Every stub file (once each)."""
        with self._lock:
            if not self._loaded:
                self._load()
            return sorted(set(self._by_url.values()))

    def match(self, url: str) -> Path | None:
        """The stub whose Original or Copies is this URL or names the same article id."""
        with self._lock:
            if not self._loaded:
                self._load()
            found = self._by_url.get(canonical_url(url))
            key = article_key(url)
            return found or (self._by_key.get(key) if key else None)

    def done(self, path: Path) -> None:
        """Forget a stub once it is enriched."""
        with self._lock:
            self._by_url = {url: p for url, p in self._by_url.items() if p != path}
            self._by_key = {key: p for key, p in self._by_key.items() if p != path}


def enrich(path: Path, page: Enrichment) -> list[str]:
    """Fill a stub in from a page; return what was added (empty when it is no stub any more)."""
    text = path.read_text(encoding="utf-8")
    if not is_stub(text):
        return []
    header, body = split_header(text)  # an editor's blank line may hold spaces
    fields, _ = split_file(text)
    values = {field.key: field.value for field in fields}
    lines = header.splitlines()
    added = ["text"]
    if page.published and _fits(values, page.published):
        lines = [line for line in lines if not re.match(r"(?i)^precision\s*:", line)]
        precise = page.published.strftime("%Y-%m-%d %H:%M")
        lines = [re.sub(r"(?i)^(date\s*:).*$", rf"\g<1> {precise}", line) for line in lines]
        added.append("date")
    authors = ", ".join(filter(None, map(one_line, page.authors)))  # as a new article's
    extra = [
        ("Authors", escape_html(authors) if "authors" not in values else ""),
        ("Scraped", page.scraped),
        ("Captured", page.captured if "captured" not in values else ""),
        ("Archived", page.archived if "archived" not in values else ""),
    ]
    for key, value in extra:
        if one_line(value):
            lines.append(f"{key}: {one_line(value)}")
            added.append(key.lower())
    source = clean_body(page.body)
    unsigned = "\n".join(lines) + f"\n\n{body.rstrip()}\n\n{MARKER}\n\n{source}\n"
    head, rest = unsigned.split("\n\n", 1)
    atomic_write(path, f"{head}\nFingerprint: {fingerprint(unsigned)}\n\n{rest}")
    return added


def _fits(values: dict[str, str], published: datetime) -> bool:
    """A precise date replaces the record's only when the record knew just its month or year."""
    precision = precision_of(values.get("precision", "day"))
    known = values.get("date", "")
    if precision == "month":
        return known[:7] == published.strftime("%Y-%m")
    if precision == "year":
        return known[:4] == published.strftime("%Y")
    return False


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1990 <= int(digits) <= 2099
