"""Local builds into an existing output folder drop the pages of files that are gone.

Pelican only ever adds to output/ when DELETE_OUTPUT_DIRECTORY is off (the local settings, so
the preview keeps serving while it rebuilds): a deleted note would stay in the preview and in its
search index. Every HTML page Pelican's writer writes is recorded; when the build is done, the
HTML pages of output/ it did not write are removed, before Pagefind indexes the folder again.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)
# Folders of output/ that Pelican's writer never writes: the theme's assets and the search bundle.
KEPT_FOLDERS = ("theme", "pagefind")
_written: dict[str, set[Path]] = {}


def start(pelican) -> None:
    """initialized handler: forget what an earlier build into the same folder wrote."""
    _written[_key(pelican.output_path)] = set()


def record(path, context=None, **_kwargs) -> None:
    """content_written handler: remember a page this build wrote."""
    output = (context or {}).get("OUTPUT_PATH")
    if output is not None and _key(output) in _written:
        _written[_key(output)].add(Path(path).resolve())


def prune(pelican) -> None:
    """finalized handler: remove the HTML pages of output/ that this build did not write."""
    written = _written.pop(_key(pelican.output_path), None)
    if pelican.settings.get("DELETE_OUTPUT_DIRECTORY") or not written:
        return  # a fresh output folder, or nothing recorded: nothing can be stale
    for path in stale_pages(Path(pelican.output_path), written):
        log.info("removing %s (its content file is gone)", path)
        path.unlink()
        _remove_empty_parents(path.parent, Path(pelican.output_path))


def stale_pages(output: Path, written: set[Path]) -> list[Path]:
    """HTML pages under output/ (theme and search bundle aside) not among those written."""
    output = output.resolve()
    return sorted(
        path
        for path in output.rglob("*.html")
        if path.relative_to(output).parts[0] not in KEPT_FOLDERS and path.resolve() not in written
    )


def _remove_empty_parents(folder: Path, output: Path) -> None:
    output = output.resolve()
    while folder.resolve() != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _key(output: object) -> str:
    return str(Path(str(output)).resolve())
