"""Every command in the editors' guide runs against a copy of the shipped content as it says.

The guide's ```sh blocks hold commands (`.venv/bin/invoke ...`, `make ...`); a line after a command
that is not one is the output the guide promises, and an output starting with "fejl:" is a refusal.
Each command runs in a fresh copy of content/, so the examples do not depend on each other.
`make` commands run as `make -n` (what they would run) and then that invoke command on the copy;
the preview (`make serve`) is started on a free port in 8300-8399 and must answer.
"""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "content" / "pages" / "redaktoer.md"
INVOKE = str(Path(sys.executable).parent / "invoke")  # .venv/bin/invoke of this venv
TAKES_CONTENT = {"check", "new", "entities", "search", "build", "livereload"}
TAKES_OUTPUT = {"build", "livereload"}


@dataclass(frozen=True)
class Example:
    """One command of the guide and the output lines it promises."""

    command: str
    output: tuple[str, ...]


def examples() -> list[Example]:
    """The commands of every ```sh block of the guide, in order."""
    found: list[Example] = []
    text = GUIDE.read_text(encoding="utf-8")
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith((".venv/bin/invoke", "make ")):
                found.append(Example(line, ()))
            elif line.strip() and found:
                found[-1] = Example(found[-1].command, (*found[-1].output, line.strip()))
    return found


def free_port() -> int:
    for port in range(8300, 8400):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port in 8300-8399")


def on_copy(args: list[str], work: Path, state: Path | None = None) -> list[str]:
    """An invoke command line pointed at the copy of the content (and an output folder there)."""
    task = args[0] if args else ""
    extra = ["--content", str(work / "content")] if task in TAKES_CONTENT else []
    if task == "search" and state is not None:
        extra += ["--state", str(state)]  # copies share file times: one index serves them all
    if task in TAKES_OUTPUT:
        extra += ["--output", str(work / "output")]
    return [INVOKE, *args, *extra]


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_guide_has_examples_of_every_command() -> None:
    commands = {shlex.split(e.command, comments=True)[1] for e in examples()}
    assert {"site", "serve", "--list", "new", "entities", "search", "check"} <= commands


@pytest.fixture(scope="module")
def search_state(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("guide-state")


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.command)
def test_guide_example_runs_on_the_shipped_content(
    example: Example, tmp_path: Path, search_state: Path
) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    words = shlex.split(example.command, comments=True)
    if words[0] == "make":
        dry = run(["make", "-n", *words[1:]])
        assert dry.returncode == 0, dry.stderr
        invoked = [line for line in dry.stdout.splitlines() if ".venv/bin/invoke" in line]
        assert invoked, dry.stdout
        args = shlex.split(invoked[-1])[1:]
    else:
        args = words[1:]
    if args[0] == "livereload":
        preview(on_copy([*args[:1], "--port", str(free_port())], tmp_path), tmp_path)
        return
    start = time.time() - 1
    result = run(on_copy(args, tmp_path, search_state))
    shown = result.stdout + result.stderr
    refused = any(line.startswith("fejl:") for line in example.output)
    assert (result.returncode != 0) == refused, shown
    for line in example.output:
        assert line in shown.splitlines(), shown
    assert "Traceback" not in shown
    if args[0] == "search" and not refused:  # a search example must find something
        assert "Ingen resultater." not in result.stderr
        assert re.search(r"^\d+ resultat", result.stderr, re.M), result.stderr
    if args[0] == "check":
        assert result.stdout.strip() == "Ingen problemer fundet."
    if args[0] == "new":
        written = [p for p in (tmp_path / "content").rglob("*.md") if p.stat().st_mtime > start]
        assert len(written) == (0 if refused else 1), written


def preview(command: list[str], work: Path) -> None:
    """Start the preview, wait until it serves the front page, stop it."""
    port = command[command.index("--port") + 1]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    assert answer.status == 200
                    assert "SBSYS-dossieret" in answer.read().decode("utf-8")
                    break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.3)
        assert (work / "output" / "index.html").is_file()
    finally:
        process.terminate()
        process.wait(timeout=30)
