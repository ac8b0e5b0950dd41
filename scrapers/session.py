"""What a scrape and a backfill share in one run: state, history, archive, fetcher, topic, index."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import backoff
from .dedupe import Index
from .enrich import Stubs
from .extract import plain_text
from .fetch import FetchConfig, Fetcher
from .history import History
from .sanitize import Limits
from .sources import Source, SourcesFile
from .state import State
from .store import read_article
from .topic import Topic
from .warc import Archive

log = logging.getLogger(__name__)


@dataclass
class Run:
    """Everything one scrape shares between its threads."""

    articles: Path
    state: State
    fetcher: Fetcher
    topic: Topic
    index: Index
    now: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))  # `now` as a datetime
    retry_all: bool = False  # ignore the failure backoff of sources and items (given up ones too)
    stubs: Stubs | None = None  # the editors' records without text, filled in when found
    history: History | None = None  # versions for change tracking, listings a backfill took
    archive: Archive | None = None  # every response as WARC records
    wayback: str | None = None  # base URL of the Wayback Machine for dead originals (backfill)
    window: tuple[datetime | None, datetime | None] = (None, None)  # backfill: since, until
    slugs: dict[str, set[str]] = field(default_factory=dict)  # year -> slugs of all sources
    limits: Limits = field(default_factory=Limits)  # how much of an article is stored
    sources: tuple[Source, ...] = ()  # every source of the file: whose site a page is on


def open_run(
    settings: SourcesFile,
    content: Path,
    state: Path | None,
    config: FetchConfig | None,
    moment: datetime | None = None,
    retry_all: bool = False,
) -> Run:
    """Everything a scrape or backfill shares: state, history, archive, fetcher, topic, index."""
    folder = state or content.parent / "state"
    moment = moment or datetime.now(UTC)
    memory, archive = State(folder), Archive(folder / "archive")
    return Run(
        articles=content / "articles",
        state=memory,
        fetcher=Fetcher(
            config or FetchConfig(**settings.fetch), cache=memory, recorder=archive.record
        ),
        topic=Topic(settings.query),
        index=Index(load=lambda index: _index_stored(content / "articles", index)),
        now=backoff.iso(moment),
        at=moment,
        retry_all=retry_all,
        stubs=Stubs(content / "articles"),
        history=History(folder),
        archive=archive,
        limits=settings.limits,
        sources=settings.sources,
    )


def close_run(run: Run) -> None:
    """Close the connections and databases of a run."""
    run.fetcher.close()
    run.state.close()
    for memory in (run.history, run.archive):
        if memory:
            memory.close()


def _index_stored(articles: Path, index: Index) -> None:
    """Index the stored articles by URL and text (on first use of the index)."""
    for path in sorted(articles.glob("*/*/*.md")):
        try:
            article, _ = read_article(path)
        except (OSError, UnicodeDecodeError) as error:
            log.warning("%s: cannot read: %s", path, error)
            continue
        index.add(path, [article.original, *article.copies], plain_text(article.body))
