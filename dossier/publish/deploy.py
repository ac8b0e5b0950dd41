"""Publish a built site to a target (dir:, rsync:, git:, s3:) and roll it back.

- ``dir:/srv/www/dossier``: every deploy is a release folder /srv/www/dossier.releases/<UTC time>/;
  the live path is a symlink switched atomically (a new symlink renamed over the old one).
- ``rsync:[user@]host:/path`` or ``rsync:/local/path``: ``rsync -a --checksum --delete-after``;
  a copy of each deployed build is kept in state/releases/ so that rollback has something to send.
- ``git:PATH_OR_URL#branch``: the site is committed on top of the branch's last commit (like
  ghp-import, with a private index and a throwaway object store) and pushed.
- ``s3://BUCKET/PREFIX``: S3-compatible object storage; changed files only, a manifest per
  release, stale files deleted after the new release is complete (targets/s3.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .targets import directory, git, rsync, s3
from .targets.base import DEFAULT_BRANCH, Deployed, DeployError, Target

__all__ = ["DeployError", "Deployed", "Target", "deploy", "live_site", "parse_target", "rollback"]
KEEP_RELEASES = 5


def parse_target(text: str) -> Target:
    """Read `dir:PATH`, `rsync:[user@]host:/path` (or a local path), `git:REPO#branch` or
    `s3://BUCKET/PREFIX`."""
    kind, sep, location = (text or "").partition(":")
    if kind == "s3" and location.startswith("//") and location.strip("/"):
        return Target(kind, location.strip("/"))
    if not sep or kind not in ("dir", "rsync", "git") or not location:
        raise DeployError(
            f"deploy target {text!r} is not dir:PATH, rsync:[user@]host:/path, git:REPO#branch"
            " or s3://BUCKET/PREFIX (set --target, or DOSSIER_DEPLOY_TARGET for publishconf.py)"
        )
    if kind == "git":
        location, _, branch = location.partition("#")
        return Target(kind, location, branch or DEFAULT_BRANCH)
    if kind == "dir":
        location = str(Path(location).expanduser().absolute())
    return Target(kind, location)


def deploy(
    site: Path, target: Target, state: Path, keep: int = KEEP_RELEASES, message=""
) -> Deployed:
    """Publish the built site folder to the target."""
    if not (site / "index.html").is_file():
        raise DeployError(f"{site} has no index.html: not a built site")
    if target.kind == "dir":
        return directory.deploy(site, target, keep)
    if target.kind == "rsync":
        return rsync.deploy(site, target, state, keep)
    if target.kind == "s3":
        done = s3.deploy(site, target)
        s3.prune(target, keep)
        return done
    return git.deploy(site, target, state, message or "Update the site")


def rollback(target: Target, state: Path) -> Deployed:
    """Put the release before the live one back in place."""
    if target.kind == "dir":
        return directory.rollback(target)
    if target.kind == "rsync":
        return rsync.rollback(target, state, load_record(state, target).get("release"))
    if target.kind == "s3":
        return s3.rollback(target)
    return git.rollback(target, state)


def live_site(target: Target) -> Path | None:
    """The folder readers are served now, when the target is a local dir: target."""
    live = Path(target.location)
    return live.resolve() if target.kind == "dir" and live.is_dir() else None


# --- the record of the last deploy per target (state/deploy.json) ---------------------------


def load_record(state: Path, target: Target) -> dict:
    """What was recorded about the last deploy to target ({} if none)."""
    try:
        data = json.loads((state / "deploy.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data.get(str(target), {})


def save_record(state: Path, target: Target, record: dict) -> None:
    """Replace the record of target in state/deploy.json (atomically)."""
    path = state / "deploy.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        data = {}
    data[str(target)] = record
    state.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".deploy.json.{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
