"""Plain records of the articles, notes and events Pelican read, for the dossier's analysis."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|div)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# what _SPACES changes: a regular expression scanning a text for them costs 25 times what
# looking for each of these strings does, and most texts hold none
_FOLDED = ("  ", "\t", "\r", "\f", "\v")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


NOT_SHOWN = {"shown": False}  # a field no page shows (digest.py leaves it out of page digests)


@dataclass(frozen=True)
class Document:
    """One article, note or event with its full main text as plain paragraphs."""

    id: str
    kind: str
    title: str
    date: datetime
    page: str
    # read by the analysis and the related texts, shown on no page: page digests leave it out,
    # so a page listing the text is not rendered again for an edit of its body
    text: str = field(metadata=NOT_SHOWN)
    source: str = ""
    source_name: str = ""
    source_url: str = ""
    authors: tuple[str, ...] = ()
    forced_people: tuple[str, ...] = ()
    forced_organisations: tuple[str, ...] = ()
    unlink: tuple[str, ...] = ()
    precision: str = "day"
    approximate: bool = False
    event_kind: str = ""
    end: datetime | None = None
    summary: str = ""  # HTML: the excerpt readers may see (feeds)
    people: tuple[str, ...] = field(default=())
    organisations: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Quote:
    """A direct quote from a document, attributed to a registry person when that is certain."""

    id: str
    text: str
    date: datetime
    article: str
    page: str
    source_url: str
    person: str | None = None
    speaker: str = ""
    said: str = ""  # a short term in what the text says of it (Statement.said)


def html_to_text(html: str) -> str:
    """Turn rendered HTML into plain text with a blank line between paragraphs; within one,
    a line break and any run of spaces and tabs is one space."""
    text = BLOCK_END.sub("\n\n", html or "")
    text = unescape(_TAG.sub("", text))
    # one paragraph a line: "\n" is no space to fold
    text = "\n".join(p.replace("\n", " ") for p in _PARAGRAPH_BREAK.split(text))
    if any(chars in text for chars in _FOLDED):
        text = _SPACES.sub(" ", text)
    paragraphs = (p.strip() for p in text.split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def unique_ids(slugs: list[tuple[str, int]]) -> list[str]:
    """Ids from (slug, year) pairs: the slug, or slug-year where two items share a slug, and
    slug-year-2, -3 ... in order where they share the year too (an article and a note)."""
    counts: dict[str, int] = {}
    for slug, _ in slugs:
        counts[slug] = counts.get(slug, 0) + 1
    wanted = [slug if counts[slug] == 1 else f"{slug}-{year}" for slug, year in slugs]
    taken, seen, ids = set(wanted), set(), []
    for want in wanted:
        if want in seen:  # rare: only where a slug and a year are shared
            n = 2
            while f"{want}-{n}" in taken:
                n += 1
            taken.add(f"{want}-{n}")
            ids.append(f"{want}-{n}")
        else:
            seen.add(want)
            ids.append(want)
    return ids


def url_of(item) -> str:
    """A Pelican content object's URL: its url property, kept by the plugin's init_content
    (Pelican computes it again on every access)."""
    return getattr(item, "_dossier_url", None) or item.url


def keep_plain_text(item) -> None:
    """Keep a text's title and body as plain text on its content object, with a hash of the
    HTML they come from: read once, restored with the text on later builds (snapshot.py)."""
    item._dossier_plain = (_html_hash(item), html_to_text(item.title), html_to_text(item._content))


def plain_text(item) -> tuple[str, str]:
    """A text's title and body as plain text: as kept, or worked out again when the HTML has
    changed since (or none was kept)."""
    kept = getattr(item, "_dossier_plain", None)
    if kept is not None and kept[0] == _html_hash(item):
        return kept[1], kept[2]
    return html_to_text(item.title), html_to_text(item._content)


def _html_hash(item) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for html in (item.title, item._content or ""):
        h.update(html.encode("utf-8", "surrogatepass") + b"\0")
    return h.digest()


def from_content(items) -> list[Document]:
    """Documents from Pelican content objects (articles, notes and events), oldest first."""
    items = sorted(items, key=lambda item: (item.date, item.slug))
    ids = unique_ids([(item.slug, item.date.year) for item in items])
    documents = []
    for doc_id, item in zip(ids, items, strict=True):
        sources = list(getattr(item, "sources", []) or [])
        title, text = plain_text(item)
        documents.append(
            Document(
                id=doc_id,
                kind=item.kind,
                title=title,
                date=item.date,
                page=url_of(item),
                text=text,
                source=getattr(item, "source", "") or "",
                source_name=getattr(item, "source_name", "") or "",
                source_url=getattr(item, "original", "") or (sources[0] if sources else ""),
                authors=tuple(a.name for a in getattr(item, "authors", []) or []),
                forced_people=tuple(getattr(item, "people", []) or []),
                forced_organisations=tuple(getattr(item, "organisations", []) or []),
                unlink=tuple(getattr(item, "unlink", []) or []),
                precision=getattr(item, "precision", "day"),
                approximate=getattr(item, "approximate", "") in ("ja", "yes", "true"),
                event_kind=getattr(item, "event_kind", "") if item.kind == "event" else "",
                end=getattr(item, "end_date", None),
                summary=item.summary or "",
            )
        )
    return documents


def is_editorial(doc: Document) -> bool:
    """A note or a phase: the editors' summary of part of the debate, not a text of it."""
    return doc.kind == "note" or doc.event_kind == "fase"
