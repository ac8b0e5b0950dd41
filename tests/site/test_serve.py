"""The preview's port: a taken port is one line suggesting --port; `make serve PORT=N` passes it.
And its search, indexed after the reload: the next rebuild waits for it."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.editing.serve import LaterIndex
from dossier.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port in 8300-8399 on 127.0.0.1 that another program is listening on."""
    for port in range(8300, 8400):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", port))
        except OSError:
            listener.close()
            continue
        listener.listen()
        try:
            yield port
        finally:
            listener.close()
        return
    pytest.fail("no free port in 8300-8399")


@pytest.mark.parametrize("task", ["serve", "livereload", "demo"])
def test_a_taken_port_is_one_line_suggesting_another(tmp_path: Path, taken_port: int, task) -> None:
    # demo has no output folder: its temporary folder would go under TMPDIR
    output = [] if task == "demo" else ["--output", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, "-m", "invoke", task, "--port", str(taken_port), *output],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"fejl: port {taken_port} på 127.0.0.1 er optaget; vælg en anden, "
        f"fx make serve PORT={taken_port + 1} (invoke: --port {taken_port + 1})"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert not any(tmp_path.iterdir())  # said so before building or scraping anything


@pytest.mark.parametrize(("target", "task"), [("serve", "livereload"), ("demo", "demo")])
def test_make_passes_the_port_on(target: str, task: str) -> None:
    dry = subprocess.run(
        ["make", "-n", target, "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f".venv/bin/invoke {task} --port 8001" in dry.stdout
    default = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert f".venv/bin/invoke {task} --port 8000" in default.stdout


def test_the_search_is_indexed_in_a_thread_the_next_rebuild_waits_for(caplog) -> None:
    search, release, done = LaterIndex(), threading.Event(), []

    def index() -> None:
        release.wait(timeout=30)
        done.append("indexed")

    search.start(index)
    assert done == []  # start returns at once: the browser reloads while it runs
    release.set()
    search.wait()
    assert done == ["indexed"]

    def failing() -> None:
        raise BuildError("pagefind failed on output: Pagefind gik i stå")

    with caplog.at_level(logging.ERROR, logger="dossier.editing.serve"):
        search.start(failing)
        search.wait()  # the preview goes on, and says why the search is the last one
    assert "Pagefind gik i stå" in caplog.text
