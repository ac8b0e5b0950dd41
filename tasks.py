"""Invoke tasks: thin wrappers over the importable functions in dossier/ and scrapers/."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "content": ROOT / "content",
    "output": ROOT / "output",
    "sources": ROOT / "sources.toml",
    "host": "127.0.0.1",
    "port": 8000,
}

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("pelican").setLevel(logging.WARNING)


def _path(value: str | None, default: Path) -> Path:
    return Path(value).resolve() if value else default


def _fail(error: Exception, code: int = 1) -> Exit:
    return Exit(f"error: {error}", code=code)


@task(help={"content": "content folder", "output": "output folder", "publish": "production"})
def build(c, content=None, output=None, publish=False):
    """Build the site from the content folder (--publish: production settings, no errors)."""
    from dossier.build import build_site
    from dossier.errors import DossierError

    try:
        result = build_site(
            _path(content, CONFIG["content"]), _path(output, CONFIG["output"]), publish=publish
        )
    except DossierError as error:
        raise _fail(error) from error
    print(f"Built {result.output} ({len(result.problems)} content warning(s))")


@task
def clean(c, output=None):
    """Remove the output folder."""
    shutil.rmtree(_path(output, CONFIG["output"]), ignore_errors=True)


@task
def rebuild(c, content=None, output=None):
    """Remove the output folder, then build."""
    clean(c, output)
    build(c, content, output)


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=CONFIG["port"], output=None):
    """Serve the built site on http://127.0.0.1:8000/."""
    from dossier.serve import serve as serve_site

    serve_site(_path(output, CONFIG["output"]), CONFIG["host"], int(port))


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def livereload(c, port=CONFIG["port"], content=None, output=None):
    """Build, serve, and rebuild and reload the browser whenever a file changes."""
    from dossier.serve import livereload as livereload_site

    build(c, content, output)
    livereload_site(
        _path(output, CONFIG["output"]),
        lambda: build(c, content, output),
        ROOT,
        CONFIG["host"],
        int(port),
    )


@task(help={"content": "content folder", "sources": "sources file"})
def check(c, content=None, sources=None):
    """Validate every content file; print path:line: message and exit 1 on errors."""
    from dossier.check import check_content

    problems = check_content(_path(content, CONFIG["content"]), _path(sources, CONFIG["sources"]))
    for problem in problems:
        print(problem.format(Path.cwd()))
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        raise Exit(code=1)
    print("No problems found.")


@task(
    help={
        "sources": "sources file (default sources.toml)",
        "content": "content folder to write into (default content/)",
        "state": "state folder (default: state/ beside the content folder)",
        "strict": "exit 1 when any source had an error",
    }
)
def scrape(c, sources=None, content=None, state=None, strict=False):
    """Collect new articles about the topic from every source into content/articles/."""
    from scrapers.errors import ScrapeError
    from scrapers.run import scrape as run_scrape

    try:
        report = run_scrape(
            _path(sources, CONFIG["sources"]),
            _path(content, CONFIG["content"]),
            Path(state).resolve() if state else None,
            strict=strict,
        )
    except ScrapeError as error:
        raise _fail(error, code=2) from error
    for source in report.sources:
        print(
            f"{source.id}: {source.requested} requested, {source.not_modified} not modified, "
            f"{source.new} new, {source.updated} updated, {source.off_topic} off topic, "
            f"{source.duplicate} duplicate, {source.errors} errors"
        )
        for message in (*source.messages, *source.editor_modified):
            print(f"  {message}")
    if report.exit_code:
        raise Exit(code=report.exit_code)


@task(help={"sources": "sources file", "content": "content folder", "state": "state folder"})
def sources(c, sources=None, content=None, state=None):
    """List every source with its last fetch, status and number of articles."""
    from scrapers.errors import ScrapeError
    from scrapers.run import sources_table

    try:
        rows = sources_table(
            _path(sources, CONFIG["sources"]),
            _path(content, CONFIG["content"]),
            Path(state).resolve() if state else None,
        )
    except ScrapeError as error:
        raise _fail(error, code=2) from error
    for row in rows:
        print(
            f"{row['id']:<16} {row['status']:<13} {row['last_fetch'] or 'never':<20} "
            f"{row['articles']:>5} articles  {row['url']}"
        )
        if row["error"]:
            print(f"{'':<16} {row['error']}")


@task
def demo(c, port=CONFIG["port"]):
    """Scrape the fixture sites on 127.0.0.1 beside the shipped content, build and serve it."""
    import tempfile

    from dossier.build import build_site
    from dossier.serve import serve as serve_site
    from scrapers.demo import build_sources, run_demo

    work = Path(tempfile.mkdtemp(prefix="dossier-demo-"))
    content = run_demo(work)
    output = work / "output"
    build_site(content, output, sources=build_sources(work))
    print(f"Demo content in {content}; serving {output} on http://127.0.0.1:{port}/")
    serve_site(output, CONFIG["host"], int(port))


@task(help={"accept": "write a registry file for this name", "reject": "never propose it again"})
def entities(c, accept=None, reject=None, content=None, limit=40):
    """List people and organisations found in the texts; --accept or --reject one by name."""
    from dossier.analysis import candidates_in
    from dossier.discovery import accept_candidate, reject_name
    from dossier.registry import load_registry

    folder = _path(content, CONFIG["content"])
    if reject:
        reject_name(folder, reject)
        print(f"{reject} is rejected (content/entities-rejected.txt)")
        return
    found = candidates_in(folder, load_registry(folder))
    if accept:
        match = [cand for cand in found if cand.name.casefold() == accept.casefold()]
        if not match:
            raise Exit(f"error: no candidate named '{accept}' (run invoke entities)", code=1)
        print(accept_candidate(folder, match[0]))
        return
    for cand in found[: int(limit)]:
        mark = "*" if cand.promoted else " "
        print(f"{mark} {cand.name} ({cand.kind}: {cand.count} times in {len(cand.articles)} texts)")
        for example in cand.examples[:2]:
            print(f"      {example}")
    if not found:
        print("No candidates: every name found is in the registry or rejected.")


@task(help={"articles": "articles in the synthetic corpus", "runs": "runs per variant"})
def bench(c, articles=5000, runs=3, work=None):
    """Benchmark plain Pelican against the dossier build; write benchmarks/RESULTS.md."""
    import tempfile

    from benchmarks.pipeline import run_bench, table

    with tempfile.TemporaryDirectory(prefix="bench-", dir=work) as folder:
        rows = run_bench(Path(folder), int(articles), int(runs))
    report = table(rows, int(articles), int(runs))
    (ROOT / "benchmarks" / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


@task(help={"kind": "note, event, person or organisation", "title": "the title, in Danish"})
def new(c, kind, title, content=None):
    """Write a new note, event, person or organisation from a Danish template."""
    from dossier.errors import DossierError
    from dossier.newfile import new_file

    try:
        path = new_file(_path(content, CONFIG["content"]), kind, title)
    except DossierError as error:
        raise _fail(error) from error
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


@task(
    help={
        "query": 'whoosh query: words, AND/OR/NOT, "a phrase", wildcard*; "" lists all',
        "person": "only texts about this person (id)",
        "organisation": "only texts about this organisation (id)",
        "source": "only articles from this source (id)",
        "since": "only texts dated on or after this date (2012-11-12)",
        "limit": "how many results (default 10)",
        "content": "content folder",
        "state": "state folder (default: state beside the content folder)",
    }
)
def search(
    c,
    query,
    person=None,
    organisation=None,
    source=None,
    since=None,
    limit=10,
    content=None,
    state=None,
):
    """Search every article, note and event in content/, full texts included (for editors)."""
    from dossier.content import parse_date
    from dossier.errors import DossierError
    from dossier.search import Filters, format_hit
    from dossier.search import search as run_search

    since_date = parse_date(since) if since else None
    if since and since_date is None:
        raise Exit(f"error: --since {since!r} is not a date (write 2012-11-12)", code=2)
    filters = Filters(person, organisation, source, since_date)
    content_dir = _path(content, CONFIG["content"])
    state_dir = Path(state).resolve() if state else None
    try:
        hits = run_search(content_dir, query, filters, int(limit), state_dir)
    except DossierError as error:
        raise _fail(error) from error
    for number, hit in enumerate(hits, 1):
        print(format_hit(number, hit, Path.cwd()))
    print(f"{len(hits)} result(s)" if hits else "No results.", file=sys.stderr)


def _finish(outcome, quiet: bool) -> None:
    """Print the summary (and the problems behind it); exit with the outcome's code."""
    print(outcome.summary, file=sys.stdout if outcome.code in (0, 2) else sys.stderr)
    for problem in outcome.problems[: 20 if quiet else None]:
        print(f"  {problem}", file=sys.stderr)
    if outcome.code:
        raise Exit(code=int(outcome.code))


@task(
    help={
        "sources": "sources file",
        "content": "content folder",
        "target": "dir:PATH, rsync:[user@]host:/path or git:REPO#branch (default DEPLOY_TARGET)",
        "state": "state folder (default: state beside the content folder)",
        "force": "deploy even when nothing changed or the site shrank",
        "scrape": "scrape first (--no-scrape builds and deploys content/ as it is)",
    }
)
def update(c, sources=None, content=None, target=None, state=None, force=False, scrape=True):
    """The cron job: lock, scrape, build with publishconf, verify, deploy (exit codes: README)."""
    from dossier.update import logging_to
    from dossier.update import update as run_update

    content_dir = _path(content, CONFIG["content"])
    state_dir = Path(state).resolve() if state else content_dir.parent / "state"
    quiet = not sys.stdout.isatty()
    with logging_to(state_dir, quiet):
        outcome = run_update(
            content_dir,
            _path(sources, CONFIG["sources"]),
            target,
            state_dir,
            force=force,
            scrape=scrape,
        )
    _finish(outcome, quiet)


@task(
    help={
        "target": "dir:PATH, rsync:[user@]host:/path or git:REPO#branch (default DEPLOY_TARGET)",
        "output": "the built site (default output/)",
        "content": "content folder (its state folder keeps the deploy record)",
        "force": "deploy even when the site shrank",
    }
)
def deploy(c, target=None, output=None, content=None, force=False):
    """Verify the built output folder and publish it to the target."""
    from dossier.update import deploy_site, logging_to

    content_dir = _path(content, CONFIG["content"])
    quiet = not sys.stdout.isatty()
    with logging_to(content_dir.parent / "state", quiet):
        outcome = deploy_site(_path(output, CONFIG["output"]), target, content_dir, force=force)
    _finish(outcome, quiet)


@task(help={"target": "the target to roll back (default DEPLOY_TARGET)", "content": "content"})
def rollback(c, target=None, content=None):
    """Put the previous release of the site back on the target."""
    from dossier.update import logging_to, rollback_site

    content_dir = _path(content, CONFIG["content"])
    quiet = not sys.stdout.isatty()
    with logging_to(content_dir.parent / "state", quiet):
        outcome = rollback_site(target, content_dir)
    _finish(outcome, quiet)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Run these with invoke: invoke --list")
