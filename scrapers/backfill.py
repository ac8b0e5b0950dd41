"""Backfill: collect a source's older articles from its archive pages, sitemaps and URL lists.

The order is written once, in backfill(); each stage is a call into its own module (listings.py,
sitemaps.py, wayback.py) and every item goes through run.py's pipeline: the one network boundary,
the topic filter, dedup, the editor-safe writer, and the filling-in of the editors' records.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from dossier.content import split_file

from . import wayback
from .errors import FetchError, SourcesError
from .feeds import Entry
from .fetch import FetchConfig, Response
from .items import scrape_items
from .listings import read_listing
from .pages import decode_html
from .report import Counts, Report, make_report, progress_line
from .session import Run, close_run, open_run
from .sitemaps import in_range, parse_sitemap
from .sources import Source, load_sources

log = logging.getLogger(__name__)
MAX_SITEMAPS = 1000  # child sitemaps followed from one index, at most


@dataclass(frozen=True)
class Window:
    """The part of a history wanted: since and until (inclusive days), pages per listing."""

    since: datetime | None = None
    until: datetime | None = None
    max_pages: int = 50


def backfill(
    sources: Path,
    content: Path,
    state: Path | None = None,
    source_id: str | None = None,
    window: Window | None = None,
    urls_file: Path | None = None,
    progress: bool | None = None,
    config: FetchConfig | None = None,
) -> Report:
    """Collect older articles for each source (or one) and fill in the editors' records."""
    settings = load_sources(sources)  # raises SourcesError naming file and line
    chosen = [source for source in settings.sources if source_id in (None, source.id)]
    if not chosen:
        raise SourcesError(sources, 0, f"no source with id {source_id!r}")
    extra = read_urls(urls_file) if urls_file else []
    window = window or Window()
    run = open_run(settings, content, state, config)
    run.wayback = settings.wayback  # dead originals come from their snapshots
    run.window = (window.since, window.until)  # items dated outside are left out
    try:
        terminal = sys.stderr.isatty() if progress is None else progress
        show = progress_line(len(chosen), terminal)
        stubs = _stubs_by_source(run)
        counts = {}
        for source in chosen:
            mine = [url for url in extra if _belongs(url, source, chosen)]
            counts[source.id] = _backfill_source(run, source, window, mine, stubs, show)
        for url in extra:  # a line of --urls that no source's host matches is reported
            if not any(_belongs(url, source, chosen) for source in chosen):
                counts[chosen[0].id].error(f"{urls_file}: no source on the host of {url}")
    finally:
        close_run(run)
    return Report(tuple(make_report(source.id, counts[source.id]) for source in chosen))


def _backfill_source(
    run: Run,
    source: Source,
    window: Window,
    urls: list[str],
    stubs: dict[str, list[str]],
    show: Callable[[Counts], None],
) -> Counts:
    """One source's history, stage by stage; one broken source never stops a run."""
    counts = Counts()
    try:
        with run.fetcher.source(source.url):  # its time budget, the addresses it may lead to
            # archive, tag and search pages, followed through their pagination
            for url in source.archive:
                _crawl_listing(run, source, url, window.max_pages, counts)
            # sitemaps, sitemap indexes, gzipped and news sitemaps, within since..until
            for url in source.sitemap:
                _walk_sitemap(run, source, url, window, counts, depth=0)
            # single articles: the source's list, then --urls
            scrape_items(run, source, [_entry(url) for url in (*source.urls, *urls)], counts)
            # the editors' records of this source that have no text yet
            stubs_here = [_entry(url) for url in stubs.get(source.id, [])]
            scrape_items(run, source, stubs_here, counts)
    except Exception as error:  # one broken source never stops a run
        log.exception("%s: unexpected error", source.id)
        counts.error(f"{source.id}: unexpected {type(error).__name__}: {error}")
    show(counts)
    return counts


def _crawl_listing(run: Run, source: Source, start: str, max_pages: int, counts: Counts) -> None:
    """Follow a listing through its pages until no next page, a page brings nothing new, or max."""
    assert run.history is not None
    url: str | None = start
    seen: set[str] = set()
    visited: set[str] = set()
    while url and url not in visited and len(visited) < max_pages:
        visited.add(url)
        done, following = run.history.listing(url)
        if done:  # taken by an earlier backfill: no request
            url = following
            continue
        response = _get(run, source, url, counts, archived=source.wayback)
        if response is None:
            return
        listing = read_listing(decode_html(response.content, response.headers), response.url)
        new = [link for link in listing.links if link not in seen]
        seen.update(new)
        errors = counts.errors
        log.info("%s: listing %s: %s links", source.id, url, len(new))
        scrape_items(run, source, [_entry(link) for link in new], counts)
        if counts.errors == errors:  # a killed or failed page is taken again next time
            run.history.mark_listing(url, run.now, listing.next)
        if not new:
            return
        url = listing.next


def _walk_sitemap(
    run: Run, source: Source, url: str, window: Window, counts: Counts, depth: int
) -> None:
    """A sitemap's pages within the window, or an index's children (two levels at most)."""
    assert run.history is not None
    if run.history.listing(url)[0] or depth > 2:
        return
    response = _get(run, source, url, counts, archived=False)
    if response is None:
        return
    sitemap = parse_sitemap(response.content, run.fetcher.config.max_bytes * 10)
    if sitemap.error:
        counts.error(f"{source.id}: malformed sitemap {url}: {sitemap.error}")
        return
    errors = counts.errors
    for child in sitemap.children[:MAX_SITEMAPS]:
        _walk_sitemap(run, source, child, window, counts, depth + 1)
    pages = [page.url for page in sitemap.pages if in_range(page.date, window.since, window.until)]
    scrape_items(run, source, [_entry(page) for page in pages], counts)
    if counts.errors == errors:
        run.history.mark_listing(url, run.now)


def _get(run: Run, source: Source, url: str, counts: Counts, archived: bool) -> Response | None:
    """A listing page or sitemap (from its Wayback snapshot when the source asks for that)."""
    if archived and run.wayback:
        before = run.fetcher.requests
        recovered = wayback.recover(run.fetcher, run.wayback, url)
        counts.requested += run.fetcher.requests - before
        if recovered is None:
            counts.error(f"{source.id}: {url}: no Wayback snapshot")
        return recovered[0] if recovered else None
    try:
        counts.requested += 1
        return run.fetcher.get(url)
    except FetchError as error:
        counts.error(f"{source.id}: {error}")
        return None


def read_urls(path: Path) -> list[str]:
    """The URLs of a --urls file: one a line; blank lines and # comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(path, 0, f"cannot read the URL list: {error}") from error
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if urlsplit(line).scheme not in ("http", "https") or " " in line:
            raise SourcesError(path, number, f"not an http(s) URL: {line!r}")
        urls.append(line)
    return urls


def end_of_day(day: datetime) -> datetime:
    """The last moment of a day, so that --until includes the whole day."""
    return day.replace(hour=0, minute=0, second=0) + timedelta(days=1, microseconds=-1)


def _stubs_by_source(run: Run) -> dict[str, list[str]]:
    """The Original of each editor's record without text, by the record's Source."""
    found: dict[str, list[str]] = {}
    for path in run.stubs.paths() if run.stubs else []:
        values = {f.key: f.value for f in split_file(path.read_text(encoding="utf-8"))[0]}
        found.setdefault(values.get("source", ""), []).append(values["original"])
    return found


def _belongs(url: str, source: Source, sources: list[Source]) -> bool:
    """A --urls line belongs to the first source on its host (www. or not)."""

    def host(value: str) -> str:
        return (urlsplit(value).hostname or "").removeprefix("www.")

    for candidate in sources:
        addresses = (candidate.url, *candidate.archive, *candidate.sitemap, *candidate.urls)
        if host(url) in {host(address) for address in addresses}:
            return candidate is source
    return False


def _entry(url: str) -> Entry:
    return Entry(url, "", None, (), "")
