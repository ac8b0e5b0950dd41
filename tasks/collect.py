"""Invoke tasks: Collect articles from the sources."""

from __future__ import annotations

import logging

from invoke import Exit, task

from .common import CONFIG, fail, path, state_path


@task(
    help={
        "sources": "sources file (default sources.toml)",
        "content": "content folder to write into (default content/)",
        "state": "state folder (default: state/ beside the content folder)",
        "strict": "exit 1 when any source or item page failed (or a failing source rests)",
        "retry": "poll failing sources and retry failed item pages now, given-up ones too",
    }
)
def scrape(c, sources=None, content=None, state=None, strict=False, retry=False):
    """Collect new articles about the topic from every source into content/articles/."""
    from scrapers.errors import ScrapeError
    from scrapers.report import report_lines
    from scrapers.run import scrape as run_scrape

    # the report is printed below; its log lines on the console would say it all twice
    report_log = logging.getLogger("scrapers.report")
    report_log.addHandler(logging.NullHandler())
    report_log.propagate = False
    try:
        report = run_scrape(
            path(sources, CONFIG["sources"]),
            path(content, CONFIG["content"]),
            state_path(state),
            strict=strict,
            retry_all=retry,
        )
    except ScrapeError as error:
        raise fail(error, code=2) from error
    print("\n".join(report_lines(report)))
    if report.exit_code:
        raise Exit(code=report.exit_code)


@task(help={"sources": "sources file", "content": "content folder", "state": "state folder"})
def sources(c, sources=None, content=None, state=None):
    """List every source with its last fetch, status, failures, given-up items and articles."""
    from scrapers.errors import ScrapeError
    from scrapers.report import sources_lines
    from scrapers.run import sources_table

    try:
        rows = sources_table(
            path(sources, CONFIG["sources"]),
            path(content, CONFIG["content"]),
            state_path(state),
        )
    except ScrapeError as error:
        raise fail(error, code=2) from error
    print("\n".join(sources_lines(rows)))


@task(
    help={
        "sources": "sources file (default sources.toml)",
        "content": "content folder to write into (default content/)",
        "state": "state folder (default: state/ beside the content folder)",
        "source": "only this source id",
        "since": "oldest date wanted (ISO, e.g. 2010-01-01); older items are left out",
        "until": "newest date wanted (ISO, inclusive)",
        "max_pages": "pages followed per archive listing (default 50)",
        "urls": "file of article URLs, one a line",
    }
)
def backfill(
    c, sources=None, content=None, state=None, source=None, since=None, until=None,
    max_pages=50, urls=None,
):  # fmt: skip
    """Collect older articles from archives, sitemaps and URL lists; fill in editors' records."""
    from dossier.content import parse_date
    from scrapers.backfill import Window, end_of_day
    from scrapers.backfill import backfill as run_backfill
    from scrapers.errors import ScrapeError
    from scrapers.report import report_lines

    dates = {}
    for name, value in (("since", since), ("until", until)):
        if value and parse_date(value) is None:
            raise Exit(f"error: --{name} is not a date: {value!r}", code=2)
        dates[name] = parse_date(value) if value else None
    if dates["until"]:
        dates["until"] = end_of_day(dates["until"])
    try:
        report = run_backfill(
            path(sources, CONFIG["sources"]),
            path(content, CONFIG["content"]),
            state_path(state),
            source_id=source,
            window=Window(dates["since"], dates["until"], int(max_pages)),
            urls_file=path(urls, CONFIG["sources"]) if urls else None,
        )
    except ScrapeError as error:
        raise fail(error, code=2) from error
    print("\n".join(report_lines(report)))


@task(
    help={
        "url": "print every capture of this URL (time, status, size, record kind)",
        "stats": "print the archive's size and record counts",
        "export": "write one WARC file of the archive (or of URL) into this folder",
        "content": "content folder (default content/)",
        "state": "state folder (default: state/ beside the content folder)",
    },
)
def archive(c, url=None, stats=False, export=None, content=None, state=None):
    """Show what the WARC archive holds: --stats, --url URL (its captures), --export DIR."""
    from scrapers.warc import Archive

    folder = (state_path(state) or path(content, CONFIG["content"]).parent / "state") / "archive"
    if not folder.is_dir():
        raise Exit(f"error: no archive in {folder}", code=1)
    store = Archive(folder)
    try:
        if export:
            target, count = store.export(path(export, CONFIG["output"]), url)
            print(f"{target}: {count} records")
        if stats or not (url or export):
            numbers = store.stats()
            print(
                f"{folder}: {numbers['files']} files, {numbers['bytes']} bytes, "
                f"{numbers['responses']} responses, {numbers['revisits']} revisits, "
                f"{numbers['urls']} URLs"
            )
        if url and not export:
            captures = store.captures(url)
            if not captures:
                raise Exit(f"error: {url} was never captured", code=1)
            for capture in captures:
                print(f"{capture.at}  {capture.status}  {capture.length:>8} bytes  {capture.kind}")
    finally:
        store.close()


@task(
    help={
        "article": "the article: its file, slug or URL",
        "content": "content folder (default content/)",
        "state": "state folder",
    }
)
def changes(c, article, content=None, state=None):
    """Print a word diff of every change the source made to ARTICLE (file, slug or URL)."""
    from scrapers.changes import word_diff
    from scrapers.history import History
    from scrapers.recheck import find_changes

    articles = path(content, CONFIG["content"]) / "articles"
    folder = state_path(state) or articles.parent.parent / "state"
    history = History(folder)
    try:
        found = find_changes(history, articles, article)
    finally:
        history.close()
    if not found:
        from dossier.editing.messages import _

        from .edit import editor_error, editors_language

        editors_language()
        raise editor_error(_("no changes recorded for {article}").format(article=article))
    for change in found:
        print(f"{change.at} {change.what}: {change.url}")
        if "title" in change.what:
            print(f"  title: {word_diff(change.old_title, change.new_title)}")
        if "text" in change.what:
            print(f"  text: {word_diff(change.old_text, change.new_text)}")
