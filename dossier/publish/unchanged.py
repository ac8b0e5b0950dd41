"""Skip a whole build when nothing it reads has changed since the last build into the same folder.

A build reads the content folder, the sources file, the theme, the dossier package, the settings,
the libraries and the scrapers' source statuses (/kilder/). When a digest of all of them equals
the one recorded after the last build into this output folder, and the output folder is as that
build left it, Pelican and Pagefind would write exactly the same files: nothing is run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..config import project_path, state_dir
from ..content import atomic_write
from ..scrapestate import read_states
from .preflight import tree_digest

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]
LIBRARIES = ("pelican", "markdown", "jinja2", "babel", "pagefind", "trafilatura", "networkx")
RECORD = "builds.json"


def inputs_digest(settings: dict) -> str:
    """A digest of everything a build reads (see the module's docstring)."""
    h = hashlib.sha256()
    sources = project_path(settings, settings.get("DOSSIER_SOURCES", "sources.toml"))
    folders = [Path(settings["PATH"]), Path(settings["THEME"]), PACKAGE]
    h.update(tree_digest(*[p for p in (*folders, sources) if p.exists()]).encode())
    h.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(name.encode())
    states = sorted(read_states(state_dir(settings)).items())
    h.update(repr(states).encode())
    return h.hexdigest()


def output_stamp(output: Path) -> str:
    """Every file of the output folder with its size and modification time (untouched or not)."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(output):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            entry = f"{os.path.relpath(path, output)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            h.update(entry.encode())
    return h.hexdigest()


def pending(settings: dict, output: Path) -> str | None:
    """The inputs' digest when output needs a build; None when the last build left it current."""
    digest = inputs_digest(settings)
    if not settings.get("DOSSIER_INCREMENTAL", True) or not (output / "index.html").is_file():
        return digest
    last = _records(settings).get(str(output.resolve()), {})
    if last.get("inputs") == digest and last.get("output") == output_stamp(output):
        log.info("nothing changed since the last build into %s: nothing to do", output)
        return None
    return digest


def remember(settings: dict, output: Path, digest: str) -> None:
    """Record the inputs of the build just finished into output, and what output is now."""
    records = _records(settings)
    records = {k: v for k, v in records.items() if Path(k).is_dir()}  # gone staging folders
    records[str(output.resolve())] = {"inputs": digest, "output": output_stamp(output)}
    path = state_dir(settings) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(records, indent=1, sort_keys=True))


def forget(settings: dict, output: Path) -> None:
    """Drop the record of output before a build writes into it (a build that dies trusts none)."""
    records = _records(settings)
    if records.pop(str(output.resolve()), None) is not None:
        atomic_write(state_dir(settings) / RECORD, json.dumps(records, indent=1, sort_keys=True))


def _records(settings: dict) -> dict:
    try:
        data = json.loads((state_dir(settings) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
