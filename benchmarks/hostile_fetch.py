"""Time and memory of the fetcher against hostile servers (issue 15), for before/after figures.

Run on demand: `.venv/bin/python benchmarks/hostile_fetch.py [--project DIR]`; --project imports
the scrapers of another checkout (e.g. `git archive main | tar -x -C /tmp/old`) for a baseline.
Each case runs in its own process, so peak RSS is that case's. Target: every dripping server is
dropped after `timeout` (2 s here), and a decompression bomb costs a few MiB, not gigabytes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOSTILE = PROJECT / "tests" / "fixtures" / "hostile"

DRIP = """
import socket, sys, threading, time
sys.path.insert(0, sys.argv[1])
from scrapers.errors import FetchError
from scrapers.fetch import FetchConfig, Fetcher
data = open(sys.argv[2], "rb").read()
server = socket.create_server(("127.0.0.1", 0))
def serve():
    connection, _ = server.accept()
    connection.recv(4096)
    try:
        for byte in data + b"x" * 10**6:  # one byte every 0.1 s, then a body that never ends
            time.sleep(0.1)
            connection.sendall(bytes([byte]))
    except OSError:
        pass
threading.Thread(target=serve, daemon=True).start()
start = time.monotonic()
config = FetchConfig(delay=0, timeout=2, connect_timeout=1, robots=False, retries=0)
try:
    Fetcher(config).get(f"http://127.0.0.1:{server.getsockname()[1]}/")
    outcome = "no error"
except FetchError as error:
    outcome = error.reason
print(f"{time.monotonic() - start:6.1f} s  {outcome}")
"""

BOMB = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from pytest_httpserver import HTTPServer
from scrapers.errors import FetchError
from scrapers.fetch import FetchConfig, Fetcher
path = sys.argv[2]
encoding = path.rsplit("/", 1)[1][: -len(".bin")].replace("+", ", ")
server = HTTPServer(host="127.0.0.1", port=0)
server.start()
server.expect_request("/b").respond_with_data(
    open(path, "rb").read(), headers={"Content-Encoding": encoding}
)
start = time.monotonic()
try:
    Fetcher(FetchConfig(delay=0, robots=False)).get(server.url_for("/b"))
    outcome = "no error"
except (FetchError, MemoryError) as error:
    outcome = type(error).__name__
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.monotonic() - start:6.2f} s  peak RSS {peak:5.0f} MiB  {outcome}")
server.stop()
"""


def main() -> None:
    """Run every slow-server and bomb fixture against the chosen checkout's fetcher."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(PROJECT), help="checkout whose scrapers to time")
    args = parser.parse_args()
    for script, pattern in ((DRIP, "slow/*.http"), (BOMB, "bombs/*.bin")):
        for fixture in sorted(HOSTILE.glob(pattern)):
            command = [sys.executable, "-c", script, args.project, str(fixture)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=300)
                line = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
            except subprocess.TimeoutExpired:
                line = "killed after 300 s"
            print(f"{fixture.name:24} {line}")


if __name__ == "__main__":
    main()
