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
        "strict": "exit 1 when any source or item page failed",
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
