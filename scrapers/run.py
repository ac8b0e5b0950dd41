"""Run a scrape: every source, every new item, in the pipeline order; report what happened."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dossier.content import slugify

from . import backoff, retry, wayback
from .dedupe import Index, canonical_url
from .enrich import Enrichment, Stubs, enrich
from .errors import MALFORMED, OTHER, BudgetSpent, FetchError
from .extract import extract, plain_text, safe_markdown
from .feeds import Entry, parse_feed
from .fetch import FetchConfig, Fetcher, Response
from .history import History
from .pages import decode_html, find_feeds, listing_links, read_page, select_main, soup_of
from .recheck import Recheck, first_version, recheck
from .report import Counts, Report, make_report, progress_line, sources_table
from .sanitize import clean, free_slug, has_text, one_line, same_site, sane_date, title_of
from .sources import Source, SourcesFile, load_sources
from .state import DELETED, DUPLICATE, GONE, OFF_TOPIC, WRITTEN, SourceStatus, State
from .store import Article, add_copy, read_article, summarize, write_new
from .topic import Topic
from .warc import Archive

log = logging.getLogger(__name__)
__all__ = ["Report", "scrape", "sources_table"]
LOCAL = ZoneInfo("Europe/Copenhagen")


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
    )


def close_run(run: Run) -> None:
    """Close the connections and databases of a run."""
    run.fetcher.close()
    run.state.close()
    for memory in (run.history, run.archive):
        if memory:
            memory.close()


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
    )


def _scrape_source(run: Run, source: Source, show: Callable[[Counts], None]) -> Counts:
    """One source: list its new items, then fetch, extract, match, dedupe and write each."""
    counts = Counts()
    counts.held_until = retry.held_back(run.state, source.id, run.at, run.retry_all)
    if counts.held_until:  # failing: polled again only when its backoff has passed
        show(counts)
        return counts
    try:
        with run.fetcher.source(source.url):  # its time budget, the addresses it may lead to
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


def scrape_items(run: Run, source: Source, entries: list[Entry], counts: Counts) -> None:
    """Fetch, extract, match, dedupe and write (or enrich) each item, each URL once."""
    unique = {canonical_url(entry.url): entry for entry in reversed(entries)}
    for entry in reversed(unique.values()):  # each URL once, feed order
        _isolated(run, source, entry, counts)


def _isolated(run: Run, source: Source, entry: Entry, counts: Counts) -> None:
    """Scrape one item; whatever goes wrong with it is its own error, not its source's."""
    try:
        _scrape_item(run, source, entry, counts)
    except FetchError:
        raise  # only BudgetSpent leaves _scrape_item: the source is done for this run
    except Exception as error:
        log.exception("%s: %s: unexpected error", source.id, entry.url)
        counts.error(f"{source.id}: {entry.url}: unexpected {type(error).__name__}: {error}")


def _scrape_item(run: Run, source: Source, entry: Entry, counts: Counts) -> None:
    url = canonical_url(entry.url)
    # an editor's record without text is filled in; anything else decided is not fetched again
    stub = run.stubs.match(url) if run.stubs else None
    if stub is None and (run.state.seen(url) or run.index.by_url(url)):
        return
    if stub is None and _outside(run, url, None, counts):  # its date was seen before
        return
    # fetch the article page (from the Wayback Machine when the original is gone)
    fetched = _fetch_page(run, source, entry, url, counts)
    if fetched is None:
        return
    response, snapshot = fetched
    html = decode_html(response.content, response.headers)
    info = read_page(html, response.url)
    # a canonical link elsewhere than the source's own site is a claim, not a fact
    trusted = info.canonical and same_site(info.canonical, source.url, source.hosts)
    original = canonical_url(info.canonical if trusted else response.url)
    urls = list(dict.fromkeys([original, url, canonical_url(response.url)]))
    if stub is not None and not _same_article(run, stub, [original, canonical_url(response.url)]):
        # a dead article that redirects to a front page must not fill in the editor's record
        counts.error(f"{source.id}: {url} led to {response.url}, not the article of {stub.name}")
        return
    stub = stub or (run.stubs.match(original) if run.stubs else None)
    # the canonical URL may be known: an article an editor deleted, or off topic
    decided = None if stub else run.state.seen(original)
    if decided and decided.status in (DELETED, OFF_TOPIC):
        counts.off_topic += decided.status == OFF_TOPIC
        for item in urls:
            run.state.mark(item, decided.status, source.id, decided.path, run.now)
        return
    # the canonical URL may already be stored (tracking variant, syndicated copy)
    with run.lock:
        known = None if stub else run.index.by_url(original)
        if known:  # the same URL, not the same text: only URLs of the stored article's site
            stored = read_article(known)[0].original or original
            for item in urls:
                if not same_site(item, stored, source.hosts) and not run.state.seen(item):
                    run.state.mark(item, DUPLICATE, source.id, None, run.now)  # not fetched again
            urls = [item for item in urls if same_site(item, stored, source.hosts)]
            return _merge(run, source, known, urls or [original], counts)
    # extract the main text (the source's selector first)
    main = select_main(html, source.selector) if source.selector else None
    extracted = extract(main or html, response.url)
    text = clean(extracted.text or _feed_text(entry.html), keep_newlines=True)
    if not has_text(text):  # e.g. HTML nested deeper than the parser goes
        counts.item_failed(f"{source.id}: {url}: no text could be extracted from the page")
        return
    title = title_of([entry.title, extracted.title, info.title], text, url)
    candidates = [info.published, entry.published, extracted.published]
    published = next((moment for moment in candidates if moment), None)
    date = sane_date(candidates, _local(datetime.now(UTC)), url)  # 1990 to tomorrow
    dated = date if published else None
    page_title = extracted.title or info.title or title  # what a re-check compares with
    if stub is None and dated and _outside(run, url, dated, counts):
        return
    # an editor's record is filled in, never duplicated (it is on topic by the editor's choice)
    if stub is not None:
        body = extracted.markdown if extracted.text else safe_markdown(text)
        authors = entry.authors or info.authors or extracted.authors
        found = Enrichment(body, authors, dated, run.now,
                           run.now if run.archive else "", snapshot)  # fmt: skip
        with run.lock:
            added = enrich(stub, found)
            if run.stubs:
                run.stubs.done(stub)
            for item in urls:
                run.index.add_url(stub, item)
        relative = str(stub.relative_to(run.articles))
        if added:
            counts.enriched.append(relative)
        for item in urls:
            run.state.mark(item, WRITTEN, source.id, relative, run.now)
        if not snapshot:
            _remember(run, original, relative, page_title, extracted.text, response, dated)
        return
    # match the topic on title and main text only
    if not run.topic.matches(title, text):
        counts.off_topic += 1
        for item in urls:
            run.state.mark(item, OFF_TOPIC, source.id, None, run.now)
        return
    # near-duplicate text of a stored article, then write
    with run.lock:
        known = run.index.similar(text)
        if known:
            return _merge(run, source, known, urls, counts)
        authors = entry.authors or info.authors or extracted.authors
        year = str(date.year)
        if year not in run.slugs:  # every source's slugs: check wants them unique per year
            run.slugs[year] = {p.stem for p in run.articles.glob(f"*/{year}/*.md")}
        slug = free_slug(slugify(title), source.id, run.slugs[year])
        run.slugs[year].add(slug)
        article = Article(
            title=title,
            date=date,
            source=source.id,
            source_name=source.name,
            original=original,
            body=extracted.markdown if extracted.text else safe_markdown(text),
            publish=source.publish,
            copies=tuple(urls[1:]),
            authors=tuple(filter(None, map(one_line, authors))),
            scraped=run.now,
            summary=summarize(text),
            captured=run.now if run.archive else "",
            archived=snapshot,
        )
        path = write_new(run.articles, article, slug)
        run.index.add(path, urls, text)
    counts.new += 1
    for item in urls:
        run.state.mark(item, WRITTEN, source.id, str(path.relative_to(run.articles)), run.now)
    if not snapshot:  # a page already gone when it was collected has nothing left to re-check
        _remember(run, original, str(path.relative_to(run.articles)), page_title, text, response,
                  dated)  # fmt: skip


def _outside(run: Run, url: str, published: datetime | None, counts: Counts) -> bool:
    """True for an item dated outside a backfill's --since/--until (remembered, not written)."""
    since, until = run.window
    if not (since or until) or run.history is None:
        return False
    if published is None:  # before fetching: a date an earlier backfill saw
        known = run.history.dated(url)
        if known is None:
            return False
        published = datetime.fromisoformat(known)
    if not ((since and published < since) or (until and published > until)):
        return False
    run.history.note_dated(url, published.isoformat())
    counts.outside += 1
    return True


def _same_article(run: Run, stub: Path, urls: list[str]) -> bool:
    """True when the page fetched for a stub is still that article (by URL or article id)."""
    return any(run.stubs.match(url) == stub for url in urls) if run.stubs else False


def _fetch_page(
    run: Run, source: Source, entry: Entry, url: str, counts: Counts
) -> tuple[Response, str] | None:
    """The page and "", or a Wayback snapshot of a dead original and the snapshot's address."""
    if not run.wayback:  # a scrape: a failed page is remembered and retried with backoff
        response = retry.fetch_item(
            run.fetcher, run.state, source.id, entry, url, run.at, run.retry_all, counts
        )
        return None if response is None else (response, "")
    before = run.fetcher.requests
    try:
        return wayback.fetch_or_recover(run.fetcher, run.wayback, url)  # no tracking parameters
    except BudgetSpent:
        raise  # the source is done for this run
    except FetchError as error:
        if run.wayback and error.status in (404, 410):  # a backfill does not ask again
            run.state.mark(url, GONE, source.id, None, run.now)
        counts.item_failed(f"{source.id}: {error}")  # an item's failure is not the source's
        return None
    finally:  # a backfill counts the Wayback look-ups too (its requests run one at a time)
        counts.requested += run.fetcher.requests - before if run.wayback else 1


def _remember(run: Run, url: str, path: str, title: str, text: str, response: Response,
              published: datetime | None) -> None:  # fmt: skip
    """Keep the version just written, for the change tracking of later runs."""
    if run.history and text:
        moment = _local(published) if published else datetime.now()
        version = first_version(url, path, title, text, response.headers, moment, run.now)
        run.history.remember(version)


def _merge(run: Run, source: Source, path: Path, urls: list[str], counts: Counts) -> None:
    """Record the URLs of a duplicate in the stored article (if unmodified) and in state."""
    counts.duplicate += 1
    stored, _ = read_article(path)
    added = False
    for url in urls:
        if url == stored.original or url in stored.copies:
            continue
        if add_copy(path, url):
            added = True
        elif str(path) not in counts.editor_modified:
            counts.editor_modified.append(str(path))
            log.warning("%s: changed by an editor, copy %s kept in state only", path, url)
        run.index.add_url(path, url)
    counts.updated += added
    for url in urls:
        if run.state.seen(url) is None:  # the stored article's own URLs keep their status
            run.state.mark(url, DUPLICATE, source.id, str(path.relative_to(run.articles)), run.now)


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


def _index_stored(articles: Path, index: Index) -> None:
    """Index the stored articles by URL and text (on first use of the index)."""
    for path in sorted(articles.glob("*/*/*.md")):
        try:
            article, _ = read_article(path)
        except (OSError, UnicodeDecodeError) as error:
            log.warning("%s: cannot read: %s", path, error)
            continue
        index.add(path, [article.original, *article.copies], plain_text(article.body))


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


def _local(moment: datetime) -> datetime:
    """Danish local time of an aware datetime (naive datetimes are taken as local already)."""
    return moment.astimezone(LOCAL).replace(tzinfo=None) if moment.tzinfo else moment


def _feed_text(html: str) -> str:
    return " ".join(soup_of(html).get_text(" ").split()) if html else ""
