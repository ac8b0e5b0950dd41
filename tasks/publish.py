"""Invoke tasks: Publish unattended: update (the cron job), deploy, rollback."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

from .common import CONFIG, path


def _logged(state: Path, run) -> None:
    """Run a publishing step with its log in state/logs/; print its summary; exit with its code."""
    from dossier.publish.runlog import logging_to

    quiet = not sys.stdout.isatty()
    with logging_to(state, quiet):
        outcome = run()
    # stdout for "deployed", "nothing changed", "locked" and a problem printed on stderr not long
    # ago (cron mails only what is on stderr)
    repeated = outcome.repeated
    where = sys.stdout if outcome.code in (0, 2, 3) or repeated else sys.stderr
    print(outcome.summary + (f" (as at {repeated})" if repeated else ""), file=where)
    for problem in outcome.problems[: 20 if quiet else None]:
        print(f"  {problem}", file=sys.stdout if repeated else sys.stderr)
    if outcome.code:
        raise Exit(code=int(outcome.code))


TARGET_HELP = (
    "dir:PATH, rsync:[user@]host:/path, git:REPO#branch or s3://BUCKET/PREFIX"
    " (default DEPLOY_TARGET)"
)


@task(
    help={
        "sources": "sources file",
        "content": "content folder",
        "target": TARGET_HELP,
        "state": "state folder (default: state beside the content folder)",
        "force": "deploy even when nothing changed, the site shrank or a rollback holds",
        "scrape": "scrape first (--no-scrape builds and deploys content/ as it is)",
    }
)
def update(c, sources=None, content=None, target=None, state=None, force=False, scrape=True):
    """The cron job: lock, scrape, build with publishconf, verify, deploy (exit codes: README)."""
    from dossier.publish.update import update as run_update

    content_dir = path(content, CONFIG["content"])
    state_dir = Path(state).resolve() if state else content_dir.parent / "state"
    sources_file = path(sources, CONFIG["sources"])
    _logged(
        state_dir,
        lambda: run_update(
            content_dir, sources_file, target, state_dir, force=force, scrape=scrape
        ),
    )


@task(
    help={
        "target": TARGET_HELP,
        "output": "the built site (default output/)",
        "content": "content folder (its state folder keeps the deploy record)",
        "force": "deploy even when the site shrank",
    }
)
def deploy(c, target=None, output=None, content=None, force=False):
    """Verify the built output folder and publish it to the target."""
    from dossier.publish.update import deploy_site

    content_dir = path(content, CONFIG["content"])
    site = path(output, CONFIG["output"])
    _logged(
        content_dir.parent / "state",
        lambda: deploy_site(site, target, content_dir, force=force),
    )


@task(
    help={
        "target": "the target to roll back (default DEPLOY_TARGET)",
        "content": "content folder (its state folder keeps the deploy record)",
    }
)
def rollback(c, target=None, content=None):
    """Put the previous release of the site back on the target."""
    from dossier.publish.update import rollback_site

    content_dir = path(content, CONFIG["content"])
    _logged(content_dir.parent / "state", lambda: rollback_site(target, content_dir))
