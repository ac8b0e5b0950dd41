"""The unattended run: lock, scrape, commit, build into staging, verify, deploy, summarise.

The order is written once, in update(). Every outcome has its own exit code (see Code) so that
cron and systemd can tell "nothing new" from "the site could not be published".
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path

from ..config import PLACEHOLDER_SITEURL
from ..editing.messages import for_operators
from ..errors import ContentError, DossierError
from ..scrapestate import read_states
from .alerts import alerting_sources, forget, notify_run, printed_before
from .build import ROOT, build_site, require_site_url, site_settings
from .content_git import commit_content
from .deploy import Target, deploy, live_site, load_record, parse_target, rollback, save_record
from .lock import LockedError, exclusive
from .preflight import shrinkage, site_counts, tree_digest, verify_site
from .runlog import FILE_ONLY, stage

log = logging.getLogger(__name__)


class Code(IntEnum):
    """Exit codes of `invoke update`, `invoke deploy` and `invoke rollback`."""

    DEPLOYED = 0
    ERROR = 1  # bad target or sources file, scrape crashed, nothing to roll back to
    UNCHANGED = 2  # nothing changed since the last deploy: nothing deployed
    LOCKED = 3  # another update is running
    BUILD_FAILED = 4
    VERIFY_FAILED = 5  # broken links, missing files, or the shrink guard
    DEPLOY_FAILED = 6
    SOURCES_FAILING = 7  # deployed what it could (or nothing changed), but sources keep failing


# Outcomes that need a person: notified through DOSSIER_NOTIFY (not 0, 2 or 3).
NOTIFIED = {
    Code.ERROR,
    Code.BUILD_FAILED,
    Code.VERIFY_FAILED,
    Code.DEPLOY_FAILED,
    Code.SOURCES_FAILING,
}


@dataclass(frozen=True)
class Outcome:
    """How a run ended: its exit code, a one-line summary and the problems behind it."""

    code: Code
    summary: str
    problems: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()  # the ids of the sources that keep failing (exit 7)
    repeated: str = ""  # when the same problem was printed on stderr, less than a while ago


class Stop(Exception):
    """Ends a run early with an outcome."""

    def __init__(self, code: Code, summary: str, problems=()) -> None:
        super().__init__(summary)
        self.outcome = Outcome(code, summary, tuple(problems))


def update(
    content: Path,
    sources: Path,
    target: str | None = None,
    state: Path | None = None,
    root: Path = ROOT,
    force: bool = False,
    scrape: bool = True,
) -> Outcome:
    """The cron job: scrape, commit, build with publishconf into staging, verify, deploy."""
    state = state or content.parent / "state"
    settings: dict = {}
    try:
        with exclusive(state / "update.lock"):
            settings = site_settings(content, state / "staging", True, root)
            with for_operators():  # the content problems it logs and mails are in English
                outcome = _update(
                    content.resolve(), sources.resolve(), target, state, root, force, scrape,
                    settings,
                )  # fmt: skip
            outcome = _alerts(outcome, sources, state, settings)
            _notify(outcome, state, settings)
            outcome = _printed_once(outcome, state, settings)
    except LockedError as error:
        outcome = Outcome(Code.LOCKED, f"update: {error}")
    except Exception as error:  # a bug, a full disk: one line for cron, the trace in the log
        log.exception("unexpected error")
        outcome = Outcome(Code.ERROR, f"update: unexpected {type(error).__name__}: {error}")
        _notify(outcome, state, settings)  # when the settings were read
        outcome = _printed_once(outcome, state, settings)
    # the summary goes to the log file only: the task prints it (once) for the terminal or cron;
    # its level says whether a person is needed (grep for ERROR and WARNING finds every problem)
    level = logging.WARNING if outcome.code == Code.SOURCES_FAILING else logging.ERROR
    level = level if outcome.code in NOTIFIED else logging.INFO
    log.log(level, "exit %d: %s", outcome.code, outcome.summary, extra=FILE_ONLY)
    for problem in outcome.problems[:50]:
        log.log(level, "  %s", problem, extra=FILE_ONLY)
    return outcome


def _update(content, sources, target, state, root, force, scrape, settings) -> Outcome:
    started = time.monotonic()
    try:
        where = _target(target, settings, "update")
        try:
            require_site_url(settings)  # before scraping: the run could not publish anyway
        except DossierError as error:
            raise Stop(Code.ERROR, f"update: {error}") from error
        # collect: every source, new items only (scrapers/run.py)
        news = _scrape(sources, content, state) if scrape else "scrape skipped"
        # keep: commit what the scrapers wrote when content/ is a git repository
        if settings["DOSSIER_COMMIT_CONTENT"] and (content / ".git").exists():
            news += _commit(content)
        # nothing changed: the same content, sources, theme, settings and code as the last deploy,
        # and every source in the same state (a source that starts failing shows on /kilder/)
        digest = tree_digest(content, sources, root / "theme", root / "dossier", *_confs(root))
        statuses = _statuses(state)
        record = load_record(state, where)
        if not force and record.get("digest") == digest:
            if record.get("held"):  # rolled back: hold until content, sources or code change
                held = f"rolled back to {record.get('release')}; held until something changes"
                raise Stop(Code.UNCHANGED, f"update: {held} (--force deploys) ({news})")
            if record.get("statuses") == statuses:
                raise Stop(
                    Code.UNCHANGED, f"update: nothing changed since the last deploy ({news})"
                )
        # build: publishconf, into the staging folder beside the state, never the live one. It
        # is kept between runs, so a page whose inputs did not change is not rendered again and
        # an unchanged search part keeps its index; instead of starting from an empty folder the
        # build removes every file of it that it did not produce (dossier/plugin/prune.py)
        for old in state.glob("staging-*"):  # fresh folders of earlier versions or killed runs
            shutil.rmtree(old, ignore_errors=True)
        staging = state / "staging"
        try:
            with stage("build"):
                built = build_site(
                    content,
                    staging,
                    publish=True,
                    sources=sources,
                    root=root,
                    DOSSIER_STATE=str(state),
                    CACHE_PATH=str(state / "pelican-cache"),
                    DELETE_OUTPUT_DIRECTORY=False,
                    DOSSIER_SWEEP=True,
                )
        except ContentError as error:
            problems = [p.format(content.parent) for p in error.problems]
            raise Stop(Code.BUILD_FAILED, f"update: build failed: {error}", problems) from error
        except Exception as error:
            raise Stop(Code.BUILD_FAILED, f"update: build failed: {error}") from error
        for problem in built.problems:  # warnings only: an error stopped the build
            log.warning("%s", problem.format(content.parent))
        # verify, then deploy and record what is live
        deployed = _publish(staging, where, state, settings, force, f"Update: {news}")
        save_record(
            state, where, {**load_record(state, where), "digest": digest, "statuses": statuses}
        )
    except Stop as stop:
        return stop.outcome
    seconds = time.monotonic() - started
    return Outcome(Code.DEPLOYED, f"update: deployed {deployed} ({news}) in {seconds:.1f} s")


def deploy_site(
    site: Path, target: str | None, content: Path, root: Path = ROOT, force: bool = False
) -> Outcome:
    """`invoke deploy`: verify an already built site folder and publish it."""
    state = content.parent / "state"
    settings = site_settings(content, site, True, root)
    try:
        require_site_url(settings)  # the address the pages must have been built for
    except DossierError as error:
        return Outcome(Code.ERROR, f"deploy: {error}")
    try:
        with exclusive(state / "update.lock"):
            where = _target(target, settings, "deploy")
            deployed = _publish(site.resolve(), where, state, settings, force, "Deploy")
    except LockedError as error:
        return Outcome(Code.LOCKED, f"deploy: {error}")
    except Stop as stop:
        return stop.outcome
    return Outcome(Code.DEPLOYED, f"deploy: deployed {deployed}")


def rollback_site(target: str | None, content: Path, root: Path = ROOT) -> Outcome:
    """`invoke rollback`: put the previous release back."""
    state = content.parent / "state"
    settings = site_settings(content, state / "staging", True, root)
    try:
        with exclusive(state / "update.lock"):
            where = _target(target, settings, "rollback")
            with stage("rollback"):
                done = rollback(where, state)
    except LockedError as error:
        return Outcome(Code.LOCKED, f"rollback: {error}")
    except Stop as stop:
        return stop.outcome
    except DossierError as error:
        return Outcome(Code.ERROR, f"rollback: {error}")
    # hold: the next update deploys only when content, sources, theme or code differ from the
    # release that was rolled back (its digest is kept), or with --force
    before = load_record(state, where)
    counts = site_counts(done.copy) if done.copy else before.get("counts")
    kept = {k: before[k] for k in ("digest", "statuses") if k in before}
    record = {"release": done.release, "counts": counts, "at": _now(), "held": True, **kept}
    save_record(state, where, record)
    return Outcome(Code.DEPLOYED, f"rollback: {where} is now at {done.release}")


def _publish(site, where: Target, state, settings, force, message) -> str:
    """Verify a built site, check it against the live one, deploy it and record it."""
    with stage("verify"):
        required = tuple(settings["DOSSIER_REQUIRED_FILES"])
        problems = verify_site(site, settings.get("SITEURL", ""), required)
    if problems:
        summary = f"verify: {len(problems)} problem(s), not deployed"
        if any(PLACEHOLDER_SITEURL in problem for problem in problems):
            summary += f"; links point at {PLACEHOLDER_SITEURL}: build with DOSSIER_SITEURL set"
        raise Stop(Code.VERIFY_FAILED, summary, problems)
    counts = site_counts(site)
    live = live_site(where)
    before = site_counts(live) if live else load_record(state, where).get("counts")
    threshold = float(settings["DOSSIER_SHRINK_THRESHOLD"])
    shrunk = [] if force else shrinkage(counts, before, threshold)
    if shrunk:
        raise Stop(
            Code.VERIFY_FAILED, "verify: the new build is smaller than the live site", shrunk
        )
    try:
        with stage("deploy"):
            keep = int(settings["DOSSIER_KEEP_RELEASES"])
            done = deploy(site, where, state, keep=keep, message=message)
    except Exception as error:
        raise Stop(Code.DEPLOY_FAILED, f"deploy to {where} failed: {error}") from error
    save_record(state, where, {"release": done.release, "counts": counts, "at": _now()})
    pages = f"{counts['pages']} pages, {counts['articles']} articles"
    return f"{done.release} to {where}, {pages}" + ("" if done.changed else " (unchanged)")


def _target(value: str | None, settings: dict, task: str) -> Target:
    """The deploy target of --target or the settings; a Stop naming the task when it is bad."""
    try:
        return parse_target(value or settings.get("DEPLOY_TARGET", ""))
    except DossierError as error:
        raise Stop(Code.ERROR, f"{task}: {error}") from error


def _scrape(sources: Path, content: Path, state: Path) -> str:
    """Run the scrapers; return what they found as a short phrase."""
    from scrapers.run import scrape

    try:
        with stage("scrape"):
            report = scrape(sources, content, state)  # a progress line on a terminal only
    except Exception as error:
        raise Stop(Code.ERROR, f"update: scrape failed: {error}") from error
    new, updated, errors = (report.total(n) for n in ("new", "updated", "errors"))
    return f"{new} new, {updated} updated articles, {errors} source error(s)"


def _commit(content: Path) -> str:
    """Commit the scraped articles; a failed commit is reported but does not stop the run."""
    try:
        with stage("commit"):
            commit_content(content)
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        log.error("git commit in %s failed: %s %s", content, error, stderr.decode())
        return ", content commit failed"
    return ""


def _statuses(state: Path) -> str:
    """What /kilder/ shows of every source's trouble: failing or not, how, since when.

    Not the fetch times, run counts or error texts, which change on every run of a failing source:
    the site is rebuilt when a source starts or stops failing, not every hour while it fails.
    """
    states = read_states(state).values()
    rows = sorted((s.id, s.failing, s.error_kind, s.failing_since) for s in states)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def _alerts(outcome: Outcome, sources: Path, state: Path, settings: dict) -> Outcome:
    """A run that deployed (or had nothing to) ends with exit 7 when sources keep failing."""
    if outcome.code not in (Code.DEPLOYED, Code.UNCHANGED):
        return outcome
    failing = alerting_sources(sources, state, settings)
    if not failing:
        return outcome
    listed = ", ".join(f.describe() for f in failing)
    summary = f"{outcome.summary}; {len(failing)} source(s) failing: {listed}"
    ids = tuple(f.id for f in failing)
    return Outcome(Code.SOURCES_FAILING, summary, outcome.problems, ids)


def _notify(outcome: Outcome, state: Path, settings: dict) -> None:
    """Notify DOSSIER_NOTIFY of a run that needs a person; a clean run forgets the last problem."""
    try:
        if outcome.code in (Code.DEPLOYED, Code.UNCHANGED):
            forget(state)
        elif outcome.code in NOTIFIED:
            notify_run(state, settings, int(outcome.code), _body(outcome), outcome.failing)
    except Exception:  # a notification never changes how the run ended
        log.exception("notification failed")


def _body(outcome: Outcome) -> str:
    """What a notification says: the summary, then the first problems, a line each."""
    return "\n".join([outcome.summary, *outcome.problems[:20]])


def _printed_once(outcome: Outcome, state: Path, settings: dict) -> Outcome:
    """The outcome, marked repeated when its problem was printed on stderr (and so mailed by
    cron) less than DOSSIER_NOTIFY_REPEAT_HOURS ago: an hourly run mails a lasting problem
    once a day, not every hour. A clean run forgets it (_notify)."""
    if outcome.code not in NOTIFIED:
        return outcome
    try:
        at = printed_before(state, settings, int(outcome.code), _body(outcome), outcome.failing)
    except OSError as error:  # a full disk must not hide the problem: printed as it is
        log.warning("cannot keep what was printed in %s: %s", state, error)
        return outcome
    return replace(outcome, repeated=at) if at else outcome


def _confs(root: Path) -> list[Path]:
    return [p for p in (root / "pelicanconf.py", root / "publishconf.py") if p.is_file()]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
