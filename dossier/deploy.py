"""Publish a built site to a target (dir:, rsync:, git:) and roll it back; never touch it half-way.

- ``dir:/srv/www/dossier``: every deploy is a release folder /srv/www/dossier.releases/<UTC time>/;
  the live path is a symlink switched atomically (a new symlink renamed over the old one).
- ``rsync:[user@]host:/path`` or ``rsync:/local/path``: ``rsync -a --checksum --delete-after``;
  a copy of each deployed build is kept in state/releases/ so that rollback has something to send.
- ``git:PATH_OR_URL#branch``: the site is committed on top of the branch's last commit (like
  ghp-import, with a private index and a throwaway object store) and pushed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import DossierError

log = logging.getLogger(__name__)
KEEP_RELEASES = 5
DEFAULT_BRANCH = "gh-pages"
# Variables that would point git at another repository (GIT_SSH_COMMAND and the like are kept).
REPOSITORY_VARIABLES = {
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
}


class DeployError(DossierError):
    """The site could not be published (or rolled back) to its target."""


@dataclass(frozen=True)
class Target:
    """Where the site is published: kind is dir, rsync or git."""

    kind: str
    location: str
    branch: str = DEFAULT_BRANCH

    def __str__(self) -> str:
        suffix = f"#{self.branch}" if self.kind == "git" else ""
        return f"{self.kind}:{self.location}{suffix}"


@dataclass(frozen=True)
class Deployed:
    """A finished deploy or rollback: the release now live (folder name or commit)."""

    target: Target
    release: str
    changed: bool = True
    copy: Path | None = None  # a local copy of the release now live, when there is one


def parse_target(text: str) -> Target:
    """Read `dir:PATH`, `rsync:[user@]host:/path` (or a local path) or `git:REPO#branch`."""
    kind, sep, location = (text or "").partition(":")
    if not sep or kind not in ("dir", "rsync", "git") or not location:
        raise DeployError(
            f"deploy target {text!r} is not dir:PATH, rsync:[user@]host:/path or git:REPO#branch"
            " (set --target or DEPLOY_TARGET in publishconf.py)"
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
        return _deploy_dir(site, Path(target.location), keep, target)
    if target.kind == "rsync":
        return _deploy_rsync(site, target, state, keep)
    return _deploy_git(site, target, state, message or "Update the site")


def rollback(target: Target, state: Path) -> Deployed:
    """Put the release before the live one back in place."""
    if target.kind == "dir":
        live = Path(target.location)
        releases = _releases(_releases_dir(live))
        current = Path(os.readlink(live)).name if live.is_symlink() else None
        release = _switch(live, _previous(releases, current))
        return Deployed(target, release.name, copy=release)
    if target.kind == "rsync":
        record = load_record(state, target)
        folder = _rsync_releases(state, target)
        previous = _previous(_releases(folder), record.get("release"))
        _rsync(previous, target.location)
        return Deployed(target, previous.name, copy=previous)
    return _rollback_git(target, state)


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


# --- dir: release folders and an atomic symlink --------------------------------------------


def _releases_dir(live: Path) -> Path:
    return live.with_name(live.name + ".releases")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")


def _releases(folder: Path) -> list[Path]:
    """The complete releases in a releases folder, oldest first (partial copies start with .)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _previous(releases: list[Path], current: str | None) -> Path:
    names = [p.name for p in releases]
    if current not in names or names.index(current) == 0:
        raise DeployError(f"no release before {current or 'the live one'} to roll back to")
    return releases[names.index(current) - 1]


def _copy_release(site: Path, folder: Path) -> Path:
    """Copy the site into folder/<UTC time>/ (via a hidden partial folder renamed at the end)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = _stamp()
    partial = folder / f".{name}.partial"
    shutil.copytree(site, partial, symlinks=True)
    return partial.rename(folder / name)


def _switch(live: Path, release: Path) -> Path:
    """Point the live symlink at release: a new symlink renamed over the old one (atomic)."""
    tmp = live.with_name(f".{live.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(release, live.parent), tmp)
    os.replace(tmp, live)
    log.info("dossier.deploy: %s -> %s", live, release)
    return release


def _prune(folder: Path, keep: int, current: Path) -> None:
    """Remove all but the newest `keep` releases (never the live one) and stale partial copies."""
    for stale in folder.glob(".*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    releases = _releases(folder)
    for old in releases[: max(0, len(releases) - keep)]:
        if old.resolve() != current.resolve():
            shutil.rmtree(old, ignore_errors=True)


def _deploy_dir(site: Path, live: Path, keep: int, target: Target) -> Deployed:
    if live.exists() and not live.is_symlink():
        raise DeployError(
            f"{live} is a real folder: move it away once; deploy manages it as a symlink"
        )
    live.parent.mkdir(parents=True, exist_ok=True)
    release = _copy_release(site, _releases_dir(live))
    _switch(live, release)
    _prune(_releases_dir(live), keep, release)
    return Deployed(target, release.name)


# --- rsync: ------------------------------------------------------------------------------------


def _rsync_releases(state: Path, target: Target) -> Path:
    key = hashlib.sha256(str(target).encode()).hexdigest()[:12]
    return state / "releases" / key


def _rsync(site: Path, destination: str) -> None:
    if ":" not in destination.split("/", 1)[0]:  # a local path: rsync creates only the last part
        Path(destination).parent.mkdir(parents=True, exist_ok=True)
    command = ["rsync", "-a", "--checksum", "--delete-after", f"{site}/", destination.rstrip("/")]
    _run(command)


def _deploy_rsync(site: Path, target: Target, state: Path, keep: int) -> Deployed:
    _rsync(site, target.location)
    # a copy of what was sent, for rollback
    folder = _rsync_releases(state, target)
    release = _copy_release(site, folder)
    _prune(folder, keep, release)
    return Deployed(target, release.name)


# --- git: a commit of the site on top of the branch, pushed -------------------------------


def _deploy_git(site: Path, target: Target, state: Path, message: str) -> Deployed:
    with _scratch_repo(state) as env:
        parent = _fetch(target, env, depth=1)
        index = dict(env, GIT_INDEX_FILE=str(Path(env["GIT_DIR"]) / "site-index"))
        _run(["git", "--work-tree", str(site), "add", "--all", "--force", "."], env=index, cwd=site)
        empty = _run(["git", "hash-object", "-w", "--stdin"], env=index, stdin="").strip()
        _run(
            ["git", "update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll"], env=index
        )
        tree = _run(["git", "write-tree"], env=index).strip()
        if parent and tree == _run(["git", "rev-parse", f"{parent}^{{tree}}"], env=env).strip():
            return Deployed(target, parent, changed=False)
        return Deployed(target, _commit_and_push(target, env, tree, parent, message))


def _rollback_git(target: Target, state: Path) -> Deployed:
    with _scratch_repo(state) as env:
        head = _fetch(target, env, depth=2)
        if not head:
            raise DeployError(f"{target} has no branch {target.branch} to roll back")
        try:
            previous = _run(["git", "rev-parse", "--verify", f"{head}^"], env=env).strip()
        except DeployError:
            raise DeployError(f"{target}: no commit before {head[:10]} to roll back to") from None
        tree = _run(["git", "rev-parse", f"{previous}^{{tree}}"], env=env).strip()
        message = f"Roll back to {previous[:10]}"
        return Deployed(target, _commit_and_push(target, env, tree, head, message))


@contextmanager
def _scratch_repo(state: Path) -> Iterator[dict]:
    """A throwaway bare repository in the state folder; yields the git environment for it."""
    state.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="git-deploy-", dir=state) as tmp:
        git_dir = Path(tmp) / "repo.git"
        _run(["git", "init", "--quiet", "--bare", str(git_dir)])
        env = {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}
        env["GIT_DIR"] = str(git_dir)
        if subprocess.run(["git", "config", "user.email"], env=env, capture_output=True).returncode:
            env.update(GIT_AUTHOR_NAME="SBSYS-dossier", GIT_AUTHOR_EMAIL="dossier@localhost")
            env.update(GIT_COMMITTER_NAME="SBSYS-dossier", GIT_COMMITTER_EMAIL="dossier@localhost")
        yield env


def _fetch(target: Target, env: dict, depth: int) -> str | None:
    """Fetch the tip of the target branch (None when the branch does not exist yet)."""
    ref = f"refs/heads/{target.branch}"
    if not _run(["git", "ls-remote", target.location, ref], env=env).strip():
        return None
    _run(["git", "fetch", "--quiet", f"--depth={depth}", _url(target.location), ref], env=env)
    return _run(["git", "rev-parse", "FETCH_HEAD"], env=env).strip()


def _commit_and_push(target: Target, env: dict, tree: str, parent: str | None, message: str) -> str:
    parents = ["-p", parent] if parent else []
    commit = _run(["git", "commit-tree", tree, *parents, "-m", message], env=env).strip()
    _run(
        ["git", "push", "--quiet", target.location, f"{commit}:refs/heads/{target.branch}"], env=env
    )
    log.info("dossier.deploy: pushed %s to %s", commit[:10], target)
    return commit


def _url(location: str) -> str:
    """Shallow fetches need a URL: a local repository path becomes file://."""
    path = Path(location).expanduser()
    return path.absolute().as_uri() if "://" not in location and path.exists() else location


def _run(command: list[str], env: dict | None = None, cwd: Path | None = None, stdin=None) -> str:
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
