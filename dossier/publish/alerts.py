"""Alerts: sources that keep failing, and notifications (apprise) of runs that need a person.

A source alerts when it failed in DOSSIER_ALERT_FAILURES consecutive runs or has had no success
for DOSSIER_ALERT_HOURS hours. Notifications go to the apprise URLs of DOSSIER_NOTIFY (mailto://,
matrix://, slack://, ntfy://, json://, ...), once per problem: the same problem is sent again only
after DOSSIER_NOTIFY_REPEAT_HOURS, and a run without problems forgets it. The run's summary line
goes to stderr (which cron mails) by the same rule.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..config import load_sources
from ..content import atomic_write
from ..scrapestate import SourceState, read_states

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failing:
    """A source that failed for too long: how many runs, since when, and how."""

    id: str
    failures: int
    kind: str
    last_success: str | None

    def describe(self) -> str:
        """One phrase for the summary line, e.g. `kb (4 runs, unreachable, last ok never)`."""
        runs = f"{self.failures} run{'s' if self.failures != 1 else ''}"
        return f"{self.id} ({runs}, {self.kind}, last ok {self.last_success or 'never'})"


def failing_sources(
    states: dict[str, SourceState],
    active: Iterable[str],
    runs: int,
    hours: float,
    now: datetime | None = None,
) -> list[Failing]:
    """The active sources that failed in `runs` consecutive runs or had no success for `hours`."""
    now = now or datetime.now(UTC)
    found = []
    for source_id in sorted(active):
        state = states.get(source_id)
        if state is None or not state.failing:
            continue
        ok_or_start = _moment(state.last_success) or _moment(state.failing_since)
        stale = ok_or_start is not None and now - ok_or_start >= timedelta(hours=hours)
        if state.failures >= runs or stale:
            kind = state.error_kind or "other"
            found.append(Failing(source_id, state.failures, kind, state.last_success))
    return found


def alerting_sources(sources: Path, state: Path, settings: dict) -> list[Failing]:
    """The sources of the sources file (not retired) that fail by the DOSSIER_ALERT_* settings."""
    active = [k for k, s in load_sources(sources).items() if not s.get("retired", False)]
    runs, hours = int(settings["DOSSIER_ALERT_FAILURES"]), float(settings["DOSSIER_ALERT_HOURS"])
    return failing_sources(read_states(state), active, runs, hours)


def problem_key(code: int, body: str, failing: Sequence[str] = ()) -> str:
    """What makes two runs' problems the same: the exit code and the same failing sources, or
    the same summary and problems (body: a line each) without their durations."""
    same = ",".join(failing) or re.sub(r"[0-9.]+ s\b", "", body)
    return f"{code}:{same}"


def notify_run(
    state: Path, settings: dict, code: int, body: str, failing: Sequence[str] = ()
) -> bool:
    """Notify DOSSIER_NOTIFY of a run's problem (once per problem; see notify_once)."""
    urls = notify_urls(settings.get("DOSSIER_NOTIFY"))
    if not urls:
        return False
    key = problem_key(code, body, failing)
    return notify_once(state, urls, key, body, _repeat_hours(settings))


def printed_before(
    state: Path, settings: dict, code: int, body: str, failing: Sequence[str] = ()
) -> str | None:
    """When a run printed the same problem on stderr (cron mails it) less than
    DOSSIER_NOTIFY_REPEAT_HOURS ago; else None, and this problem counts as printed now."""
    key = problem_key(code, body, failing)
    at = said_at(state / PRINTED, key, _repeat_hours(settings))
    if not at:
        remember(state / PRINTED, key)
    return at


def _repeat_hours(settings: dict) -> float:
    return float(settings.get("DOSSIER_NOTIFY_REPEAT_HOURS", 24))


def notify_urls(setting: str | Sequence[str] | None) -> list[str]:
    """The apprise URLs of DOSSIER_NOTIFY: a list, or one string split on spaces and commas."""
    if not setting:
        return []
    if isinstance(setting, str):
        return [url for url in re.split(r"[\s,]+", setting) if url]
    return [str(url) for url in setting if url]


def notify(urls: Sequence[str], title: str, body: str) -> bool:
    """Send one notification to every URL with apprise; False (and a log line) when one failed."""
    with warnings.catch_warnings():  # apprise's plugins import the deprecated imghdr
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise  # only runs that notify pay for importing it

        sender = apprise.Apprise()
        for url in urls:
            if not sender.add(url):
                log.error("notification URL not understood by apprise: %s", _redact(url))
        sent = bool(len(sender)) and bool(sender.notify(title=title, body=body))
    if not sent:
        log.error("a notification could not be sent (see apprise's log lines)")
    return sent


def notify_once(state: Path, urls: Sequence[str], key: str, body: str, repeat_hours: float) -> bool:
    """Notify about a problem unless the same one was sent less than repeat_hours ago."""
    sent_at = said_at(state / NOTIFIED, key, repeat_hours)
    if sent_at:
        log.info("notification skipped: the same problem was sent at %s", sent_at)
        return False
    if not notify(urls, "SBSYS-dossieret: " + body.split(":", 1)[0], body):
        return False
    remember(state / NOTIFIED, key)
    return True


# the last problem notified, and the last one a run printed on stderr (cron mails it)
NOTIFIED, PRINTED = "notified.json", "printed.json"


def said_at(record: Path, key: str, hours: float) -> str | None:
    """When the problem key was said last, as the record keeps it, if less than hours ago."""
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    at = _moment(last.get("at")) if isinstance(last, dict) else None
    fresh = at is not None and datetime.now(UTC) - at < timedelta(hours=hours)
    return last["at"] if fresh and last.get("key") == _digest(key) else None


def remember(record: Path, key: str) -> None:
    """Keep the problem key as the one said last, now."""
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    atomic_write(record, json.dumps({"key": _digest(key), "at": moment}))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def forget(state: Path) -> None:
    """A run without problems: the next problem is notified and printed at once."""
    for name in (NOTIFIED, PRINTED):
        (state / name).unlink(missing_ok=True)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _redact(url: str) -> str:
    """An apprise URL without its credentials, for the log."""
    return re.sub(r"//[^/@]*@", "//***@", url)
