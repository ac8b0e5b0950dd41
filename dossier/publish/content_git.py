"""Keep what the scrapers wrote: commit content/articles/ when content/ is a git repository."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)


def commit_content(content: Path) -> str | None:
    """Commit what changed under content/articles/ when content/ is its own git repository."""
    if not (content / ".git").exists() or not (content / "articles").is_dir():
        return None
    git = ["git", "-C", str(content)]
    subprocess.run([*git, "add", "--all", "--", "articles"], check=True, capture_output=True)
    added = subprocess.run(
        [*git, "diff", "--cached", "--name-status", "--", "articles"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    if not added:
        return None
    new = [name for status, name in (line.split("\t", 1) for line in added) if status == "A"]
    titles = [f"- {_title(content / name)} ({name})" for name in new]
    subject = f"Scraped {len(new)} new article(s), {len(added) - len(new)} changed file(s)"
    message = "\n".join([subject, "", *titles]) if titles else subject
    identity = ["-c", "user.name=SBSYS-dossier", "-c", "user.email=dossier@localhost"]
    configured = subprocess.run([*git, "config", "user.email"], capture_output=True).returncode == 0
    command = [*git, *([] if configured else identity), "commit", "--quiet", "-m", message]
    subprocess.run(command, check=True, capture_output=True)
    log.info("committed to content/: %s", subject)
    return message


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("title:"):
            return line.split(":", 1)[1].strip()
        if not line.strip():
            break
    return path.stem
