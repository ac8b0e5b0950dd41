"""Index the built site for readers' search with the Pagefind CLI (offline, from the PyPI wheel).

In parts when the site is large (search_parts.py), each kept while its pages stay the same.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ..config import DEFAULTS
from ..content import atomic_write
from ..errors import BuildError
from .search_parts import Part, part_digest, plan, read_page

log = logging.getLogger(__name__)
BUNDLE = "pagefind"
PARTS_FOLDER = "parts"  # site/pagefind/parts/N/: the bundles of the search parts after the first
PARTS = "parts.json"  # site/pagefind/parts.json: those bundles, relative to site/pagefind/
# site/pagefind/.next/: where a part's new bundle is written before it takes the old one's
# place (_install), and where the old one's files wait to be removed; gone when indexing ends
FRESH = ".next"
PART_PAGES = int(DEFAULTS["DOSSIER_SEARCH_PART_PAGES"])


def pagefind_command(site: Path, bundle: str = BUNDLE, glob: str = "") -> list[str]:
    """The command that indexes a built site (the pages glob matches, all when empty) into
    site/bundle: the pagefind package run by this Python."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", bundle]
    return command + (["--glob", glob] if glob else [])


def index_site(
    site: Path, timeout: float = 600, state: Path | None = None, part_pages: int = PART_PAGES
) -> Path:
    """Write the Pagefind bundle into site/pagefind/ and return its path.

    The indexed pages are split into parts of at most part_pages pages (search_parts.py): the
    first part's bundle is site/pagefind/, the others' site/pagefind/parts/N/, listed in
    site/pagefind/parts.json for the search page to merge. With a state folder, a part whose
    pages are byte for byte those of its last index (recorded in state/pagefind.json) keeps its
    bundle: Pagefind cannot index part of a bundle, and reading every page costs far less than
    indexing it.
    """
    pages = [read_page(site, path) for path in _html_files(site)]
    parts = plan(pages, part_pages)
    record = state / "pagefind.json" if state is not None else None
    records = _recorded(record) if record is not None else {}
    known = records.get(str(site.resolve()))
    known = known if isinstance(known, dict) else {}  # a record of one bundle (older) or none
    digests, kept = {}, 0
    shutil.rmtree(site / BUNDLE / FRESH, ignore_errors=True)  # left by an indexing cut short
    try:
        for number, part in enumerate(parts):
            bundle = part_bundle(number)
            digest = part_digest(part, pages, pagefind_command(Path("."), bundle, part.glob()))
            if known.get(bundle) == digest and (site / bundle / "pagefind-entry.json").is_file():
                kept += 1
            else:
                which = f"search part {number + 1} of {len(parts)}" if len(parts) > 1 else "search"
                _run(site, bundle, number, part, timeout, which)
            digests[bundle] = digest
    finally:
        shutil.rmtree(site / BUNDLE / FRESH, ignore_errors=True)
    _remove_stale_parts(site, set(digests))
    atomic_write(site / BUNDLE / PARTS, json.dumps([_url(b) for b in list(digests)[1:]]) + "\n")
    if kept == len(parts):
        log.info("dossier.pagefind: pages unchanged since the last index; bundle kept")
    elif kept:
        log.info("dossier.pagefind: %d of %d search parts unchanged; kept", kept, len(parts))
    if record is not None:
        # sites that no longer exist (old staging folders of the cron job) are forgotten
        records = {k: v for k, v in records.items() if Path(k).is_dir()}
        records[str(site.resolve())] = digests
        atomic_write(record, json.dumps(records, indent=1, sort_keys=True))
    return site / BUNDLE


def part_bundle(number: int) -> str:
    """Where part `number` (from 0) of the search index is written, relative to the site."""
    return BUNDLE if number == 0 else f"{BUNDLE}/{PARTS_FOLDER}/{number}"


def _url(bundle: str) -> str:
    """A part's bundle as the search page merges it: relative to the first bundle."""
    return bundle.removeprefix(f"{BUNDLE}/") + "/"


def _html_files(site: Path) -> list[Path]:
    bundle = site / BUNDLE
    return sorted(p for p in site.rglob("*.html") if bundle not in p.parents)


def _install(fresh: Path, bundle: Path, keep: tuple[str, ...]) -> None:
    """Put the bundle Pagefind wrote into fresh in the place of the one in bundle, then remove
    the old one's files (Pagefind adds files to a bundle without removing old ones). The names
    in keep stay: the first part's folder also holds the other parts.

    Written into a folder of its own rather than over an emptied bundle, the search works with
    the last index until the new one is in place (the preview serves while it indexes: serve.py),
    and an indexing that fails leaves the last index as it was."""
    old = fresh.with_name(fresh.name + ".old")
    old.mkdir()
    bundle.mkdir(parents=True, exist_ok=True)
    for entry in list(bundle.iterdir()):
        if entry.name not in keep:
            entry.rename(old / entry.name)
    for entry in list(fresh.iterdir()):
        entry.rename(bundle / entry.name)
    shutil.rmtree(old)


def _remove_stale_parts(site: Path, bundles: set[str]) -> None:
    folder = site / BUNDLE / PARTS_FOLDER
    for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
        if f"{BUNDLE}/{PARTS_FOLDER}/{entry.name}" not in bundles:
            shutil.rmtree(entry, ignore_errors=True)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _run(site: Path, bundle: str, number: int, part: Part, timeout: float, which: str) -> None:
    fresh = site / BUNDLE / FRESH / str(number)
    shutil.rmtree(fresh, ignore_errors=True)
    command = pagefind_command(site, fresh.relative_to(site).as_posix(), part.glob())
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"pagefind could not index {site}: {error}") from error
    if done.returncode != 0 or not (fresh / "pagefind-entry.json").is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError(f"pagefind failed on {site}: {' / '.join(tail)}")
    _install(fresh, site / bundle, (PARTS_FOLDER, PARTS, FRESH) if number == 0 else ())
    summary = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("Ind")]
    log.info("%s (%d pages): %s", which, part.pages, "; ".join(summary) or "indexed")


def _recorded(record: Path) -> dict[str, object]:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
