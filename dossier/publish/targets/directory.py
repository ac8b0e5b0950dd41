"""dir:PATH: release folders beside the live path and a symlink switched atomically.

Every deploy copies the site into PATH.releases/<UTC time>/ and renames a new symlink over PATH, so
readers never see half a site; rollback points the symlink at the release before the live one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .base import Deployed, DeployError, Target, copy_release, previous, prune, releases

log = logging.getLogger(__name__)


def releases_dir(live: Path) -> Path:
    """The folder that holds the release folders of a live path."""
    return live.with_name(live.name + ".releases")


def switch(live: Path, release: Path) -> Path:
    """Point the live symlink at release: a new symlink renamed over the old one (atomic)."""
    tmp = live.with_name(f".{live.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(release, live.parent), tmp)
    os.replace(tmp, live)
    log.info("%s -> %s", live, release)
    return release


def deploy(site: Path, target: Target, keep: int) -> Deployed:
    """Copy the site into a new release folder and switch the live symlink to it."""
    live = Path(target.location)
    if live.exists() and not live.is_symlink():
        raise DeployError(
            f"{live} is a real folder: move it away once; deploy manages it as a symlink"
        )
    live.parent.mkdir(parents=True, exist_ok=True)
    release = copy_release(site, releases_dir(live))
    switch(live, release)
    prune(releases_dir(live), keep, release)
    return Deployed(target, release.name)


def rollback(target: Target) -> Deployed:
    """Point the live symlink at the release before the live one."""
    live = Path(target.location)
    current = Path(os.readlink(live)).name if live.is_symlink() else None
    release = switch(live, previous(releases(releases_dir(live)), current))
    return Deployed(target, release.name, copy=release)
