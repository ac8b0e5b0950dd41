"""Scrape memory in SQLite: HTTP validators per URL, items seen, and the status of each source."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, status TEXT NOT NULL, source TEXT, path TEXT, at TEXT);
CREATE TABLE IF NOT EXISTS source_status (
    id TEXT PRIMARY KEY, last_fetch TEXT, status TEXT, error TEXT, articles INTEGER,
    feed_url TEXT, last_success TEXT);
CREATE TABLE IF NOT EXISTS robots (root TEXT PRIMARY KEY, fetched_at REAL, body TEXT);
"""

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


class State:
    """The state database state/scrape.sqlite3; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "scrape.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(source_status)")}
        if "last_success" not in columns:  # a state file from before the column existed
            self._db.execute("ALTER TABLE source_status ADD COLUMN last_success TEXT")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

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
            "INSERT OR REPLACE INTO source_status (id, last_fetch, status, error, articles, "
            "feed_url, last_success) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                status.id,
                status.last_fetch,
                status.status,
                status.error,
                status.articles,
                status.feed_url,
                status.last_success,
            ),
        )

    def source(self, source_id: str) -> SourceStatus | None:
        """Return the stored status of a source, or None if it was never fetched."""
        rows = self._query(
            "SELECT id, last_fetch, status, error, articles, feed_url, last_success "
            "FROM source_status WHERE id = ?",
            (source_id,),
        )
        return SourceStatus(*rows[0]) if rows else None
