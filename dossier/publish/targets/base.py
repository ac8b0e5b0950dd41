"""What every deploy target shares: the target and its result, release folders, commands."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...errors import DossierError

DEFAULT_BRANCH = "gh-pages"


class DeployError(DossierError):
    """The site could not be published (or rolled back) to its target."""


@dataclass(frozen=True)
class Target:
    """Where the site is published: kind is dir, rsync, git or s3 (location BUCKET/PREFIX)."""

    kind: str
    location: str
    branch: str = DEFAULT_BRANCH

    def __str__(self) -> str:
        if self.kind == "s3":
            return f"s3://{self.location}"
        suffix = f"#{self.branch}" if self.kind == "git" else ""
        return f"{self.kind}:{self.location}{suffix}"


@dataclass(frozen=True)
class Deployed:
    """A finished deploy or rollback: the release now live (folder name or commit)."""

    target: Target
    release: str
    changed: bool = True
    copy: Path | None = None  # a local copy of the release now live, when there is one


def stamp() -> str:
    """A release name: the UTC time to the microsecond."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")


def releases(folder: Path) -> list[Path]:
    """The complete releases in a releases folder, oldest first (partial copies start with .)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def previous(releases: list[Path], current: str | None) -> Path:
    """The release before the current one (DeployError when there is none)."""
    names = [p.name for p in releases]
    if current not in names or names.index(current) == 0:
        raise DeployError(f"no release before {current or 'the live one'} to roll back to")
    return releases[names.index(current) - 1]


def copy_release(site: Path, folder: Path) -> Path:
    """Copy the site into folder/<UTC time>/ (via a hidden partial folder renamed at the end)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = stamp()
    partial = folder / f".{name}.partial"
    shutil.copytree(site, partial, symlinks=True)
    return partial.rename(folder / name)


def prune(folder: Path, keep: int, current: Path) -> None:
    """Remove all but the newest `keep` releases (never the live one) and stale partial copies."""
    for stale in folder.glob(".*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    found = releases(folder)
    for old in found[: max(0, len(found) - keep)]:
        if old.resolve() != current.resolve():
            shutil.rmtree(old, ignore_errors=True)


def run(command: list[str], env: dict | None = None, cwd: Path | None = None, stdin=None) -> str:
    """Run a command; its output, or DeployError with the last lines of its error output."""
    try:
        done = subprocess.run(
            command, env=env, cwd=cwd, input=stdin, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise DeployError(f"{command[0]} cannot run: {error}") from error
    if done.returncode:
        tail = " / ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise DeployError(f"{' '.join(command[:3])} failed ({done.returncode}): {tail}")
    return done.stdout
