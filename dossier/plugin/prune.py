"""Builds into an existing output folder remove what is left of earlier builds.

Pelican only ever adds to output/ when DELETE_OUTPUT_DIRECTORY is off. Every file this build
writes or keeps is heard of: Pelican's content_written and feed_written signals (the incremental
writer sends them for the pages it keeps), the plugin's own data files (pages.py announces them
the same way) and the content's static files. When the build is done:
- a local build (the preview keeps serving while it rebuilds) removes the HTML pages it did not
  write, so a deleted note leaves the preview and its search index;
- a build with DOSSIER_SWEEP (invoke update's kept staging folder, which replaces a publishing
  build's empty folder) removes every file it did not produce, so nothing of deleted content
  reaches readers.
The theme's assets and the search bundle, which the build replaces by other means, stay.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class _Produced:
    """What one build into an output folder produced, as far as heard of."""

    files: set[str] = field(default_factory=set)  # absolute paths, as written
    statics: list = field(default_factory=list)  # the content's static files, placed at the end


_heard: dict[str, _Produced] = {}  # output folder -> its build's, until the build ends


def start(pelican) -> None:
    """initialized handler: forget what an earlier build into the same folder wrote."""
    _heard[_key(pelican.output_path)] = _Produced()


def record(path, context=None, **_kwargs) -> None:
    """content_written and feed_written handler: remember a file this build produced."""
    output = (context or {}).get("OUTPUT_PATH")
    if output is not None and _key(output) in _heard:
        _heard[_key(output)].files.add(os.path.abspath(path))


def static_files(generator) -> None:
    """static_generator_finalized handler: the content's static files this build copies.

    Where they go is read when the build is done: a text's {attach} link moves its file next to
    the text when the text is rendered, unless the file's place was asked for before.
    """
    if _key(generator.output_path) in _heard:
        _heard[_key(generator.output_path)].statics = generator.staticfiles


def prune(pelican) -> None:
    """finalized handler: remove the pages (or, sweeping, the files) this build did not produce."""
    produced = _heard.pop(_key(pelican.output_path), None) or _Produced()
    root = pelican.output_path
    statics = {os.path.abspath(os.path.join(root, f.save_as)) for f in produced.statics}
    heard = produced.files | statics
    settings = pelican.settings
    if settings.get("DELETE_OUTPUT_DIRECTORY") or not heard:
        return  # a fresh output folder, or nothing recorded: nothing can be stale
    output = Path(pelican.output_path)
    kept = (settings.get("THEME_STATIC_DIR", "theme"), "pagefind")
    sweep = bool(settings.get("DOSSIER_SWEEP"))
    for path in stale_files(output, heard, kept, "*" if sweep else "*.html"):
        log.info("removing %s (%s)", path, "not of this build" if sweep else "its file is gone")
        path.unlink()
        remove_empty_parents(path.parent, output)


def stale_files(
    output: Path, heard: set[str], kept: tuple[str, ...], pattern: str = "*.html"
) -> list[Path]:
    """Files under output/ matching pattern, outside the kept folders, not among those heard of.

    heard: absolute paths as the build wrote them (under output as it was given, not resolved).
    The kept folders are not walked (Pagefind's bundle holds a file for every page).
    """
    root = os.path.abspath(output)
    stale = []
    for folder, folders, files in os.walk(root):
        if folder == root:
            folders[:] = [name for name in folders if name not in kept]
        for name in fnmatch.filter(files, pattern):
            path = os.path.join(folder, name)
            if path not in heard:
                stale.append(Path(path))
    return sorted(stale)


def remove_empty_parents(folder: Path, output: Path) -> None:
    """Remove folder and its parents up to output while they are empty."""
    output = output.resolve()
    while folder.resolve() != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@cache
def _key(output: object) -> str:
    return str(Path(str(output)).resolve())
