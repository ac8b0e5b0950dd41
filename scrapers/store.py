"""Write scraped articles as Markdown files with a fingerprint; never overwrite an editor's work."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dossier.content import (
    BLANK_LINE,
    atomic_write,
    format_header,
    join_urls,
    split_file,
    split_list,
)

from .extract import escape_html
from .sanitize import clean, fit_slug

KEYS = (
    "Title",
    "Date",
    "Source",
    "Original",
    "Sourcename",
    "Copies",
    "Authors",
    "Publish",
    "Scraped",
    "Summary",
)
HISTORY_KEYS = ("Captured", "Archived")  # first WARC capture; Wayback snapshot of a dead page
FINGERPRINT_LINE = re.compile(r"^Fingerprint:[^\n]*\n", re.M)
# A paragraph of one line that starts like a list item: "- Jeg har ..., sagde X" is dialogue
LEADING_MARKER = re.compile(r"^([ \t]{0,3})([-+*]|\d{1,9}[.)])(?=[ \t])")
# Markdown's inline marks (and attr_list's braces): in a plain text they are the source's text
INLINE_MARKS = re.compile(r"([\\`*_{}\[\]])")
# What opens a heading, a list or a rule at the start of a line
LINE_OPENER = re.compile(r"^([ \t]*)([#+-])", re.M)


@dataclass(frozen=True)
class Article:
    """A scraped article as it is written to content/articles/<source>/<yyyy>/<slug>.md."""

    title: str
    date: datetime
    source: str
    original: str
    body: str  # safe Markdown
    publish: str = "excerpt"
    copies: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    scraped: str = ""
    summary: str = ""
    source_name: str = ""  # kept in the file so the article keeps it when the source is removed
    captured: str = ""  # ISO time of the first WARC capture
    archived: str = ""  # the Wayback snapshot the text came from (the original was gone)


def fingerprint(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of a file's text without its Fingerprint line."""
    return hashlib.sha256(FINGERPRINT_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()[:16]


def clean_body(body: str) -> str:
    """A source's text as the dossier stores it: cleaned of controls and bidi overrides, its
    lines kept, a one-line paragraph's list marker escaped (every write of a source's text)."""
    return escape_block_markers(clean(body, keep_newlines=True).strip())


def escape_block_markers(body: str) -> str:
    """Escape a list marker that opens a one-line paragraph, so a dialogue dash stays speech."""
    blocks = re.split(r"(\n[ \t]*\n)", body)
    return "".join(
        block if "\n" in block.strip() else LEADING_MARKER.sub(_escaped, block, count=1)
        for block in blocks
    )


def escape_markdown(text: str) -> str:
    """A plain text as Markdown that renders as that very text: no link, image, emphasis or HTML."""
    text = escape_html(INLINE_MARKS.sub(r"\\\1", text))
    return escape_block_markers(LINE_OPENER.sub(r"\1\\\2", text))


def _escaped(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return indent + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)


def render(article: Article) -> str:
    """The file text of an article, Fingerprint last in the header."""
    values = {
        "Title": escape_html(article.title),
        "Date": article.date.strftime("%Y-%m-%d %H:%M"),
        "Source": article.source,
        "Sourcename": escape_html(article.source_name),
        "Original": article.original,
        "Copies": join_urls(article.copies),
        "Authors": escape_html(", ".join(article.authors)),
        "Publish": article.publish,
        "Scraped": article.scraped,
        "Summary": escape_markdown(article.summary),  # Pelican renders Summary as Markdown
        "Captured": article.captured,
        "Archived": article.archived,
    }
    # every value on one line, without controls or bidi overrides, whatever the source sent
    flat = {key: " ".join(clean(value).split()) for key, value in values.items()}
    fields = [(key, flat[key]) for key in KEYS + HISTORY_KEYS if flat[key]]
    body = clean_body(article.body)
    text = format_header(fields) + body + "\n"
    header, body = text.split("\n\n", 1)
    return f"{header}\nFingerprint: {fingerprint(text)}\n\n{body}"


def is_unmodified(text: str) -> bool:
    """True when a file still is exactly what the scraper wrote (its fingerprint matches)."""
    match = re.search(r"^Fingerprint:\s*([0-9a-f]+)\s*$", text, re.M)
    return bool(match) and match.group(1) == fingerprint(text)


def summarize(text: str, limit: int = 300) -> str:
    """The first two sentences of a plain text, at most limit characters: from its first
    paragraph that is a sentence (a headline or byline before it is none) up to a crosshead."""
    flat = " ".join(_lead(text, 2 * limit)) or " ".join(text.split())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"«])", flat)
    summary = " ".join(sentences[:2])
    if len(summary) > limit:
        summary = summary[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


# How a paragraph that is a sentence ends (inside brackets too: "(Det sagde han.)"); a short one
# that ends otherwise is a heading, a dateline "[ 2018-08-25 ]" or a credit "(Ritzau)"
SENTENCE_ENDS = frozenset('.!?…:;»«"”“')
HEADING_LENGTH = 150


def _lead(text: str, enough: int) -> list[str]:
    """The paragraphs of text from the first that is not a heading to before the next heading
    (or past enough characters), each on one line."""
    lead: list[str] = []
    length = 0
    for paragraph in BLANK_LINE.split(text):
        if length > enough:
            break
        flat = " ".join(paragraph.split())
        if not flat:
            continue
        if len(flat) <= HEADING_LENGTH and flat.rstrip(")]")[-1:] not in SENTENCE_ENDS:
            if lead:
                break
            continue
        lead.append(flat)
        length += len(flat)
    return lead


def write_new(folder: Path, article: Article, slug: str) -> Path:
    """Write an article to a new file under folder/<source>/<yyyy>/, never replacing a file."""
    base = folder / article.source / f"{article.date.year:04d}"
    path = base / f"{fit_slug(slug)}.md"
    number = 2
    while path.exists():
        path = base / f"{fit_slug(slug, str(number))}.md"
        number += 1
    atomic_write(path, render(article))
    return path


def read_article(path: Path) -> tuple[Article, bool]:
    """Read an article file back; the flag is True when an editor has not changed it."""
    text = path.read_text(encoding="utf-8")
    fields, body = split_file(text)
    values = {field.key: field.value for field in fields}
    date = _parse_iso(values.get("date", "")) or datetime(1970, 1, 1)
    article = Article(
        title=values.get("title", ""),
        date=date,
        source=values.get("source", ""),
        original=values.get("original", ""),
        body=body,
        publish=values.get("publish", "excerpt"),
        copies=tuple(split_list(values.get("copies", ""))),
        authors=tuple(split_list(values.get("authors", ""))),
        scraped=values.get("scraped", ""),
        summary=values.get("summary", ""),
    )
    return article, is_unmodified(text)


def add_copy(path: Path, url: str) -> bool:
    """Record another URL of the article in Copies; False when an editor changed the file."""
    text = path.read_text(encoding="utf-8")
    if not is_unmodified(text):
        return False
    article, _ = read_article(path)
    if url == article.original or url in article.copies:
        return True
    header, body = text.split("\n\n", 1)
    header = FINGERPRINT_LINE.sub("", header + "\n", count=1).rstrip("\n")
    copies = f"Copies: {join_urls((*article.copies, url))}"
    if re.search(r"^Copies:.*$", header, re.M):
        header = re.sub(r"^Copies:.*$", lambda _m: copies, header, count=1, flags=re.M)
    else:
        after = re.compile(r"^(Original:.*)$", re.M)
        header = after.sub(lambda m: f"{m.group(1)}\n{copies}", header, count=1)
    unsigned = f"{header}\n\n{body}"
    atomic_write(path, f"{header}\nFingerprint: {fingerprint(unsigned)}\n\n{body}")
    return True


def _parse_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None
