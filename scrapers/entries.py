"""What every feed parser returns: the entries of a feed and the problems met reading it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    """One feed item: its link, title, date (UTC, aware) and the HTML the feed carries."""

    url: str
    title: str
    published: datetime | None
    authors: tuple[str, ...]
    html: str


@dataclass(frozen=True)
class Feed:
    """The newest entries of a feed; error when nothing could be read, warnings when some was."""

    title: str
    entries: tuple[Entry, ...]
    error: str | None = None  # not a feed at all: the source failed
    warnings: tuple[str, ...] = ()  # read anyway: not well-formed, wrong charset, items salvaged
