"""Run our feed parsing over feedparser's own test feeds: false alarms, crashes, salvaged entries.

Run on demand, offline, with the test files of feedparser's sdist (never committed here):

    pip download --no-deps --no-binary :all: feedparser==6.0.14 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.14.tar.gz -C /tmp/fp
    .venv/bin/python benchmarks/feed_suite.py /tmp/fp/feedparser-6.0.14/tests

Each file is parsed as served with no Content-Type, as text/html, as application/octet-stream and
as application/xml; then `--mutations` seeded corruptions of each file (bytes flipped, cut,
duplicated) are parsed as application/xml. "reported" counts results whose error is set (the
source would be marked failed); "crashed" counts exceptions that escaped parse_feed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from scrapers.feeds import parse_feed  # noqa: E402

URL = "http://127.0.0.1:8200/feed.xml"
SERVED_AS = {
    "no Content-Type": {},
    "text/html": {"Content-Type": "text/html"},
    "application/octet-stream": {"Content-Type": "application/octet-stream"},
    "application/xml": {"Content-Type": "application/xml"},
}


def feed_files(root: Path) -> list[Path]:
    """Every test feed under root (XML and RDF files), sorted."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".xml", ".rdf"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One corruption of a feed: flipped bytes, a cut, or a duplicated slice."""
    if not data:
        return data
    choice = rng.randrange(3)
    buffer = bytearray(data)
    if choice == 0:
        for _ in range(max(1, len(buffer) // 200)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif choice == 1:
        del buffer[rng.randrange(len(buffer)) :]
    else:
        start = rng.randrange(len(buffer))
        end = min(len(buffer), start + rng.randrange(1, 64))
        position = rng.randrange(len(buffer))
        buffer[position:position] = buffer[start:end]
    return bytes(buffer)


def parse(data: bytes, headers: dict[str, str]) -> tuple[bool, bool, int, bool]:
    """(reported, crashed, entries, salvaged after feedparser raised) of one parse."""
    try:
        feed = parse_feed(data, headers, URL)
    except Exception:  # what we count: an exception escaping the parsing function
        return False, True, 0, False
    salvaged = any("parser failed" in w for w in getattr(feed, "warnings", ()))
    return feed.error is not None, False, len(feed.entries), salvaged


def main() -> int:
    """Parse every test feed as served four ways, then mutated; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", type=Path, help="the tests/ folder of feedparser's sdist")
    parser.add_argument("--mutations", type=int, default=3, help="corruptions per file")
    args = parser.parse_args()
    files = feed_files(args.tests)
    wellformed = [p for p in files if "wellformed" in p.parts]
    print(f"{len(files)} feeds ({len(wellformed)} under wellformed/)")
    for name, headers in SERVED_AS.items():
        start = time.perf_counter()
        results = {path: parse(path.read_bytes(), headers) for path in files}
        reported = sum(r[0] for r in results.values())
        reported_wellformed = sum(results[p][0] for p in wellformed)
        crashed = sum(r[1] for r in results.values())
        entries = sum(r[2] for r in results.values())
        print(
            f"served as {name:25} reported {reported:5} (wellformed {reported_wellformed:5})  "
            f"crashed {crashed:3}  entries {entries:5}  {time.perf_counter() - start:5.1f} s"
        )
    rng = random.Random(2107)
    reported = crashed = entries = total = salvaged = 0
    for path in files:
        data = path.read_bytes()
        for _ in range(args.mutations):
            result = parse(mutate(data, rng), SERVED_AS["application/xml"])
            total += 1
            reported += result[0]
            crashed += result[1]
            entries += result[2]
            salvaged += result[3]
    print(
        f"mutated: {total} files, reported {reported}, crashed {crashed}, "
        f"salvaged after a feedparser exception {salvaged}, entries read {entries}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
