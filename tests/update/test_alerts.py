"""Alerts: sources that keep failing make a run exit 7 after deploying, and notify (apprise)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from dossier.publish.alerts import failing_sources, notify_urls
from dossier.publish.lock import exclusive
from dossier.publish.update import Code
from dossier.scrapestate import SourceState
from scrapers.state import SourceStatus, State

from .conftest import ROOT, Site

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def ago(hours: int) -> str:
    return iso(NOW - timedelta(hours=hours))


@pytest.mark.parametrize(
    ("state", "alerts"),
    [
        (SourceState("kb", status="ok", last_success=ago(0)), False),
        (SourceState("kb", status="error", failures=2, last_success=ago(0)), False),
        (SourceState("kb", status="error", failures=3, last_success=ago(0)), True),
        # one failure only, but nothing has worked for 25 hours
        (SourceState("kb", status="error", failures=1, last_success=ago(25)), True),
        # never a success: the streak's start counts
        (SourceState("kb", status="error", failures=1, failing_since=ago(30)), True),
        (SourceState("kb", status="error", failures=1, failing_since=ago(2)), False),
    ],
)
def test_a_source_alerts_after_n_failed_runs_or_h_hours(state: SourceState, alerts: bool) -> None:
    found = failing_sources({"kb": state}, ["kb"], runs=3, hours=24, now=NOW)
    assert bool(found) is alerts


def test_a_source_not_followed_any_more_never_alerts() -> None:
    state = SourceState("gammel", status="error", failures=9, error_kind="gone")
    assert failing_sources({"gammel": state}, ["kb"], runs=3, hours=24, now=NOW) == []


def test_notify_urls_are_split_on_spaces_and_commas() -> None:
    assert notify_urls("json://a/x  ntfys://topic,mailtos://u:p@h") == [
        "json://a/x",
        "ntfys://topic",
        "mailtos://u:p@h",
    ]
    assert notify_urls(["json://a/x"]) == ["json://a/x"] and notify_urls("") == []


@pytest.fixture
def hook() -> Iterator[HTTPServer]:
    """A second local HTTP server that receives apprise's json:// notifications."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def notifications(server: HTTPServer) -> list[dict]:
    return [json.loads(request.data) for request, _ in server.log if request.path == "/hook"]


def stale_source(site: Site, source_id: str, hours: int) -> None:
    """The scrapers' memory of a source last fetched fine `hours` ago."""
    state = State(site.state)
    ok = iso(datetime.now(UTC) - timedelta(hours=hours))
    state.save_source(SourceStatus(source_id, ok, "ok", None, 2, None, ok))
    state.close()


def backoff_elapsed(site: Site, source_id: str) -> None:
    """As if the scrapers' backoff for a failing source had run out (an hour or more later)."""
    with closing(sqlite3.connect(site.state / "scrape.sqlite3")) as db, db:
        db.execute("UPDATE source_status SET next_attempt = NULL WHERE id = ?", (source_id,))


def invoke_update(site: Site, target: str, env: dict) -> subprocess.CompletedProcess:
    command = site.update_command(target)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)


def test_a_source_failing_for_hours_deploys_then_exits_7_and_notifies_once(
    site: Site, dir_target: str, live, hook: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_NOTIFY", f"json://127.0.0.1:{hook.port}/hook")
    stale_source(site, "lokalavisen", hours=30)
    (site.served / "lokalavisen" / "rss.xml").unlink()  # the feed is gone: 404
    run = invoke_update(site, dir_target, dict(os.environ))
    assert run.returncode == 7, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr  # one line on stderr, naming the source
    assert (
        lines[0].startswith("update: deployed ") and "1 source(s) failing: lokalavisen" in lines[0]
    )
    assert "not_found" in lines[0]
    assert (live() / "index.html").is_file()  # deployed before alerting
    sent = notifications(hook)
    assert len(sent) == 1 and "lokalavisen" in sent[0]["message"]
    assert sent[0]["title"].startswith("SBSYS-dossieret")

    # the next run: nothing new, still failing: exit 7 again, but the same problem is not re-sent,
    # and cron does not mail it again: its line is on stdout, saying when it was on stderr
    again = invoke_update(site, dir_target, dict(os.environ))
    assert again.returncode == 7 and again.stderr == "", again.stderr
    [line] = again.stdout.splitlines()
    assert "nothing changed" in line and "1 source(s) failing: lokalavisen" in line
    assert re.search(r" \(as at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$", line), line
    assert len(notifications(hook)) == 1
    logged = (site.state / "logs" / "update.log").read_text("utf-8")
    assert re.search(r" WARNING dossier\.publish\.update: exit 7: ", logged), logged[-500:]

    # the feed is back: deployed (the source's state changed), exit 0, the problem forgotten
    (site.served / "lokalavisen" / "rss.xml").write_text(
        (ROOT / "tests/fixtures/update/served/lokalavisen/rss.xml").read_text("utf-8"), "utf-8"
    )
    backoff_elapsed(site, "lokalavisen")  # the scrapers poll a failing source with backoff
    fixed = site.update(dir_target)
    assert fixed.code == Code.DEPLOYED, fixed
    assert not (site.state / "notified.json").exists()
    assert not (site.state / "printed.json").exists()  # the next problem is mailed at once


def test_a_failed_deploy_is_notified(
    site: Site, tmp_path: Path, hook: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_NOTIFY", f"json://127.0.0.1:{hook.port}/hook")
    outcome = site.update(f"git:{tmp_path / 'no-such-repo.git'}#gh-pages", scrape=False)
    assert outcome.code == Code.DEPLOY_FAILED
    sent = notifications(hook)
    assert len(sent) == 1 and "deploy to git:" in sent[0]["message"]


def test_an_unreachable_notification_target_changes_nothing(
    site: Site, monkeypatch: pytest.MonkeyPatch, hook: HTTPServer
) -> None:
    port = hook.port
    hook.stop()  # nothing listens there any more
    monkeypatch.setenv("DOSSIER_NOTIFY", f"json://127.0.0.1:{port}/hook")
    (site.root / "blocker").write_text("a file where the live symlink should be", "utf-8")
    failed = site.update(f"dir:{site.root / 'blocker'}", scrape=False)
    assert failed.code == Code.DEPLOY_FAILED, failed  # the notification failed too: same code
    assert not (site.state / "notified.json").exists()  # so it is tried again next run


def test_a_locked_run_is_silent_on_stderr(site: Site, dir_target: str) -> None:
    with exclusive(site.state / "update.lock"):
        run = invoke_update(site, dir_target, dict(os.environ))
    assert run.returncode == 3
    assert run.stderr == "" and "another update is running" in run.stdout
