"""The failure memory at work in a run: skip a resting source, retry or hold back failed items."""

from __future__ import annotations

from datetime import datetime

from . import backoff
from .dedupe import canonical_url
from .entries import Entry
from .errors import OTHER, BudgetSpent, FetchError
from .fetch import Fetcher, Response
from .report import Counts
from .state import ItemFailure, State


def held_back(state: State, source_id: str, at: datetime, force: bool) -> str | None:
    """The next attempt of a failing source whose backoff has not passed; None: poll it now."""
    status = state.source(source_id)
    if force or status is None or backoff.due(status.next_attempt, at):
        return None
    return status.next_attempt


def due_entries(
    state: State, source_id: str, listed: list[Entry], at: datetime, force: bool
) -> list[Entry]:
    """Entries of the source's failed items to fetch again now (the feed may not list them)."""
    known = {canonical_url(entry.url) for entry in listed}
    return [
        backoff.retry_entry(failure)
        for failure in state.item_failures(source_id)
        if failure.url not in known and (force or backoff.item_due(failure, at))
    ]


def fetch_item(
    fetcher: Fetcher,
    state: State,
    source_id: str,
    entry: Entry,
    url: str,
    at: datetime,
    force: bool,
    counts: Counts,
) -> Response | None:
    """GET an item page unless an earlier failure holds it back; remember or forget failures."""
    failure = state.item_failure(url)
    if failure and not force and not backoff.item_due(failure, at):
        counts.deferred += 1
        return None
    counts.requested += 1
    try:
        response = fetcher.get(url)
    except BudgetSpent:
        raise  # the source's time is up: not this item's failure
    except FetchError as error:
        record = backoff.item_failed(failure, entry, url, source_id, str(error), error.kind, at)
        state.save_item_failure(record)
        later = "given up" if record.given_up else f"next attempt {record.next_attempt}"
        counts.item_failed(f"{source_id}: {error} ({later})")
        return None
    if failure:
        state.clear_item_failure(url)
    return response


def item_error(
    state: State,
    source_id: str,
    entry: Entry,
    url: str,
    previous: ItemFailure | None,
    reason: str,
    at: datetime,
    counts: Counts,
) -> None:
    """Remember an item that failed after its fetch (no text, a bug): retried with backoff."""
    record = backoff.item_failed(previous, entry, url, source_id, reason, OTHER, at)
    state.save_item_failure(record)
    later = "given up" if record.given_up else f"next attempt {record.next_attempt}"
    counts.item_failed(f"{source_id}: {reason} ({later})")
