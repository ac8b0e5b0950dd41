"""Scrape memory in SQLite: HTTP validators per URL, items seen, each source's status, failures.

The tables source_status and item_failures are a contract: dossier/scrapestate.py reads them for
/kilder/ and the cron job's alerts (README, "Scraping", lists the columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .database import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, status TEXT NOT NULL, source TEXT, path TEXT, at TEXT);
CREATE TABLE IF NOT EXISTS source_status (
    id TEXT PRIMARY KEY, last_fetch TEXT, status TEXT, error TEXT, articles INTEGER,
    feed_url TEXT, last_success TEXT);
CREATE TABLE IF NOT EXISTS robots (root TEXT PRIMARY KEY, fetched_at REAL, body TEXT);
CREATE TABLE IF NOT EXISTS item_failures (
    url TEXT PRIMARY KEY, source TEXT, failures INTEGER NOT NULL, last_error TEXT,
    error_kind TEXT, next_attempt TEXT, given_up INTEGER NOT NULL DEFAULT 0,
    first_failed TEXT, last_attempt TEXT, title TEXT, published TEXT, authors TEXT);
"""
# Columns added to source_status since the first release: a state file from before gets them.
ADDED_COLUMNS = {
    "last_success": "TEXT",
    "failures": "INTEGER NOT NULL DEFAULT 0",  # consecutive failed polls, 0 after a success
    "failing_since": "TEXT",  # ISO UTC of the first failure of the streak; NULL when fine
    "error_kind": "TEXT",  # scrapers.errors.ERROR_KINDS
    "next_attempt": "TEXT",  # ISO UTC before which the source is not polled; NULL: next run
}
SOURCE_COLUMNS = (
    "id, last_fetch, status, error, articles, feed_url, last_success, failures, failing_since, "
    "error_kind, next_attempt"
)
ITEM_COLUMNS = (
    "url, source, failures, last_error, error_kind, next_attempt, given_up, first_failed, "
    "last_attempt, title, published, authors"
)

# Statuses of a seen item.
WRITTEN, OFF_TOPIC, DUPLICATE, DELETED = "written", "off_topic", "duplicate", "deleted"
GONE = "gone"  # answered 404/410 with no Wayback snapshot (a backfill does not ask again)


@dataclass(frozen=True)
class Seen:
    """What the scraper decided about one item URL."""

    url: str
    status: str
    source: str | None
    path: str | None


@dataclass(frozen=True)
class SourceStatus:
    """The last fetch of one source."""

    id: str
    last_fetch: str | None
    status: str | None
    error: str | None
    articles: int | None
    feed_url: str | None
    last_success: str | None = None  # the last fetch without an error
    failures: int = 0  # consecutive failed polls
    failing_since: str | None = None
    error_kind: str | None = None
    next_attempt: str | None = None  # not polled before this (ISO UTC); None: next run


@dataclass(frozen=True)
class ItemFailure:
    """An item URL that could not be fetched, and when to try it again (its feed entry kept)."""

    url: str
    source: str | None
    failures: int
    last_error: str | None
    error_kind: str | None
    next_attempt: str | None  # ISO UTC; None once given up
    given_up: bool
    first_failed: str | None = None
    last_attempt: str | None = None
    title: str = ""
    published: str | None = None  # ISO date of the feed entry, to rebuild it for a retry
    authors: tuple[str, ...] = ()


class State(Database):
    """The state database state/scrape.sqlite3; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / "scrape.sqlite3", SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(source_status)")}
        for column, kind in ADDED_COLUMNS.items():
            if column not in columns:  # a state file from before the column existed
                self._db.execute(f"ALTER TABLE source_status ADD COLUMN {column} {kind}")

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """Return the stored (ETag, Last-Modified) of a URL."""
        rows = self._query("SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,))
        return rows[0] if rows else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember the validators of a URL for the next conditional GET."""
        self._query(
            "INSERT OR REPLACE INTO http_cache (url, etag, last_modified) VALUES (?, ?, ?)",
            (url, etag, last_modified),
        )

    def robots(self, root: str) -> tuple[float, str | None] | None:
        """Return when the robots.txt of a host was fetched and its text (None: there was none)."""
        rows = self._query("SELECT fetched_at, body FROM robots WHERE root = ?", (root,))
        return rows[0] if rows else None

    def save_robots(self, root: str, fetched_at: float, body: str | None) -> None:
        """Keep the robots.txt of a host for the next runs."""
        self._query("INSERT OR REPLACE INTO robots VALUES (?, ?, ?)", (root, fetched_at, body))

    def seen(self, url: str) -> Seen | None:
        """Return what was decided about an item URL, or None if it is new."""
        rows = self._query("SELECT url, status, source, path FROM seen WHERE url = ?", (url,))
        return Seen(*rows[0]) if rows else None

    def mark(self, url: str, status: str, source: str | None, path: str | None, at: str) -> None:
        """Remember an item URL with its status (written, off_topic, duplicate, deleted)."""
        self._query(
            "INSERT OR REPLACE INTO seen (url, status, source, path, at) VALUES (?, ?, ?, ?, ?)",
            (url, status, source, path, at),
        )

    def written(self) -> list[Seen]:
        """Return every item recorded as written to a file."""
        sql = "SELECT url, status, source, path FROM seen WHERE status = ?"
        rows = self._query(sql, (WRITTEN,))
        return [Seen(*row) for row in rows]

    def save_source(self, status: SourceStatus) -> None:
        """Store the outcome of the last fetch of a source."""
        self._query(
            f"INSERT OR REPLACE INTO source_status ({SOURCE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                status.id,
                status.last_fetch,
                status.status,
                status.error,
                status.articles,
                status.feed_url,
                status.last_success,
                status.failures,
                status.failing_since,
                status.error_kind,
                status.next_attempt,
            ),
        )

    def source(self, source_id: str) -> SourceStatus | None:
        """Return the stored status of a source, or None if it was never fetched."""
        sql = f"SELECT {SOURCE_COLUMNS} FROM source_status WHERE id = ?"
        rows = self._query(sql, (source_id,))
        if not rows:
            return None
        row = rows[0]
        return SourceStatus(*row[:7], row[7] or 0, *row[8:])

    def item_failure(self, url: str) -> ItemFailure | None:
        """Return the failure record of an item URL, or None when it never failed (or recovered)."""
        rows = self._query(f"SELECT {ITEM_COLUMNS} FROM item_failures WHERE url = ?", (url,))
        return _item_failure(rows[0]) if rows else None

    def item_failures(self, source_id: str) -> list[ItemFailure]:
        """Return the failed item URLs of a source, oldest failure first."""
        sql = f"SELECT {ITEM_COLUMNS} FROM item_failures WHERE source = ? ORDER BY first_failed"
        return [_item_failure(row) for row in self._query(sql, (source_id,))]

    def save_item_failure(self, failure: ItemFailure) -> None:
        """Remember a failed item URL with its backoff."""
        self._query(
            f"INSERT OR REPLACE INTO item_failures ({ITEM_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                failure.url,
                failure.source,
                failure.failures,
                failure.last_error,
                failure.error_kind,
                failure.next_attempt,
                int(failure.given_up),
                failure.first_failed,
                failure.last_attempt,
                failure.title,
                failure.published,
                "\n".join(failure.authors),
            ),
        )

    def clear_item_failure(self, url: str) -> None:
        """Forget the failures of an item URL that answered again."""
        self._query("DELETE FROM item_failures WHERE url = ?", (url,))


def _item_failure(row: tuple) -> ItemFailure:
    authors = tuple(name for name in (row[11] or "").split("\n") if name)
    return ItemFailure(*row[:6], bool(row[6]), row[7], row[8], row[9] or "", row[10], authors)
