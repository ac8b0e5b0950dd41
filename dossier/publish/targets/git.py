"""git:PATH_OR_URL#branch: the site as a commit on top of the branch, pushed.

Like ghp-import: a private index and a throwaway object store in the state folder, so the project's
own repository is never touched; a .nojekyll file is added for GitHub Pages.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .base import Deployed, DeployError, Target, run

log = logging.getLogger(__name__)
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


def deploy(site: Path, target: Target, state: Path, message: str) -> Deployed:
    """Commit the site on top of the branch's last commit and push it (nothing when unchanged)."""
    with _scratch_repo(state) as env:
        parent = _fetch(target, env, depth=1)
        index = dict(env, GIT_INDEX_FILE=str(Path(env["GIT_DIR"]) / "site-index"))
        run(["git", "--work-tree", str(site), "add", "--all", "--force", "."], env=index, cwd=site)
        empty = run(["git", "hash-object", "-w", "--stdin"], env=index, stdin="").strip()
        run(["git", "update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll"], env=index)
        tree = run(["git", "write-tree"], env=index).strip()
        if parent and tree == run(["git", "rev-parse", f"{parent}^{{tree}}"], env=env).strip():
            return Deployed(target, parent, changed=False)
        return Deployed(target, _commit_and_push(target, env, tree, parent, message))


def rollback(target: Target, state: Path) -> Deployed:
    """Push a new commit with the tree of the commit before the last one."""
    with _scratch_repo(state) as env:
        head = _fetch(target, env, depth=2)
        if not head:
            raise DeployError(f"{target} has no branch {target.branch} to roll back")
        try:
            previous = run(["git", "rev-parse", "--verify", f"{head}^"], env=env).strip()
        except DeployError:
            raise DeployError(f"{target}: no commit before {head[:10]} to roll back to") from None
        tree = run(["git", "rev-parse", f"{previous}^{{tree}}"], env=env).strip()
        message = f"Roll back to {previous[:10]}"
        return Deployed(target, _commit_and_push(target, env, tree, head, message))


@contextmanager
def _scratch_repo(state: Path) -> Iterator[dict]:
    """A throwaway bare repository in the state folder; yields the git environment for it."""
    state.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="git-deploy-", dir=state) as tmp:
        git_dir = Path(tmp) / "repo.git"
        run(["git", "init", "--quiet", "--bare", str(git_dir)])
        env = {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}
        env["GIT_DIR"] = str(git_dir)
        if subprocess.run(["git", "config", "user.email"], env=env, capture_output=True).returncode:
            env.update(GIT_AUTHOR_NAME="SBSYS-dossier", GIT_AUTHOR_EMAIL="dossier@localhost")
            env.update(GIT_COMMITTER_NAME="SBSYS-dossier", GIT_COMMITTER_EMAIL="dossier@localhost")
        yield env


def _fetch(target: Target, env: dict, depth: int) -> str | None:
    """Fetch the tip of the target branch (None when the branch does not exist yet)."""
    ref = f"refs/heads/{target.branch}"
    if not run(["git", "ls-remote", target.location, ref], env=env).strip():
        return None
    run(["git", "fetch", "--quiet", f"--depth={depth}", _url(target.location), ref], env=env)
    return run(["git", "rev-parse", "FETCH_HEAD"], env=env).strip()


def _commit_and_push(target: Target, env: dict, tree: str, parent: str | None, message: str) -> str:
    parents = ["-p", parent] if parent else []
    commit = run(["git", "commit-tree", tree, *parents, "-m", message], env=env).strip()
    run(
        ["git", "push", "--quiet", target.location, f"{commit}:refs/heads/{target.branch}"], env=env
    )
    log.info("pushed %s to %s", commit[:10], target)
    return commit


def _url(location: str) -> str:
    """Shallow fetches need a URL: a local repository path becomes file://."""
    path = Path(location).expanduser()
    return path.absolute().as_uri() if "://" not in location and path.exists() else location
