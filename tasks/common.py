"""What every task module shares: the paths and defaults, and errors turned into exits."""

from __future__ import annotations

import logging
from pathlib import Path

from invoke import Exit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {
    "content": ROOT / "content",
    "output": ROOT / "output",
    "sources": ROOT / "sources.toml",
    "host": "127.0.0.1",
    "port": 8000,
}

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("pelican").setLevel(logging.WARNING)


def path(value: str | None, default: Path) -> Path:
    """The path given on the command line, resolved, or the default."""
    return Path(value).resolve() if value else default


def state_path(value: str | None) -> Path | None:
    """The state folder given on the command line, or None (state/ beside the content folder)."""
    return Path(value).resolve() if value else None


def fail(error: Exception, code: int = 1) -> Exit:
    """An exit with a one-line error message."""
    return Exit(f"error: {error}", code=code)
