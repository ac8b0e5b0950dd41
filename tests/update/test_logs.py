"""The run's output: each line once with its logger's name once; progress on a terminal only."""

from __future__ import annotations

import os
import pty
import re
import subprocess

from .conftest import ROOT, Site

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def invoke_on_a_terminal(site: Site, target: str) -> tuple[int, str]:
    """Run `invoke update` with stdout and stderr on a pseudo-terminal; its code and output.

    (Off a terminal, test_deploy.py's test of the exit codes checks for the summary line only.)
    """
    command = site.update_command(target)
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    code = process.wait(timeout=120)
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")


def test_on_a_terminal_each_line_is_shown_once_with_its_logger_once(
    site: Site, dir_target: str
) -> None:
    code, text = invoke_on_a_terminal(site, dir_target)
    assert code == 0, text
    lines = [line.split("\r")[-1] for line in text.splitlines() if line.strip()]
    assert "INFO dossier.publish.update: build done in" in text  # progress, as it goes
    assert "scrape: 2/2 sources" in text  # the scrapers' progress line
    # the format names the logger; no message repeats it ("dossier.update: dossier.update:")
    doubled = [
        line for line in lines if re.match(r"(INFO|WARNING|ERROR) [\w.]+: dossier[\w.]*: ", line)
    ]
    assert doubled == [], doubled
    summaries = [line for line in lines if line.startswith("update: deployed ")]
    assert len(summaries) == 1, lines  # the summary once, not logged and printed
    reports = [line for line in lines if "lokalavisen: requested" in line]
    assert len(reports) == 1, lines  # each scrape report once
    log = (site.state / "logs" / "update.log").read_text("utf-8")
    assert sum("exit 0: update: deployed" in line for line in log.splitlines()) == 1


def test_off_a_terminal_a_failed_rollback_is_its_summary_alone(site: Site, dir_target) -> None:
    invoke = str(site.update_command(dir_target)[0])
    rollback = [invoke, "rollback", f"--content={site.content}", f"--target={dir_target}"]
    done = subprocess.run(rollback, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    # cron mails stderr: the summary says what failed; the stage's line is the log file's
    assert done.stderr.splitlines() == ["rollback: no release before the live one to roll back to"]
    log = (site.state / "logs" / "update.log").read_text("utf-8")
    assert "ERROR dossier.publish.update: rollback failed after" in log


def test_a_run_without_a_target_names_its_task_and_the_variable(site: Site, monkeypatch) -> None:
    monkeypatch.delenv("DOSSIER_DEPLOY_TARGET", raising=False)
    command = [arg for arg in site.update_command("") if not arg.startswith("--target")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("update: deploy target '' is not dir:PATH"), line
    assert "DOSSIER_DEPLOY_TARGET" in line
