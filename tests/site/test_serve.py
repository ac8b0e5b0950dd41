"""The preview's port: a taken port is one line suggesting --port; `make serve PORT=N` passes it."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("task", ["serve", "livereload"])
def test_a_taken_port_is_one_line_suggesting_another(tmp_path: Path, taken_port: int, task) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            task,
            "--port",
            str(taken_port),
            "--output",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"fejl: port {taken_port} på 127.0.0.1 er optaget; vælg en anden med --port, "
        f"fx --port {taken_port + 1}"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert not any(tmp_path.iterdir())  # livereload said so before building anything


def test_make_serve_takes_a_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "serve", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert ".venv/bin/invoke livereload --port 8001" in dry.stdout
    default = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True)
    assert ".venv/bin/invoke livereload --port 8000" in default.stdout
