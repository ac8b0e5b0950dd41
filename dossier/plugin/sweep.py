"""A build into a kept folder (DOSSIER_SWEEP) removes every file of it the build did not produce.

Publishing builds used to start from an empty folder (DELETE_OUTPUT_DIRECTORY), so nothing of
deleted content could survive, and so rendered every page. The cron job now builds into the same
staging folder every run, incrementally, and this module takes the empty folder's place: every
file this build wrote or kept is heard of (Pelican's content_written and feed_written signals,
which the incremental writer also sends for the pages it keeps; the plugin's own data files; the
static files of the content), and at the end every other file is removed. The theme's assets
(THEME_STATIC_DIR) and the search bundle, which the build replaces by other means, stay.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)
_heard: dict[str, set[Path]] = {}


def start(pelican) -> None:
    """initialized handler: begin a list of this build's outputs when the build sweeps."""
    if pelican.settings.get("DOSSIER_SWEEP"):
        _heard[_key(pelican.output_path)] = set()


def written(path, context=None, **_kwargs) -> None:
    """content_written and feed_written handler: a file this build produced."""
    output = (context or {}).get("OUTPUT_PATH")
    if output is not None and _key(output) in _heard:
        _heard[_key(output)].add(Path(path).resolve())


def static_files(generator) -> None:
    """static_generator_finalized handler: the content's static files this build copies."""
    heard = _heard.get(_key(generator.output_path))
    if heard is not None:
        output = Path(generator.output_path)
        heard.update((output / s.save_as).resolve() for s in generator.staticfiles)


def sweep(pelican) -> None:
    """finalized handler: remove the files of the output folder this build did not produce."""
    heard = _heard.pop(_key(pelican.output_path), None)
    if heard is None:
        return
    output = Path(pelican.output_path).resolve()
    kept = {pelican.settings.get("THEME_STATIC_DIR", "theme"), "pagefind"}
    removed = 0
    for path in sorted(output.rglob("*"), reverse=True):  # files before their folders
        relative = path.relative_to(output)
        if relative.parts[0] in kept:
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.resolve() not in heard:
            path.unlink()
            removed += 1
    if removed:
        log.info("%d file(s) of earlier builds removed from %s", removed, output)


def _key(output: object) -> str:
    return str(Path(str(output)).resolve())
