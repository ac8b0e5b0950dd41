"""Run an update whose build hangs after Pelican has written the pages (for the SIGKILL test).

Usage: python slow_update.py CONTENT SOURCES TARGET MARKER; MARKER is written when the build is
half done, then the run sleeps until the test kills it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import dossier.publish.build
from dossier.publish.update import update


def hang(site: Path, *args, **kwargs) -> Path:
    """Stands in for the Pagefind step: say so, then never finish."""
    Path(sys.argv[4]).write_text(str(site), encoding="utf-8")
    time.sleep(600)
    raise SystemExit("not killed")


if __name__ == "__main__":
    dossier.publish.build.index_site = hang
    content, sources, target = (sys.argv[1], sys.argv[2], sys.argv[3])
    update(Path(content), Path(sources), target, scrape=False)
