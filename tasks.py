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


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Run these with invoke: invoke --list")
