"""Build the site: check the content, run Pelican, index the result for search."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from ..config import PLACEHOLDER_SITEURL, apply_defaults
from ..editing.check import Problem, check_content, errors
from ..errors import BuildError, ContentError
from .pagefind import index_site

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
    return settings


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
    pelican = Pelican(settings)
    pelican.run()
    # readers' search: Pagefind indexes the pages Pelican wrote (output/pagefind/)
    index_site(output)
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
