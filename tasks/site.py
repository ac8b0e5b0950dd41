"""Invoke tasks: Build, preview and benchmark the site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

from .common import CONFIG, ROOT, fail, path
from .edit import editor_error, editors_language


@task(
    help={
        "content": "content folder",
        "output": "output folder",
        "publish": "production settings (needs DOSSIER_SITEURL)",
        "sources": "sources file (default sources.toml)",
    }
)
def build(c, content=None, output=None, publish=False, sources=None):
    """Build the site from the content folder (--publish: production settings, no errors)."""
    build_and_say(content, output, publish, sources)


def build_and_say(content=None, output=None, publish=False, sources=None, index_later=None):
    """The build task's work: build (the search indexed now, or by index_later), print what
    it did, exit with an error message on failure."""
    from dossier.errors import ContentError, DossierError
    from dossier.publish.build import build_site

    try:
        result = build_site(
            path(content, CONFIG["content"]),
            path(output, CONFIG["output"]),
            publish=publish,
            sources=path(sources, CONFIG["sources"]),
            index_later=index_later,
        )
    except ContentError as error:  # a publishing build: the errors that stopped it, then why
        for problem in error.problems:
            print(f"  {problem.format(Path.cwd())}", file=sys.stderr)
        raise fail(error) from error
    except DossierError as error:
        raise fail(error) from error
    print(build_summary(result, publish))


def build_summary(result, publish: bool = False) -> str:
    """What a build prints last: where it went and every content problem, one per line."""
    from dossier.editing.messages import _, ngettext

    editors_language()
    lines = [_("Built {output}").format(output=result.output)]
    count = len(result.problems)
    if count:
        warnings = sum(problem.warning for problem in result.problems)
        heading = _("Problems in the content: {errors}, {warnings}{where}:").format(
            errors=ngettext("{n} error", "{n} errors", count - warnings).format(n=count - warnings),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            where="" if publish else _(" (listed on /problemer/ in the preview)"),
        )
        lines.append(heading)
        lines.extend(f"  {problem.format(Path.cwd())}" for problem in result.problems)
    else:
        lines.append(_("No problems found."))
    return "\n".join(lines)


@task(help={"output": "output folder"})
def clean(c, output=None):
    """Remove the output folder."""
    shutil.rmtree(path(output, CONFIG["output"]), ignore_errors=True)


@task(help={"content": "content folder", "output": "output folder"})
def rebuild(c, content=None, output=None):
    """Remove the output folder, then build."""
    clean(c, output)
    build(c, content, output)


@task(
    help={"port": "port on 127.0.0.1 (default 8000)", "output": "folder to serve (default output/)"}
)
def serve(c, port=CONFIG["port"], output=None):
    """Serve the built site on http://127.0.0.1:8000/."""
    from dossier.editing.serve import serve as serve_site
    from dossier.errors import DossierError

    editors_language()
    try:
        serve_site(path(output, CONFIG["output"]), CONFIG["host"], int(port))
    except DossierError as error:
        raise editor_error(error) from error


@task(
    help={
        "port": "port on 127.0.0.1 (default 8000)",
        "content": "content folder (default content/)",
        "output": "output folder (default output/)",
    }
)
def livereload(c, port=CONFIG["port"], content=None, output=None):
    """Build, serve, and rebuild and reload the browser whenever a file changes."""
    from dossier.editing.serve import ensure_port_free
    from dossier.editing.serve import livereload as livereload_site
    from dossier.errors import DossierError

    editors_language()
    try:
        ensure_port_free(CONFIG["host"], int(port))  # say so before a build, not after
        build(c, content, output)
        livereload_site(
            path(output, CONFIG["output"]),
            lambda index_later: build_and_say(content, output, index_later=index_later),
            ROOT,
            path(content, CONFIG["content"]),
            CONFIG["host"],
            int(port),
        )
    except DossierError as error:
        raise editor_error(error) from error


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def demo(c, port=CONFIG["port"]):
    """Scrape the fixture sites on 127.0.0.1 beside the shipped content, build and serve it."""
    import signal
    import tempfile

    from dossier.editing.messages import _
    from dossier.editing.serve import ensure_port_free
    from dossier.editing.serve import serve as serve_site
    from dossier.errors import DossierError
    from dossier.publish.build import build_site
    from scrapers.demo import build_sources, run_demo

    editors_language()
    # stopped by a service manager or `kill` as by Ctrl+C: the folder is removed on the way out
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        ensure_port_free(CONFIG["host"], int(port))  # say so before scraping, not after
        with tempfile.TemporaryDirectory(prefix="dossier-demo-") as folder:
            work = Path(folder)
            content = run_demo(work)
            output = work / "output"
            build_site(content, output, sources=build_sources(work))
            message = _("Demo content in {content}; serving {output} on http://{host}:{port}/")
            print(message.format(content=content, output=output, host=CONFIG["host"], port=port))
            print(_("The folder is removed when you stop the demo (Ctrl+C)."))
            serve_site(output, CONFIG["host"], int(port))
    except DossierError as error:
        raise editor_error(error) from error


@task(
    help={
        "articles": "articles in the synthetic corpus",
        "runs": "runs per variant",
        "results": "where the table goes (default benchmarks/RESULTS.md)",
        "work": "folder for the corpus and the builds (default: the system's temporary folder)",
    }
)
def bench(c, articles=5000, runs=3, work=None, results=None):
    """Benchmark plain Pelican against the dossier build; write benchmarks/RESULTS.md."""
    import tempfile

    if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
        sys.path.insert(0, str(ROOT))
    from benchmarks.pipeline import run_bench, table

    if work:
        Path(work).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=work) as folder:
        rows = run_bench(Path(folder), int(articles), int(runs))
    report = table(rows, int(articles), int(runs))
    Path(results or ROOT / "benchmarks" / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


@task
def catalogues(c):
    """Update the site's gettext catalogues from the code; list strings still to translate."""
    from dossier.plugin.catalogues import update_catalogues

    untranslated = 0
    for update in update_catalogues(ROOT / "theme"):
        name = update.path.relative_to(ROOT)
        print(f"{name}: {update.added} new, {update.removed} removed")
        for message in update.untranslated:
            print(f"  untranslated: {message}")
        untranslated += len(update.untranslated)
    if untranslated:
        raise Exit(f"{untranslated} string(s) to translate: fill in their msgstr", code=1)
