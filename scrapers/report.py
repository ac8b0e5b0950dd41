"""The report of a scrape: counts per source, the exit code, and the progress line."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import OTHER
from .sources import load_sources
from .state import State

log = logging.getLogger(__name__)


@dataclass
class Counts:
    """What happened to one source during a run (filled in as the run goes)."""

    requested: int = 0
    not_modified: int = 0
    new: int = 0
    updated: int = 0
    off_topic: int = 0
    duplicate: int = 0
    errors: int = 0  # of the source itself (its feed or page): the source failed this run
    failed: int = 0  # item pages that could not be fetched (remembered, retried with backoff)
    deferred: int = 0  # item pages not requested: their backoff has not passed, or given up
    messages: list[str] = field(default_factory=list)
    editor_modified: list[str] = field(default_factory=list)
    error_kind: str | None = None  # of the first error (scrapers.errors.ERROR_KINDS)
    first_error: str | None = None
    held_until: str | None = None  # not polled: the source's failure backoff lasts until then
    outside: int = 0  # backfill: items left out for their date (--since, --until)
    enriched: list[str] = field(default_factory=list)  # editors' records filled in

    def error(self, message: str, kind: str = OTHER) -> None:
        """Count and log one error of the source."""
        self.errors += 1
        if self.first_error is None:
            self.first_error, self.error_kind = message, kind
        self.messages.append(message)
        log.warning("%s", message)

    def item_failed(self, message: str) -> None:
        """Count and log an item page that could not be fetched."""
        self.failed += 1
        self.messages.append(message)
        log.warning("%s", message)

    def warn(self, message: str) -> None:
        """Note a problem that did not stop the source (a feed read despite bad XML)."""
        self.messages.append(message)
        log.info("%s", message)  # nothing for an operator to do: no warning under cron


@dataclass(frozen=True)
class SourceReport:
    """The outcome of one source: counts, error messages and files editors changed."""

    id: str
    requested: int
    not_modified: int
    new: int
    updated: int
    off_topic: int
    duplicate: int
    errors: int
    failed: int
    deferred: int
    messages: tuple[str, ...]
    editor_modified: tuple[str, ...]
    error_kind: str | None = None
    first_error: str | None = None
    held_until: str | None = None
    enriched: tuple[str, ...] = ()
    outside: int = 0


@dataclass(frozen=True)
class Report:
    """The outcome of a run; exit_code is non-zero only with strict and errors."""

    sources: tuple[SourceReport, ...]
    strict: bool = False
    changes: tuple = ()  # outcomes of the re-checks (scrapers/changes.py Outcome)

    def total(self, name: str) -> int:
        """Sum one count (new, errors, ...) over the sources."""
        return sum(getattr(source, name) for source in self.sources)

    @property
    def exit_code(self) -> int:
        """0 unless strict and some source or item page failed, in this run or before it (a
        failing source resting under its backoff was not polled, and is failing still)."""
        resting = any(source.held_until for source in self.sources)
        failed = self.total("errors") or self.total("failed") or resting
        return 1 if self.strict and failed else 0


def progress_line(total: int, terminal: bool) -> Callable[[Counts], None]:
    """A callback that shows a progress line on stderr (on a terminal) after each source."""
    done: list[Counts] = []
    lock = threading.Lock()

    def show(counts: Counts) -> None:
        with lock:
            done.append(counts)
            new = sum(c.new for c in done)
            errors = sum(c.errors for c in done)
            if terminal:
                end = "\n" if len(done) == total else ""
                sys.stderr.write(
                    f"\rscrape: {len(done)}/{total} sources, {new} new, {errors} errors{end}"
                )
                sys.stderr.flush()

    return show


def make_report(source_id: str, counts: Counts) -> SourceReport:
    """Freeze the counts of a source into its report and log them as one line."""
    values = {f.name: getattr(counts, f.name) for f in fields(Counts)}
    values["messages"] = tuple(counts.messages)
    values["editor_modified"] = tuple(counts.editor_modified)
    values["enriched"] = tuple(counts.enriched)
    report = SourceReport(id=source_id, **values)
    if report.held_until:
        log.info("%s: not polled, failing; next attempt %s", source_id, report.held_until)
        return report
    log.info(
        "%s: requested %s, not modified %s, new %s, updated %s, off topic %s, duplicate %s, "
        "errors %s, failed items %s, held back %s",
        source_id, report.requested, report.not_modified, report.new, report.updated,
        report.off_topic, report.duplicate, report.errors, report.failed, report.deferred,
    )  # fmt: skip
    return report


def sources_table(sources: Path, content: Path, state: Path | None = None) -> list[dict]:
    """Rows for `invoke sources`: the source, its last fetch and status, failures, articles."""
    settings = load_sources(sources)
    store = State(state or content.parent / "state")
    try:
        rows = []
        for source in settings.sources:
            status = store.source(source.id)
            failures = store.item_failures(source.id)
            rows.append(
                {
                    "id": source.id,
                    "name": source.name,
                    "kind": source.kind,
                    "url": source.url,
                    "last_fetch": status.last_fetch if status else None,
                    "last_success": status.last_success if status else None,
                    "status": status.status if status else "never",
                    "error": status.error if status else None,
                    "articles": sum(1 for _ in (content / "articles" / source.id).glob("*/*.md")),
                    "failures": status.failures if status else 0,
                    "failing_since": status.failing_since if status else None,
                    "error_kind": status.error_kind if status else None,
                    "next_attempt": status.next_attempt if status else None,
                    "retrying": [f for f in failures if not f.given_up],
                    "given_up": [f for f in failures if f.given_up],
                }
            )
        return rows
    finally:
        store.close()


def report_lines(report: Report) -> list[str]:
    """What `invoke scrape` prints: a line per source, then its messages indented."""
    lines = []
    for source in report.sources:
        if source.held_until:
            lines.append(f"{source.id}: not polled, failing; next attempt {source.held_until}")
            continue
        items = f", {source.failed} failed items" if source.failed else ""
        items += f", {source.deferred} held back" if source.deferred else ""
        lines.append(
            f"{source.id}: {source.requested} requested, {source.not_modified} not modified, "
            f"{source.new} new, {source.updated} updated, {source.off_topic} off topic, "
            f"{source.duplicate} duplicate, {source.errors} errors{items}"
            + (f", {source.outside} outside the dates" if source.outside else "")
        )
        lines.extend(f"  {message}" for message in (*source.messages, *source.editor_modified))
        lines.extend(f"  enriched: {path}" for path in source.enriched)
    for outcome in report.changes:
        if outcome.status in ("changed", "removed"):
            lines.append(f"{outcome.status} by the source: {outcome.url} {outcome.what}".rstrip())
        elif outcome.status == "error":
            lines.append(f"re-check failed: {outcome.url}: {outcome.error}")
    return lines


def sources_lines(rows: list[dict]) -> list[str]:
    """What `invoke sources` prints: a line per source, then its failures and errors indented."""
    lines = []
    indent = " " * 17
    for row in rows:
        lines.append(
            f"{row['id']:<16} {row['status']:<13} {row['last_fetch'] or 'never':<20} "
            f"{row['articles']:>5} articles  {row['url']}"
        )
        if row["failures"]:
            lines.append(
                f"{indent}failed {row['failures']} time(s) in a row since {row['failing_since']} "
                f"({row['error_kind']}); next attempt {row['next_attempt'] or 'next run'}"
            )
        if row["error"]:
            lines.append(f"{indent}{row['error']}")
        if row["retrying"]:
            lines.append(f"{indent}{len(row['retrying'])} item page(s) failed, to be retried")
        for failure in row["given_up"]:
            lines.append(
                f"{indent}given up after {failure.failures} failures ({failure.error_kind}, "
                f"since {failure.first_failed}): {failure.url}"
            )
    return lines
