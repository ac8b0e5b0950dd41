"""The history of a source's page on the site: archived, changed and removed, and /aendringer/.

The scrapers record what they saw in the article's own metadata (Captured, Archived, Changed,
Removed); this module only reads it, so the plugin never touches the scrapers' state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from ..content import is_http_url, parse_date, split_list
from ..documents import url_of

log = logging.getLogger(__name__)

# What a source changed, as the site says it (Danish interface strings, in one place).
WHAT_LABELS = {"title": "titel", "text": "tekst", "title+text": "titel og tekst"}
CHANGES_URL = "aendringer/"


@dataclass(frozen=True)
class PageHistory:
    """What the dossier knows about the source's page of an article."""

    captured: datetime | None = None  # first capture in the WARC archive
    captured_iso: str | None = None
    wayback: str | None = None  # the Internet Archive's snapshot
    changes: tuple[tuple[datetime, str, str], ...] = ()  # (date, what, Danish label)
    removed: datetime | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to say about the source's page."""
        return not (self.captured or self.wayback or self.changes or self.removed)


def page_history(metadata: dict) -> PageHistory:
    """Read Captured, Archived, Changed and Removed from an article's metadata."""
    captured = str(metadata.get("captured", "") or "").strip()
    wayback = str(metadata.get("archived", "") or "").strip()
    changes = []
    changed = metadata.get("changed", "") or ""
    for item in split_list("\n".join(changed) if isinstance(changed, list) else str(changed)):
        day, _, what = item.partition(" ")
        moment = parse_date(day)
        if moment is None:
            log.warning("ignoring Changed entry %r", item)
            continue
        what = what.strip() or "text"
        changes.append((moment, what, WHAT_LABELS.get(what, what)))
    removed = parse_date(str(metadata.get("removed", "") or ""))
    return PageHistory(
        captured=parse_date(captured.replace("Z", "")) if captured else None,
        captured_iso=captured or None,
        wayback=wayback if is_http_url(wayback) else None,
        changes=tuple(sorted(changes)),
        removed=removed,
    )


def export_fields(history: PageHistory | None) -> dict:
    """The articles.json fields of DESIGN.md: archived, wayback, changed, removed."""
    history = history or PageHistory()
    return {
        "archived": history.captured_iso,
        "wayback": history.wayback,
        "changed": [moment.date().isoformat() for moment, _, _ in history.changes],
        "removed": history.removed.date().isoformat() if history.removed else None,
    }


def history_by_page(articles) -> dict[str, dict]:
    """The export fields of every article by its page URL."""
    return {url_of(item): export_fields(getattr(item, "history", None)) for item in articles}


def change_rows(articles) -> list[dict]:
    """Every change and removal a source made, newest first, for /aendringer/."""
    rows = []
    for item in articles:
        history: PageHistory | None = getattr(item, "history", None)
        if history is None:
            continue
        for moment, what, label in history.changes:
            rows.append({"date": moment, "what": what, "label": label, "article": item})
        if history.removed:
            rows.append({"date": history.removed, "what": "removed", "label": "", "article": item})
    return sorted(rows, key=lambda row: (row["date"], url_of(row["article"])), reverse=True)


def write_changes_page(writer, context: dict, template) -> None:
    """Write /aendringer/: every change the sources made to the dossier's articles."""
    if not writer.owns(CHANGES_URL + "index.html"):  # the other process's (split.py)
        return
    rows = change_rows(context.get("articles", []))
    writer.write_file(
        CHANGES_URL + "index.html", template, context, rows=rows, page_url=CHANGES_URL
    )
