"""When to try a failing source or item URL again: pure schedules over consecutive failures.

An item URL that failed (404, 410, no connection, ...) is retried after 1 hour, 6 hours, 1 day and
1 week, then given up (`invoke sources` lists it). A source that keeps failing is polled by the
next run after its first failure, then after 1, 2, 4, ... hours, at most once a day, like
Miniflux's error counter; it is never given up (retire it in sources.toml instead).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .entries import Entry
from .state import ItemFailure, SourceStatus

ITEM_DELAYS = (timedelta(hours=1), timedelta(hours=6), timedelta(days=1), timedelta(weeks=1))
SOURCE_MAX_DELAY = timedelta(days=1)
# cron runs at fixed times (and systemd's timer adds up to 5 minutes of jitter): a run that comes
# a few minutes before the next attempt counts as due, or an hourly retry would wait two hours
GRACE = timedelta(minutes=10)


def iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 UTC, to the second: 2024-10-01T08:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 time from the state database as an aware datetime (None if absent or bad)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def due(next_attempt: str | None, at: datetime) -> bool:
    """True when there is no next attempt recorded or its time has come (within GRACE)."""
    moment = parse_iso(next_attempt)
    return moment is None or moment <= at + GRACE


def item_due(failure: ItemFailure, at: datetime) -> bool:
    """True when a failed item URL may be requested again (never once given up)."""
    return not failure.given_up and due(failure.next_attempt, at)


def item_failed(
    previous: ItemFailure | None,
    entry: Entry,
    url: str,
    source: str,
    error: str,
    kind: str,
    at: datetime,
) -> ItemFailure:
    """The record after one more failure of an item URL: the next attempt, or given up."""
    failures = (previous.failures if previous else 0) + 1
    given_up = failures > len(ITEM_DELAYS)
    return ItemFailure(
        url=url,
        source=source,
        failures=failures,
        last_error=error,
        error_kind=kind,
        next_attempt=None if given_up else iso(at + ITEM_DELAYS[failures - 1]),
        given_up=given_up,
        first_failed=previous.first_failed if previous and previous.first_failed else iso(at),
        last_attempt=iso(at),
        title=entry.title or (previous.title if previous else ""),
        published=iso(entry.published) if entry.published else None,
        authors=entry.authors,
    )


def retry_entry(failure: ItemFailure) -> Entry:
    """The feed entry of a failed item, rebuilt from its record, to fetch it again."""
    return Entry(failure.url, failure.title, parse_iso(failure.published), failure.authors, "")


def source_delay(failures: int) -> timedelta | None:
    """How long a source rests after this many consecutive failures (None: the next run)."""
    if failures <= 1:
        return None
    return min(timedelta(hours=2 ** (failures - 2)), SOURCE_MAX_DELAY)


def source_streak(
    previous: SourceStatus | None, failed: bool, kind: str | None, at: datetime
) -> tuple[int, str | None, str | None, str | None]:
    """(failures, failing_since, error_kind, next_attempt) of a source after this poll."""
    if not failed:
        return 0, None, None, None
    failures = (previous.failures if previous else 0) + 1
    since = previous.failing_since if previous and previous.failures else None
    delay = source_delay(failures)
    return failures, since or iso(at), kind, iso(at + delay) if delay else None
