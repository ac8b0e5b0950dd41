"""One item of a source: fetch its page, extract, match the topic, dedupe, write or enrich.

scrape_items() is the stage both a scrape (run.py) and a backfill (backfill.py) call; each item is
isolated, so whatever goes wrong with one is that item's error, never its source's.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from dossier.content import slugify

from . import retry, wayback
from .dedupe import canonical_url
from .enrich import Enrichment, enrich
from .errors import BudgetSpent, FetchError
from .extract import Extracted, extract
from .feeds import Entry
from .fetch import Response
from .pages import decode_html, read_page, select_main, soup_of
from .recheck import first_version
from .report import Counts
from .sanitize import (
    clean,
    fit_authors,
    fit_body,
    fit_text,
    free_slug,
    has_text,
    local_time,
    same_site,
    sane_date,
    title_of,
)
from .session import Run
from .sources import Source
from .state import DELETED, DUPLICATE, GONE, OFF_TOPIC, WRITTEN
from .store import Article, add_copy, escape_markdown, read_article, summarize, write_new

log = logging.getLogger(__name__)


def scrape_items(run: Run, source: Source, entries: list[Entry], counts: Counts) -> None:
    """Fetch, extract, match, dedupe and write (or enrich) each item, each URL once."""
    unique = {canonical_url(entry.url): entry for entry in reversed(entries)}
    for entry in reversed(unique.values()):  # each URL once, feed order
        _isolated(run, source, entry, counts)


def _isolated(run: Run, source: Source, entry: Entry, counts: Counts) -> None:
    """Scrape one item; whatever goes wrong with it is its own failure, not its source's."""
    url = _item_url(entry.url)
    previous = run.state.item_failure(url)  # a fetch that succeeds forgets it; a bug counts on
    try:
        _scrape_item(run, source, entry, counts)
    except FetchError:
        raise  # only BudgetSpent leaves _scrape_item: the source is done for this run
    except Exception as error:
        # a bug met by one item: remembered and backed off like a dead link, so it is not
        # retried every run and the source's other items and feed validators carry on
        log.exception("%s: %s: unexpected error", source.id, entry.url)
        reason = f"{url}: unexpected {type(error).__name__}: {error}"
        retry.item_error(run.state, source.id, entry, url, previous, reason, run.at, counts)


def _item_url(url: str) -> str:
    """The item's canonical URL, or the URL as the feed gave it if even that fails."""
    try:
        return canonical_url(url)
    except ValueError:
        return url


def _scrape_item(run: Run, source: Source, entry: Entry, counts: Counts) -> None:
    url = canonical_url(entry.url)
    # an editor's record without text is filled in; anything else decided is not fetched again
    stub = run.stubs.match(url) if run.stubs else None
    if stub is None and (run.state.seen(url) or run.index.by_url(url)):
        return
    if stub is None and _outside(run, url, None, counts):  # its date was seen before
        return
    # fetch the article page (from the Wayback Machine when the original is gone)
    failed_before = run.state.item_failure(url)  # a page that had no text counts on
    fetched = _fetch_page(run, source, entry, url, counts)
    if fetched is None:
        return
    response, snapshot = fetched
    html = decode_html(response.content, response.headers)
    info = read_page(html, response.url)
    # the page belongs to the source whose site it is on, when that is one of ours; a canonical
    # link elsewhere than that site is a claim, not a fact
    own_site = same_site(response.url, source.url, source.hosts)
    owner = source if own_site else _owner(run, source, response.url)
    trusted = info.canonical and same_site(info.canonical, owner.url, owner.hosts)
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
    if not has_text(text):  # a blank page, or HTML nested deeper than the parser goes
        reason = f"{url}: no text could be extracted from the page"
        retry.item_error(run.state, source.id, entry, url, failed_before, reason, run.at, counts)
        return
    # one page must not bloat content/: its text is cut at a paragraph, its authors counted
    body, text, page_text = _fitted(run, source, url, extracted, text, counts)
    # a feed's title, byline and date for a page on another site are claims: the page's own
    # come first; a page with no text of its own is not another source's (the feed's text
    # would be stored under its name)
    owner = owner if extracted.text else source
    page_authors = info.authors or extracted.authors
    if own_site:
        titles, byline = [entry.title, extracted.title, info.title], entry.authors or page_authors
        candidates = [info.published, entry.published, extracted.published]
    else:
        titles, byline = [extracted.title, info.title, entry.title], page_authors or entry.authors
        candidates = [info.published, extracted.published, entry.published]
    authors = _authors(run, source, url, byline, counts)
    title = title_of(titles, text, url)
    published = next((moment for moment in candidates if moment), None)
    date = sane_date(
        candidates, local_time(datetime.now(UTC)) or datetime.now(), url
    )  # 1990 to tomorrow
    dated = date if published else None
    page_title = extracted.title or info.title or title  # what a re-check compares with
    if stub is None and dated and _outside(run, url, dated, counts):
        return
    # an editor's record is filled in, never duplicated (it is on topic by the editor's choice)
    if stub is not None:
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
            _remember(run, original, relative, page_title, page_text, response, dated)
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
        year = str(date.year)
        if year not in run.slugs:  # every source's slugs: check wants them unique per year
            run.slugs[year] = {p.stem for p in run.articles.glob(f"*/{year}/*.md")}
        slug = free_slug(slugify(title), owner.id, run.slugs[year])
        run.slugs[year].add(slug)
        if len(urls) - 1 > run.limits.max_copies:
            counts.warn(
                f"{source.id}: {original}: {len(urls) - 1} other addresses, Copies keeps "
                f"{run.limits.max_copies}; the rest are kept in state only"
            )
        article = Article(
            title=title,
            date=date,
            source=owner.id,
            source_name=owner.name,
            original=original,
            body=body,
            publish=owner.publish,
            copies=tuple(urls[1 : 1 + run.limits.max_copies]),
            authors=authors,
            scraped=run.now,
            summary=summarize(text),
            captured=run.now if run.archive else "",
            archived=snapshot,
        )
        path = write_new(run.articles, article, slug)
        run.index.add(path, urls, text)
    counts.new += 1
    if owner is not source:
        counts.warn(f"{source.id}: {original} is on the site of {owner.id}: stored as its article")
    for item in urls:
        run.state.mark(item, WRITTEN, source.id, str(path.relative_to(run.articles)), run.now)
    if not snapshot:  # a page already gone when it was collected has nothing left to re-check
        _remember(run, original, str(path.relative_to(run.articles)), page_title, text, response,
                  dated)  # fmt: skip


def _owner(run: Run, source: Source, url: str) -> Source:
    """The source of the file whose site url (not on source's own) is on, else source (a feed
    that gathers other sites' articles)."""
    return next((s for s in run.sources if same_site(url, s.url, s.hosts)), source)


def _fitted(
    run: Run, source: Source, url: str, extracted: Extracted, text: str, counts: Counts
) -> tuple[str, str, str]:
    """The body, the plain text and the page's own text, each cut at the text limit."""
    limit = run.limits.max_text
    # the feed's text when the page had none: plain text, so a link or emphasis it writes is text
    body = extracted.markdown if extracted.text else escape_markdown(text)
    if max(len(body), len(text)) > limit:
        counts.warn(f"{source.id}: {url}: text of {len(text):,} characters cut at {limit:,}")
    return fit_body(body, limit), fit_text(text, limit), fit_text(extracted.text, limit)


def _authors(
    run: Run, source: Source, url: str, names: tuple[str, ...], counts: Counts
) -> tuple[str, ...]:
    """The item's authors within the limits (a 380 KB <meta name=author> is no name)."""
    limits = run.limits
    if len(names) > limits.max_authors or any(len(n) > limits.max_author_length for n in names):
        counts.warn(
            f"{source.id}: {url}: authors cut to {limits.max_authors} names of at most "
            f"{limits.max_author_length} characters ({len(names)} names, "
            f"{sum(map(len, names)):,} characters)"
        )
    return fit_authors(names, limits)


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
        moment = (local_time(published) if published else None) or datetime.now()
        version = first_version(url, path, title, text, response.headers, moment, run.now)
        run.history.remember(version)


def _merge(run: Run, source: Source, path: Path, urls: list[str], counts: Counts) -> None:
    """Record the URLs of a duplicate in the stored article (if unmodified) and in state."""
    counts.duplicate += 1
    stored, _ = read_article(path)
    added, refused = False, []
    room = run.limits.max_copies - len(stored.copies)
    for url in urls:
        if url == stored.original or url in stored.copies:
            continue
        if room <= 0:  # the URL is in state and the index: it is known, not written again
            counts.warn(
                f"{source.id}: {url}: a copy of {path.name}, whose Copies is full "
                f"({run.limits.max_copies}): kept in state only"
            )
        elif add_copy(path, url):
            room -= 1
            added = True
        else:
            refused.append(url)
        run.index.add_url(path, url)
    counts.updated += added
    if refused:
        if str(path) not in counts.editor_modified:
            counts.editor_modified.append(str(path))
        more = f" and {len(refused) - 5} more" if len(refused) > 5 else ""
        kept = "1 copy is" if len(refused) == 1 else f"{len(refused)} copies are"
        log.warning(
            "%s: changed by an editor, so %s kept in state only: %s%s",
            path,
            kept,
            ", ".join(refused[:5]),
            more,
        )
    for url in urls:
        if run.state.seen(url) is None:  # the stored article's own URLs keep their status
            run.state.mark(url, DUPLICATE, source.id, str(path.relative_to(run.articles)), run.now)


def _feed_text(html: str) -> str:
    return " ".join(soup_of(html).get_text(" ").split()) if html else ""
