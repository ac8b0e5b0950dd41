"""What the scrapers remember about each source, read-only, for the /kilder/ page and the cron job.

The scrapers own state/scrape.sqlite3 (scrapers/state.py); this module only reads it, so the plugin
and publishing never import the scrapers. A database from before the failure-memory columns
(failures, failing_since, error_kind, next_attempt) is read too: the error kind is then derived
from the error text, and a failing source counts as one failed run.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The error kinds the scrapers record (scrapers/state.py, column error_kind).
ERROR_KINDS = (
    "unreachable",
    "timeout",
    "not_found",
    "gone",
    "server_error",
    "http_error",
    "malformed",
    "robots",
    "other",
)
COLUMNS = (
    "id",
    "last_fetch",
    "status",
    "error",
    "last_success",
    "failures",
    "failing_since",
    "error_kind",
    "next_attempt",
)
# How an error text reads, for a database without error_kind (first match wins).
_KIND_PATTERNS = (
    ("robots", re.compile(r"robots\.txt", re.I)),
    ("not_found", re.compile(r"\bHTTP 404\b")),
    ("gone", re.compile(r"\bHTTP 410\b")),
    ("server_error", re.compile(r"\bHTTP 5\d\d\b")),
    ("http_error", re.compile(r"\bHTTP \d{3}\b")),
    ("timeout", re.compile(r"timeout|timed out", re.I)),
    ("unreachable", re.compile(r"Connect|Name or service|resolve|refused|unreachable", re.I)),
    ("malformed", re.compile(r"malformed|not a feed|parse", re.I)),
)


@dataclass(frozen=True)
class SourceState:
    """One source's last run as the scrapers recorded it."""

    id: str
    last_fetch: str | None = None  # ISO 8601 UTC, like every time here
    status: str | None = None  # ok, not_modified or error
    error: str | None = None  # the scrapers' English message (never shown to readers)
    last_success: str | None = None
    failures: int = 0  # consecutive failed runs, 0 after a success
    failing_since: str | None = None  # the first failure of the current streak
    error_kind: str | None = None  # one of ERROR_KINDS when status is error
    next_attempt: str | None = None  # when a failing source is polled again (backoff)

    @property
    def failing(self) -> bool:
        """True when the last run of the source failed."""
        return self.status == "error"


def error_kind(error: str | None) -> str:
    """The kind of an error text from a database without the error_kind column."""
    for kind, pattern in _KIND_PATTERNS:
        if error and pattern.search(error):
            return kind
    return "other"


def read_states(state: Path) -> dict[str, SourceState]:
    """Every source's SourceState from state/scrape.sqlite3 (opened read-only) by id."""
    path = state / "scrape.sqlite3"
    if not path.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            have = {row[1] for row in db.execute("PRAGMA table_info(source_status)")}
            wanted = [c if c in have else f"NULL AS {c}" for c in COLUMNS]
            rows = db.execute(f"SELECT {', '.join(wanted)} FROM source_status").fetchall()
    except sqlite3.Error as error:  # a state file from another version must not stop a build
        log.warning("cannot read source status from %s: %s", path, error)
        return {}
    return {row[0]: _state(*row) for row in rows}


def _state(source_id, last_fetch, status, error, success, failures, since, kind, next_attempt):
    failing = status == "error"
    if failures is None:  # no failure memory yet: a failing source has failed once
        failures = 1 if failing else 0
    if failing and kind not in ERROR_KINDS:
        kind = error_kind(error)
    return SourceState(
        id=source_id,
        last_fetch=last_fetch,
        status=status,
        error=error,
        last_success=success,
        failures=int(failures) if failing else 0,
        failing_since=since if failing else None,
        error_kind=kind if failing else None,
        next_attempt=next_attempt,
    )
