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

from .dedupe import Index, canonical_url
from .errors import BudgetSpent, FetchError
from .extract import extract, plain_text, safe_markdown
from .feeds import Entry, parse_feed
from .fetch import FetchConfig, Fetcher
from .pages import decode_html, find_feeds, listing_links, read_page, select_main, soup_of
from .report import Counts, Report, make_report, progress_line, sources_table
from .sanitize import clean, free_slug, has_text, one_line, same_site, sane_date, title_of
from .sources import Source, load_sources
from .state import DELETED, DUPLICATE, OFF_TOPIC, WRITTEN, SourceStatus, State
from .store import Article, add_copy, read_article, summarize, write_new
from .topic import Topic

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
    slugs: dict[str, set[str]] = field(default_factory=dict)  # year -> slugs of all sources


def scrape(
    sources: Path,
    content: Path,
    state: Path | None = None,
    strict: bool = False,
    progress: bool | None = None,
    config: FetchConfig | None = None,
) -> Report:
    """Collect new articles about the topic from every source into content/articles/."""
    settings = load_sources(sources)  # raises SourcesError naming file and line
    config = config or FetchConfig(**settings.fetch)
    memory = State(state or content.parent / "state")
    run = Run(
        articles=content / "articles",
        state=memory,
        fetcher=Fetcher(config, cache=memory),
        topic=Topic(settings.query),
        index=Index(load=lambda index: _index_stored(content / "articles", index)),
        now=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    try:
        _note_deleted(run)  # files editors deleted are never scraped again
        terminal = sys.stderr.isatty() if progress is None else progress
        show = progress_line(len(settings.sources), terminal)
        counts = _by_host(settings.sources, lambda s: _scrape_source(run, s, show))
    finally:
        run.fetcher.close()
        run.state.close()
    reports = tuple(make_report(source.id, counts[source.id]) for source in settings.sources)
    return Report(reports, strict)


def _scrape_source(run: Run, source: Source, show: Callable[[Counts], None]) -> Counts:
    """One source: list its new items, then fetch, extract, match, dedupe and write each."""
    counts = Counts()
    try:
        with run.fetcher.source(source.url):  # its time budget, the addresses it may lead to
            entries, commit = _list_items(run, source, counts)
            unique = {canonical_url(entry.url): entry for entry in reversed(entries)}
            for entry in reversed(unique.values()):  # each URL once, feed order
                _isolated(run, source, entry, counts)
        if commit and not counts.errors:
            commit()  # remember validators only when every item was handled
    except FetchError as error:
        counts.error(f"{source.id}: {error}")
    except Exception as error:  # one broken source never stops a run
        log.exception("%s: unexpected error", source.id)
        counts.error(f"{source.id}: unexpected {type(error).__name__}: {error}")
    _save_status(run, source, counts)
    show(counts)
    return counts


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
    # an item already decided (written, off topic, duplicate, deleted) is not fetched again
    if run.state.seen(url) or run.index.by_url(url):
        return
    # fetch the article page
    try:
        counts.requested += 1
        response = run.fetcher.get(url)  # without tracking parameters
    except BudgetSpent:
        raise
    except FetchError as error:
        counts.error(f"{source.id}: {error}")
        return
    html = decode_html(response.content, response.headers)
    info = read_page(html, response.url)
    # a canonical link elsewhere than the source's own site is a claim, not a fact
    trusted = info.canonical and same_site(info.canonical, source.url, source.hosts)
    original = canonical_url(info.canonical if trusted else response.url)
    urls = list(dict.fromkeys([original, url, canonical_url(response.url)]))
    # the canonical URL may be known: an article an editor deleted, or off topic
    decided = run.state.seen(original)
    if decided and decided.status in (DELETED, OFF_TOPIC):
        counts.off_topic += decided.status == OFF_TOPIC
        for item in urls:
            run.state.mark(item, decided.status, source.id, decided.path, run.now)
        return
    # the canonical URL may already be stored (tracking variant, syndicated copy)
    with run.lock:
        known = run.index.by_url(original)
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
        counts.error(f"{source.id}: {url}: no text could be extracted from the page")
        return
    title = title_of([entry.title, extracted.title, info.title], text, url)
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
        candidates = [info.published, entry.published, extracted.published]
        date = sane_date(candidates, _local(datetime.now(UTC)), url)
        year = str(date.year)
        if year not in run.slugs:  # every source's slugs: check wants them unique per year
            run.slugs[year] = {p.stem for p in run.articles.glob(f"*/{year}/*.md")}
        slug = free_slug(slugify(title), source.id, run.slugs[year])
        run.slugs[year].add(slug)
        article = Article(
            title=title,
            date=date,
            source=source.id,
            original=original,
            body=extracted.markdown if extracted.text else safe_markdown(text),
            publish=source.publish,
            copies=tuple(urls[1:]),
            authors=tuple(filter(None, map(one_line, authors))),
            scraped=run.now,
            summary=summarize(text),
        )
        path = write_new(run.articles, article, slug)
        run.index.add(path, urls, text)
    counts.new += 1
    for item in urls:
        run.state.mark(item, WRITTEN, source.id, str(path.relative_to(run.articles)), run.now)


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
        counts.error(f"{source.id}: malformed feed {url}: {feed.error}")
    return list(feed.entries), commit


def _discover(run: Run, source: Source, counts: Counts) -> str:
    counts.requested += 1
    response = run.fetcher.get(source.url)
    feeds = find_feeds(soup_of(decode_html(response.content, response.headers)), response.url)
    if not feeds:
        raise FetchError(source.url, "no feed announced on the site")
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
    error = counts.messages[0] if counts.messages else None
    articles = sum(1 for _ in (run.articles / source.id).glob("*/*.md"))
    success = run.now if status != "error" else (previous.last_success if previous else None)
    record = SourceStatus(source.id, run.now, status, error, articles, feed_url, success)
    run.state.save_source(record)


def _by_host(sources: tuple[Source, ...], work: Callable[[Source], Counts]) -> dict[str, Counts]:
    """Run work for every source: one thread per host, the sources of a host one by one."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(urlsplit(source.url).netloc.lower(), []).append(source)

    def run_group(group: list[Source]) -> dict[str, Counts]:
        return {source.id: work(source) for source in group}

    results: dict[str, Counts] = {}
    with ThreadPoolExecutor(max_workers=min(8, len(groups))) as pool:
        for result in pool.map(run_group, groups.values()):
            results.update(result)
    return results


def _local(moment: datetime) -> datetime:
    """Danish local time of an aware datetime (naive datetimes are taken as local already)."""
    return moment.astimezone(LOCAL).replace(tzinfo=None) if moment.tzinfo else moment


def _feed_text(html: str) -> str:
    return " ".join(soup_of(html).get_text(" ").split()) if html else ""
