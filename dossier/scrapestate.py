"""What the scrapers remember about each source, read-only, for the /kilder/ page and the cron job.

The scrapers own state/scrape.sqlite3 (scrapers/state.py); this module only reads it, so the plugin
and publishing never import the scrapers.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

log = logging.getLogger(__name__)


def read_statuses(state: Path) -> dict[str, tuple]:
    """(last success, status, error) by source id from state/scrape.sqlite3, opened read-only."""
    path = state / "scrape.sqlite3"
    if not path.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            sql = "SELECT id, last_success, status, error FROM source_status"
            rows = db.execute(sql).fetchall()
    except sqlite3.Error as error:  # a state file from another version must not stop a build
        log.warning("dossier: cannot read source status from %s: %s", path, error)
        return {}
    return {row[0]: row[1:] for row in rows}
