"""Editors' search (`invoke search`): whoosh queries with filters over the index in state/.

search_index.py keeps the index up to date; this module runs a query and formats its hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from whoosh import highlight, index
from whoosh.qparser import MultifieldParser
from whoosh.query import And, DateRange, Every, Term

from ..content import slugify
from .entities import kind_name
from .messages import _
from .names import registry_names, suggestions
from .search_index import SearchError, index_dir, update_index


@dataclass(frozen=True)
class Filters:
    """Restrictions on a search: ids of a person, an organisation or a source; a first date."""

    person: str | None = None
    organisation: str | None = None
    source: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class Hit:
    """One search result: the file, its metadata, its score and a snippet with **highlights**."""

    path: Path
    title: str
    kind: str
    date: datetime | None
    source: str
    score: float
    snippet: str


def _filter_query(filters: Filters):
    terms = []
    if filters.person:
        terms.append(Term("people", filters.person))
    if filters.organisation:
        terms.append(Term("organisations", filters.organisation))
    if filters.source:
        terms.append(Term("source", filters.source.strip()))
    if filters.since:
        terms.append(DateRange("date", filters.since, None))
    return And(terms) if terms else None


def resolve_filters(content: Path, filters: Filters) -> Filters:
    """The filters with a person's or organisation's name or spelling turned into its id.

    An id nobody has raises SearchError naming it, with the ids the editor may have meant.
    """
    names = registry_names(content)
    resolved = {}
    for field, folder, message in (
        ("person", "people", _("unknown person id '{id}'")),
        ("organisation", "organisations", _("unknown organisation id '{id}'")),
    ):
        value = getattr(filters, field)
        if not value:
            continue
        ids = {path.stem for path in (content / folder).glob("*.md")}
        if value in ids:
            continue
        slug = slugify(value)
        named = {n.id for n in names if n.id in ids and slugify(n.text) == slug}
        if slug in ids or len(named) == 1:
            resolved[field] = slug if slug in ids else named.pop()  # a name or a spelling of an id
            continue
        found = suggestions(value, ids, [n for n in names if n.id in ids])
        hint = _("; did you mean {ids}?").format(ids=_(" or ").join(f"'{i}'" for i in found))
        raise SearchError(message.format(id=value) + (hint if found else ""))
    return replace(filters, **resolved)


def search(
    content: Path,
    query: str,
    filters: Filters | None = None,
    limit: int = 10,
    state: Path | None = None,
) -> list[Hit]:
    """Update the index, then run a whoosh query (AND/OR/NOT, "phrases", wildcards*) over it.

    An empty query lists every file that passes the filters, newest first.
    """
    filters = resolve_filters(content, filters or Filters())
    update_index(content, state)
    ix = index.open_dir(index_dir(content, state))
    parser = MultifieldParser(["title", "body"], ix.schema)
    parsed = parser.parse(query) if query.strip() else Every()
    restrict = _filter_query(filters)
    with ix.searcher() as searcher:
        if query.strip():
            results = searcher.search(parsed, filter=restrict, limit=limit)
        else:
            results = searcher.search(
                parsed, filter=restrict, limit=limit, sortedby="date", reverse=True
            )
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        results.formatter = _Bold()
        return [_hit(content, result) for result in results]


def _hit(content: Path, result) -> Hit:
    snippet = result.highlights("body", top=2) if result.score is not None else ""
    if not snippet:
        snippet = re.sub(r"\s+", " ", result.get("body", ""))[:200]
    return Hit(
        path=content / result["path"],
        title=result["title"],
        kind=result.get("kind", ""),
        date=result.get("date"),
        source=result.get("source", ""),
        score=float(result.score or 0.0),
        snippet=_unique_fragments(snippet),
    )


def _unique_fragments(snippet: str) -> str:
    """The snippet with whitespace collapsed and repeated fragments (summary = lead) dropped."""
    fragments = [re.sub(r"\s+", " ", part).strip() for part in snippet.split(_Bold.between)]
    return _Bold.between.join(dict.fromkeys(part for part in fragments if part))


class _Bold(highlight.Formatter):
    """Marks matched words as **word** (Markdown bold) and joins fragments with an ellipsis."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"**{highlight.get_text(text, token, replace)}**"


def format_hit(number: int, hit: Hit, root: Path) -> str:
    """Two lines for a terminal: number, path, date, kind and title; then the snippet."""
    path = hit.path.relative_to(root) if hit.path.is_relative_to(root) else hit.path
    date = hit.date.date().isoformat() if hit.date else _("no date")
    source = f" · {hit.source}" if hit.source else ""
    kind = shown_kind(hit.kind)
    return f"{number:>2}. {path}  {date} · {kind}{source} · {hit.title}\n    {hit.snippet}"


def shown_kind(kind: str) -> str:
    """A kind of content file (article, note, event, person, organisation) in the editors'
    language."""
    texts = {"article": _("article"), "note": _("note"), "event": _("event")}
    return texts.get(kind) or kind_name(kind)
