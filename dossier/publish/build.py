"""Build the site: check the content, run Pelican, index the result for search."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import logging
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pelican import Pelican
from pelican.contents import Content
from pelican.settings import read_settings
from pelican.utils import memoized

from ..config import PLACEHOLDER_SITEURL, apply_defaults
from ..editing.check import Problem, check_content, errors
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


def reader_cache(settings: dict, state: Path) -> dict:
    """Settings for Pelican's cache of read Markdown, kept under state/ and keyed by content.

    Pelican reuses a file's cached HTML and metadata while the file's hash (not its time) is
    unchanged; it does not notice changed settings or libraries, so each combination of the
    settings and the versions of Pelican and Markdown gets a cache of its own.
    """
    plain = {
        k: v
        for k, v in settings.items()
        if isinstance(v, (str, int, float, bool, list, tuple, dict, type(None)))
        and k not in ("PATH", "OUTPUT_PATH", "CACHE_PATH")
        and not k.startswith("DOSSIER_")  # the plugin works on what the reader returns
    }
    versions = [f"{name}={version(name)}" for name in ("pelican", "markdown", "pygments")]
    text = json.dumps([plain, versions], sort_keys=True, default=repr)
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "sha256",
        "CACHE_PATH": str(state / "pelican-cache" / key),
    }


def build_site(
    content: Path,
    output: Path,
    publish: bool = False,
    sources: Path | None = None,
    root: Path = ROOT,
    **overrides,
) -> BuildResult:
    """Check the content (errors stop a publish), build it with Pelican, index it with Pagefind."""
    if not content.is_dir():
        raise BuildError(f"content folder {content} does not exist")
    sources = (sources or root / "sources.toml").resolve()
    overrides.setdefault("DOSSIER_SOURCES", str(sources))
    problems = tuple(check_content(content, sources))
    for problem in problems:
        log.warning("%s", problem.format(Path.cwd()))
    if publish and errors(problems):
        count = len(errors(problems))
        raise ContentError(f"{count} content problem(s): fix them before publishing")
    # Files Pelican cannot build (a duplicate URL aborts it) are left out of a local build.
    blocked = [str(p.path.resolve().relative_to(content.resolve())) for p in problems if p.blocking]
    overrides.setdefault("DOSSIER_SKIP", blocked)
    if not publish:  # the preview lists them on /problemer/ (dossier/plugin/problems.py)
        overrides.setdefault("DOSSIER_PROBLEMS", [problem_row(p, content) for p in problems])
    settings = site_settings(content, output, publish, root, **overrides)
    if publish:
        require_site_url(settings)
    render_and_index(settings, output)
    return BuildResult(output=output, problems=problems)


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


def render_and_index(settings: dict, output: Path) -> None:
    """Run Pelican, give its memory back, then index the pages for readers' search."""
    # nothing it reads changed since the last build into this folder: the same files would come
    digest = pending(settings, output)
    if digest is None:
        return
    forget(settings, output)
    Pelican(settings).run()
    release_memory()
    # readers' search: Pagefind indexes the pages Pelican wrote (output/pagefind/), unless they
    # are the pages it indexed last time
    index_site(output, state=Path(settings["DOSSIER_STATE"]))
    remember(settings, output, digest)


def release_memory() -> None:
    """Drop what the finished Pelican run still holds, so Pagefind does not start on top of it."""
    # Pelican memoises get_content and summary per content object on the class: that keeps
    # every text of the site alive after the run
    for cls in (Content, *Content.__subclasses__()):
        for attribute in vars(cls).values():
            if isinstance(attribute, memoized):
                attribute.cache.clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc keeps freed memory otherwise
        ctypes.CDLL("libc.so.6").malloc_trim(0)
