"""Build the site: check the content, run Pelican, index the result for search."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from ..config import PLACEHOLDER_SITEURL, apply_defaults
from ..editing.check import Problem, check_content, errors, odd_entries
from ..errors import BuildError, ContentError
from .pagefind import index_site
from .unchanged import forget, pending, remember

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and what it warned about."""

    output: Path
    problems: tuple[Problem, ...]


def problem_row(problem: Problem, content: Path) -> dict:
    """A problem as the plugin's DOSSIER_PROBLEMS setting takes it (path relative to content)."""
    path = problem.path.resolve()
    relative = (
        path.relative_to(content.resolve()) if path.is_relative_to(content.resolve()) else path
    )
    return {
        "path": relative.as_posix(),
        "line": problem.line,
        "message": problem.message,
        "blocking": problem.blocking,
        "warning": problem.warning,
    }


def site_settings(
    content: Path, output: Path, publish: bool = False, root: Path = ROOT, **overrides
) -> dict:
    """Pelican settings from pelicanconf.py (or publishconf.py) for this content and output."""
    conf = root / ("publishconf.py" if publish else "pelicanconf.py")
    state = content.resolve().parent / "state"
    override = {
        "PATH": str(content.resolve()),
        "OUTPUT_PATH": str(output.resolve()),
        "CACHE_PATH": str(state / "pelican-cache"),
        "DOSSIER_ROOT": str(root),
        "DOSSIER_STATE": str(state),
        **overrides,
    }
    settings = read_settings(str(conf), override=override)
    apply_defaults(settings)
    cache = reader_cache(settings, state)
    settings.update({k: v for k, v in cache.items() if k not in overrides})
    return settings


# the code that changes what Pelican's readers return: the plugin's readers_init hooks (day-first
# dates, bylines) and the date parser they use
READER_CODE = tuple(
    Path(__file__).resolve().parents[1] / f
    for f in ("plugin/readers.py", "plugin/dates.py", "plugin/bylines.py", "content.py")
)


def reader_cache(settings: dict, state: Path) -> dict:
    """Settings for Pelican's cache of read Markdown, kept under state/ and keyed by content.

    Pelican reuses a file's cached HTML and metadata while the file's hash (not its time) is
    unchanged; it does not notice changed settings, libraries or reader code, so each
    combination of the settings, the versions of Pelican and Markdown and the plugin's reader code
    (READER_CODE) gets a cache of its own. The cache is not
    compressed: Pelican loads and saves it whole on every build, and at gzip's level 9 that took
    1.6 s of a build at 5,000 articles (0.15 s uncompressed; 21 MB on disk instead of 2).
    """
    cache = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "sha256",
        "GZIP_CACHE": False,
    }
    plain = {
        k: v
        for k, v in {**settings, **cache}.items()
        if isinstance(v, (str, int, float, bool, list, tuple, dict, type(None)))
        and k not in ("PATH", "OUTPUT_PATH", "CACHE_PATH", "THEME")  # where, not how, it reads
        and not k.startswith("DOSSIER_")  # the plugin works on what the reader returns
    }
    versions = [f"{name}={version(name)}" for name in ("pelican", "markdown", "pygments")]
    code = [hashlib.sha256(path.read_bytes()).hexdigest() for path in READER_CODE]
    text = json.dumps([plain, versions, code], sort_keys=True, default=repr)
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    return {
        **cache,
        "CACHE_PATH": str(state / "pelican-cache" / key),
    }


def build_site(
    content: Path,
    output: Path,
    publish: bool = False,
    sources: Path | None = None,
    root: Path = ROOT,
    index_later: Callable[[Callable[[], None]], object] | None = None,
    **overrides,
) -> BuildResult:
    """Check the content (errors stop a publish), build it with Pelican, index it with Pagefind
    (or hand the indexing to index_later: render_and_index)."""
    if not content.is_dir():
        raise BuildError(f"content folder {content} does not exist")
    sources = (sources or root / "sources.toml").resolve()
    overrides.setdefault("DOSSIER_SOURCES", str(sources))
    new_log_run()
    problems = tuple(check_content(content, sources))  # the caller reports them, once
    if publish and errors(problems):
        count = len(errors(problems))
        message = f"{count} content problem(s): fix them before publishing"
        raise ContentError(message, tuple(errors(problems)))
    # Files Pelican cannot build (a duplicate URL aborts it) are left out of a local build.
    blocked = [os.path.relpath(p.path, content) for p in problems if p.blocking]
    overrides.setdefault("DOSSIER_SKIP", blocked)
    if not publish:  # the preview lists them on /problemer/ (dossier/plugin/problems.py)
        overrides.setdefault("DOSSIER_PROBLEMS", [problem_row(p, content) for p in problems])
    said = SaidAlready({str(p.path.resolve()) for p in problems}, local=not publish)
    with filtered(PELICAN_LOGGERS, said):
        settings = left_out(site_settings(content, output, publish, root, **overrides), content)
        if publish:
            require_site_url(settings)
        failed = render_and_index(settings, output, index_later)
    return BuildResult(output=output, problems=problems + unprocessed(failed, content, problems))


def unprocessed(failed: list[str], content: Path, problems: tuple[Problem, ...]) -> tuple:
    """A problem for each file Pelican could not process that the check did not report (a
    list nested hundreds deep, which Markdown cannot read): it is missing from the site."""
    from ..editing.messages import _

    reported = {os.path.relpath(p.path, content) for p in problems}
    message = _("the build could not read this file (Pelican: 'Could not process'): left out")
    return tuple(
        Problem(content / path, 1, message, blocking=True)
        for path in dict.fromkeys(failed)
        if path not in reported
    )


def left_out(settings: dict, content: Path) -> dict:
    """The settings with what under content/ is no file to read (check.odd_entries) kept from
    Pelican: a linked folder excluded, a pipe or a link out of content/ ignored by its name
    (Pelican would wait on the pipe for ever, or read the file the link leads to)."""
    odd = [path for path, _ in odd_entries(content)]
    if not odd:
        return settings
    folders = [os.path.relpath(p, content) for p in odd if p.is_dir()]
    names = [re.sub(r"([*?\[])", r"[\1]", p.name) for p in odd if not p.is_dir()]
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        settings[key] = [*settings.get(key, []), *folders]
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), *names]
    return settings


# the loggers of Pelican's lines that SaidAlready drops
PELICAN_LOGGERS = ("pelican.settings", "pelican.contents")


class SaidAlready(logging.Filter):
    """Drops the lines of Pelican's that the build says better: in a local build, that feeds
    need a SITEURL (only a published site has one), and that a file is skipped when the check
    reported it (in Danish, with what to write)."""

    def __init__(self, reported: set[str], local: bool) -> None:
        super().__init__()
        self.reported = reported
        self.local = local

    def filter(self, record: logging.LogRecord) -> bool:
        if self.local and str(record.msg).startswith("Feeds generated without SITEURL"):
            return False
        if str(record.msg).startswith("Skipping %s") and record.args:
            return str(Path(str(record.args[0])).resolve()) not in self.reported
        return True


@contextmanager
def filtered(names: tuple[str, ...], rule: logging.Filter) -> Iterator[None]:
    """Add a filter to some loggers for a block (a forked Pelican inherits it)."""
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addFilter(rule)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(rule)


def require_site_url(settings: dict) -> str:
    """The production SITEURL; BuildError when it is empty or the placeholder."""
    url = str(settings.get("SITEURL") or "").rstrip("/")
    if not url or url == PLACEHOLDER_SITEURL:
        shown = url or "empty"
        raise BuildError(
            f"SITEURL is {shown}: set DOSSIER_SITEURL (or SITEURL in publishconf.py) to the"
            " address readers use, e.g. DOSSIER_SITEURL=https://dossier.example.dk"
        )
    return url


def render_and_index(
    settings: dict, output: Path, index_later: Callable[[Callable[[], None]], object] | None = None
) -> list[str]:
    """Run Pelican in a process of its own, then index the pages for readers' search; return
    the files Pelican could not process (relative to the content folder).

    With index_later, the indexing (a function of no arguments, which raises BuildError) is
    handed to it instead of run: the preview shows the new pages before it indexes them
    (editing/serve.py). The build counts as done when the indexing is.
    """
    # nothing it reads changed since the last build into this folder: the same files would come
    digest = pending(settings, output)
    if digest is None:
        return []
    forget(settings, output)
    failed = run_pelican(settings)

    def index() -> None:
        # readers' search: Pagefind indexes the pages Pelican wrote (output/pagefind/), unless
        # they are the pages it indexed last time
        parts = int(settings["DOSSIER_SEARCH_PART_PAGES"])
        index_site(output, state=Path(settings["DOSSIER_STATE"]), part_pages=parts)
        remember(settings, output, digest)

    if index_later is None:
        index()
    else:
        index_later(index)
    return failed


def new_log_run() -> None:
    """Let this build log what an earlier build in the same process logged.

    Pelican drops a log message (INFO and WARNING) it has seen before in the process, in every
    logger created after it is imported: in a process that builds more than once (`invoke
    serve`, the tests) a second build's problems and summary lines would go unsaid.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


class FailedFiles(logging.Handler):
    """Collects the files Pelican's generators could not process ("Could not process %s": it
    logs them and goes on without them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.paths: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "Could not process %s" and record.args:
            self.paths.append(str(record.args[0]))


@contextmanager
def failed_files() -> Iterator[list[str]]:
    """The files Pelican could not process while the block runs."""
    handler, logger = FailedFiles(), logging.getLogger("pelican.generators")
    logger.addHandler(handler)
    try:
        yield handler.paths
    finally:
        logger.removeHandler(handler)


def run_pelican(settings: dict) -> list[str]:
    """Run Pelican in a forked child process and wait for it; its exception is raised here, the
    files it could not process are returned.

    What a run allocates leaves with its process. Memory a long-lived Python process frees is
    mostly kept (fragmented), so Pagefind, which needs the most memory of a build and starts
    next, would otherwise run on top of everything Pelican held at its peak.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # not on this system: in-process
        with failed_files() as failed:
            Pelican(settings).run()
        return failed
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_pelican_child, args=(settings, send), name="pelican")
    child.start()
    send.close()
    try:
        error, failed = receive.recv()
    except EOFError:  # killed, or died before it could say why
        error, failed = BuildError("Pelican stopped without finishing the build"), []
    finally:
        receive.close()
        child.join()
    if error is not None:
        raise error
    return failed


def _pelican_child(settings: dict, send) -> None:
    with failed_files() as failed:
        try:
            Pelican(settings).run()
        except BaseException as error:  # every failure goes to the parent
            try:
                send.send((error, failed))
            except Exception:  # an exception that cannot be pickled
                send.send((BuildError(f"{type(error).__name__}: {error}"), failed))
        else:
            send.send((None, failed))
        finally:
            send.close()
