"""The history memory in SQLite: each article's last version, the changes seen, listings done."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .database import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    url TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, text TEXT, etag TEXT,
    last_modified TEXT, published TEXT, checked TEXT, removed TEXT);
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL, path TEXT NOT NULL, at TEXT NOT NULL,
    what TEXT NOT NULL, old_title TEXT, new_title TEXT, old_text TEXT, new_text TEXT);
CREATE TABLE IF NOT EXISTS listings (url TEXT PRIMARY KEY, at TEXT NOT NULL, next TEXT);
CREATE TABLE IF NOT EXISTS dated (url TEXT PRIMARY KEY, published TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Version:
    """The last version of an article the scrapers saw, with its validators."""

    url: str
    path: str  # relative to content/articles/
    title: str
    text: str
    etag: str | None
    last_modified: str | None
    published: str  # ISO date of the article
    checked: str | None
    removed: str | None


@dataclass(frozen=True)
class Change:
    """One change a source made to an article: title, text, both, or removed."""

    url: str
    path: str
    at: str
    what: str  # title, text, title+text, removed
    old_title: str
    new_title: str
    old_text: str
    new_text: str


class History(Database):
    """state/history.sqlite3; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / "history.sqlite3", SCHEMA)

    def remember(self, version: Version) -> None:
        """Keep the version of an article just written, enriched or re-checked."""
        self._query(
            "INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                version.url, version.path, version.title, version.text, version.etag,
                version.last_modified, version.published, version.checked, version.removed,
            ),
        )  # fmt: skip

    def version(self, url: str) -> Version | None:
        """The last version of an article by its URL."""
        rows = self._query("SELECT * FROM versions WHERE url = ?", (url,))
        return Version(*rows[0]) if rows else None

    def due(self, since: str, limit: int, rested: str = "9999") -> list[Version]:
        """Articles published since `since`, not removed, not checked after `rested`."""
        rows = self._query(
            "SELECT * FROM versions WHERE published >= ? AND removed IS NULL "
            "AND COALESCE(checked, '') <= ? ORDER BY COALESCE(checked, '') LIMIT ?",
            (since, rested, limit),
        )
        return [Version(*row) for row in rows]

    def add_change(self, change: Change) -> None:
        """Record a change of an article."""
        self._query(
            "INSERT INTO changes (url, path, at, what, old_title, new_title, old_text, new_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change.url, change.path, change.at, change.what, change.old_title,
                change.new_title, change.old_text, change.new_text,
            ),
        )  # fmt: skip

    def changes(self, path: str | None = None) -> list[Change]:
        """Every change (of one article file, when given), oldest first."""
        sql = "SELECT url, path, at, what, old_title, new_title, old_text, new_text FROM changes"
        rows = self._query(sql + " WHERE path = ? ORDER BY id", (path,)) if path else None
        return [Change(*row) for row in (rows if path else self._query(sql + " ORDER BY id"))]

    def listing(self, url: str) -> tuple[bool, str | None]:
        """Whether a backfill took every item of a listing page or sitemap; its next page."""
        rows = self._query("SELECT next FROM listings WHERE url = ?", (url,))
        return (True, rows[0][0]) if rows else (False, None)

    def mark_listing(self, url: str, at: str, following: str | None = None) -> None:
        """Remember a listing page or sitemap whose items were all handled (and its next page)."""
        self._query("INSERT OR REPLACE INTO listings VALUES (?, ?, ?)", (url, at, following))

    def dated(self, url: str) -> str | None:
        """The publication date (ISO) of an item a backfill left out for its date, if any."""
        rows = self._query("SELECT published FROM dated WHERE url = ?", (url,))
        return rows[0][0] if rows else None

    def note_dated(self, url: str, published: str) -> None:
        """Remember the date of an item left out for its date, so it is not fetched again."""
        self._query("INSERT OR REPLACE INTO dated VALUES (?, ?)", (url, published))
