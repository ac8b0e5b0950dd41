"""Index the built site for readers' search with the Pagefind CLI (offline, from the PyPI wheel)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError

log = logging.getLogger(__name__)
BUNDLE = "pagefind"


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes a built site: the pagefind package run by this Python."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE]


def index_site(site: Path, timeout: float = 600) -> Path:
    """Write the Pagefind bundle into site/pagefind/ (replacing an old one) and return its path."""
    bundle = site / BUNDLE
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
    return bundle
