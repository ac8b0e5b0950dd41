"""Index the built site for readers' search with the Pagefind CLI (offline, from the PyPI wheel)."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ..content import atomic_write
from ..errors import BuildError

log = logging.getLogger(__name__)
BUNDLE = "pagefind"


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes a built site: the pagefind package run by this Python."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE]


def pages_digest(site: Path) -> str:
    """A digest of the HTML pages Pagefind reads (their paths and bytes) and of its command."""
    h = hashlib.sha256(repr(pagefind_command(Path("."))).encode())
    bundle = site / BUNDLE
    for page in sorted(site.rglob("*.html")):
        if bundle not in page.parents:
            h.update(str(page.relative_to(site)).encode() + b"\0")
            with page.open("rb") as stream:
                h.update(hashlib.file_digest(stream, "sha256").digest())
    return h.hexdigest()


def index_site(site: Path, timeout: float = 600, state: Path | None = None) -> Path:
    """Write the Pagefind bundle into site/pagefind/ (replacing an old one) and return its path.

    With a state folder, a site whose pages are byte for byte those of the last index (recorded
    in state/pagefind.json) keeps its bundle: Pagefind cannot index part of a site, and reading
    every page costs far less than indexing it.
    """
    bundle = site / BUNDLE
    record = state / "pagefind.json" if state is not None else None
    digest = pages_digest(site) if record is not None else ""
    indexed = (bundle / "pagefind.js").is_file()
    if record is not None and indexed and _recorded(record).get(str(site.resolve())) == digest:
        log.info("dossier.pagefind: pages unchanged since the last index; bundle kept")
        return bundle
    # Pagefind adds fragments without removing old ones: start from an empty bundle.
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        done = subprocess.run(
            pagefind_command(site),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"pagefind could not index {site}: {error}") from error
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError(f"pagefind failed on {site}: {' / '.join(tail)}")
    summary = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("Ind")]
    log.info("%s", "; ".join(summary) or "indexed")
    if record is not None:
        # sites that no longer exist (old staging folders of the cron job) are forgotten
        known = {k: v for k, v in _recorded(record).items() if Path(k).is_dir()}
        known[str(site.resolve())] = digest
        atomic_write(record, json.dumps(known, indent=1, sort_keys=True))
    return bundle


def _recorded(record: Path) -> dict[str, str]:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
