"""The unattended run's log: one line per stage in state/logs/update.log, quiet under cron.

Every line is written once, with its logger's name once: messages carry no prefix of their own
(the formats add %(name)s). The run's summary is logged with FILE_ONLY, because the task prints
it itself (on stdout or stderr, where cron and systemd look).
"""

from __future__ import annotations

import logging
import logging.handlers
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("dossier.publish.update")
# `extra=` of a record that goes to the log file but not to the console.
FILE_ONLY = {"file_only": True}
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Log one line per stage with its duration, and whether it failed (to the file only: the
    run's summary says why, once)."""
    started = time.monotonic()
    try:
        yield
    except BaseException:
        log.error("%s failed after %.1f s", name, time.monotonic() - started, extra=FILE_ONLY)
        raise
    log.info("%s done in %.1f s", name, time.monotonic() - started)


def _console_record(record: logging.LogRecord) -> bool:
    """Console handlers skip what is for the log file only."""
    return not getattr(record, "file_only", False)


@contextmanager
def logging_to(state: Path, quiet: bool) -> Iterator[Path]:
    """Log every stage to state/logs/update.log (rotated); on no terminal, show errors only."""
    path = state / "logs" / "update.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    consoles = [h for h in root.handlers if type(h) is logging.StreamHandler]
    levels = [h.level for h in consoles]
    root_level = root.level
    root.setLevel(min(root.level or logging.WARNING, logging.INFO))
    from pelican.log import console as pelican_console  # rich console: "Done: Processed ..."

    was_quiet = pelican_console.quiet
    if quiet:
        pelican_console.quiet = True
    for console in consoles:
        console.addFilter(_console_record)
        if quiet:
            console.setLevel(logging.ERROR)
    root.addHandler(handler)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(root_level)
        pelican_console.quiet = was_quiet
        handler.close()
        for console, level in zip(consoles, levels, strict=True):
            console.setLevel(level)
            console.removeFilter(_console_record)
