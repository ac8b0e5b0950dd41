"""rsync:[user@]host:/path (or a local path): `rsync -a --checksum --delete-after`.

Files are removed only after the new ones are in place; a copy of each deployed build is kept in
state/releases/ so that rollback has something to send.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .base import Deployed, Target, copy_release, previous, prune, releases, run


def copies_dir(state: Path, target: Target) -> Path:
    """Where the copies of what was sent to this target are kept (for rollback)."""
    key = hashlib.sha256(str(target).encode()).hexdigest()[:12]
    return state / "releases" / key


def _rsync(site: Path, destination: str) -> None:
    if ":" not in destination.split("/", 1)[0]:  # a local path: rsync creates only the last part
        Path(destination).parent.mkdir(parents=True, exist_ok=True)
    command = ["rsync", "-a", "--checksum", "--delete-after", f"{site}/", destination.rstrip("/")]
    run(command)


def deploy(site: Path, target: Target, state: Path, keep: int) -> Deployed:
    """Send the site with rsync and keep a copy of it for rollback."""
    _rsync(site, target.location)
    # a copy of what was sent, for rollback
    folder = copies_dir(state, target)
    release = copy_release(site, folder)
    prune(folder, keep, release)
    return Deployed(target, release.name)


def rollback(target: Target, state: Path, live_release: str | None) -> Deployed:
    """Send the copy of the release before the live one."""
    earlier = previous(releases(copies_dir(state, target)), live_release)
    _rsync(earlier, target.location)
    return Deployed(target, earlier.name, copy=earlier)
