"""Run a scrape: every source, every new item, in the pipeline order; report what happened."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from . import backoff, retry
from .errors import MALFORMED, OTHER, FetchError
from .feeds import Entry, parse_feed
from .fetch import FetchConfig
from .items import scrape_items
from .pages import decode_html, find_feeds, listing_links, soup_of
from .recheck import Recheck, recheck
from .report import Counts, Report, make_report, progress_line, sources_table
from .session import Run, close_run, open_run
from .sources import Source, SourcesFile, load_sources
from .state import DELETED, SourceStatus

log = logging.getLogger(__name__)
__all__ = ["Report", "scrape", "sources_table"]


def scrape(
    sources: Path,
    content: Path,
    state: Path | None = None,
    strict: bool = False,
    progress: bool | None = None,
    config: FetchConfig | None = None,
    retry_all: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> Report:
    """Collect new articles about the topic from every source into content/articles/."""
    settings = load_sources(sources)  # raises SourcesError naming file and line
    moment = clock() if clock else datetime.now(UTC)  # tests move the clock past a backoff
    run = open_run(settings, content, state, config, moment, retry_all)
    try:
        _note_deleted(run)  # files editors deleted are never scraped again
        terminal = sys.stderr.isatty() if progress is None else progress
        active = tuple(s for s in settings.sources if not s.retired)  # retired: known, not scraped
        show = progress_line(len(active), terminal)
        counts = _by_host(active, lambda s: _scrape_source(run, s, show))
        # re-check young articles for changes and removals at their source
        outcomes = recheck(_recheck_settings(run, settings))
    finally:
        close_run(run)
    reports = tuple(make_report(source.id, counts[source.id]) for source in active)
    return Report(reports, strict, changes=tuple(outcomes))


def _recheck_settings(run: Run, settings: SourcesFile) -> Recheck:
    assert run.history is not None
    return Recheck(
        fetcher=run.fetcher,
        history=run.history,
        articles=run.articles,
        now=run.at,
        days=settings.recheck_days,
        budget=settings.recheck_budget,
        hours=settings.recheck_hours,
        wayback=settings.wayback,
        selectors={source.id: source.selector for source in settings.sources},
        homes={source.id: source.url for source in settings.sources},
        limits=settings.limits,
    )


def _scrape_source(run: Run, source: Source, show: Callable[[Counts], None]) -> Counts:
    """One source: list its new items, then fetch, extract, match, dedupe and write each."""
    counts = Counts()
    counts.held_until = retry.held_back(run.state, source.id, run.at, run.retry_all)
    if counts.held_until:  # failing: polled again only when its backoff has passed
        show(counts)
        return counts
    try:
        # its time budget (its re-checks later spend what is left), the addresses it may lead to
        with run.fetcher.source(source.url, source.id):
            entries, commit = _list_items(run, source, counts)
            entries += retry.due_entries(run.state, source.id, entries, run.at, run.retry_all)
            scrape_items(run, source, entries, counts)
        if commit and not counts.errors:
            commit()  # remember validators only when every item was handled
    except FetchError as error:
        counts.error(f"{source.id}: {error}", error.kind)
    except Exception as error:  # one broken source never stops a run
        log.exception("%s: unexpected error", source.id)
        counts.error(f"{source.id}: unexpected {type(error).__name__}: {error}", OTHER)
    _save_status(run, source, counts)
    show(counts)
    return counts


def _list_items(run: Run, source: Source, counts: Counts) -> tuple[list[Entry], Callable | None]:
    """The source's newest items; and a function that saves its validators once handled."""
    url, remembered = source.url, None
    if source.kind == "site":
        status = run.state.source(source.id)
        remembered = status.feed_url if status else None
        url = remembered or _discover(run, source, counts)
    etag, modified = run.state.validators(url)
    counts.requested += 1
    try:
        response = run.fetcher.get(url, etag, modified)
    except FetchError:
        if not remembered:
            raise
        url = _discover(run, source, counts)  # the site may have moved its feed
        counts.requested += 1
        response = run.fetcher.get(url, *run.state.validators(url))
    if response.not_modified:
        counts.not_modified += 1
        return [], None

    def commit() -> None:
        run.state.save_validators(
            url, response.headers.get("etag"), response.headers.get("last-modified")
        )
        if source.kind == "site":
            _save_status(run, source, counts, feed_url=url)

    if source.kind == "page":
        html = decode_html(response.content, response.headers)
        links = listing_links(html, response.url, source.max_items)
        return [Entry(link, "", None, (), "") for link in links], commit
    feed = parse_feed(response.content, response.headers, response.url, source.max_items)
    if feed.error:
        counts.error(f"{source.id}: malformed feed {url}: {feed.error}", MALFORMED)
    for warning in feed.warnings:  # read anyway: the source is fine, its validators are saved
        counts.warn(f"{source.id}: feed {url}: {warning}")
    return list(feed.entries), commit


def _discover(run: Run, source: Source, counts: Counts) -> str:
    counts.requested += 1
    response = run.fetcher.get(source.url)
    feeds = find_feeds(soup_of(decode_html(response.content, response.headers)), response.url)
    if not feeds:
        raise FetchError(source.url, "no feed announced on the site", kind=MALFORMED)
    return feeds[0]


def _note_deleted(run: Run) -> None:
    for seen in run.state.written():
        if seen.path and not (run.articles / seen.path).exists():
            run.state.mark(seen.url, DELETED, seen.source, seen.path, run.now)


def _save_status(run: Run, source: Source, counts: Counts, feed_url: str | None = None) -> None:
    previous = run.state.source(source.id)
    feed_url = feed_url or (previous.feed_url if previous else None)
    status = "error" if counts.errors else "not_modified" if counts.not_modified else "ok"
    error = counts.first_error
    articles = sum(1 for _ in (run.articles / source.id).glob("*/*.md"))
    success = run.now if status != "error" else (previous.last_success if previous else None)
    streak = backoff.source_streak(previous, bool(counts.errors), counts.error_kind, run.at)
    record = SourceStatus(source.id, run.now, status, error, articles, feed_url, success, *streak)
    run.state.save_source(record)


def _by_host(sources: tuple[Source, ...], work: Callable[[Source], Counts]) -> dict[str, Counts]:
    """Run work for every source: one thread per host, the sources of a host one by one."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(urlsplit(source.url).netloc.lower(), []).append(source)

    def run_group(group: list[Source]) -> dict[str, Counts]:
        return {source.id: work(source) for source in group}

    results: dict[str, Counts] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(groups)))) as pool:
        for result in pool.map(run_group, groups.values()):
            results.update(result)
    return results
