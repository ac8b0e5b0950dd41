"""Benchmark a scrape of 50 local sources x 20 items: first run against a run with nothing new.

Run on demand: `.venv/bin/python benchmarks/scrape_bench.py [--sources 50] [--items 20]
[--dead 50] [--runs 3]`.
Each source is its own server on 127.0.0.1 (its own host:port); the servers count requests.
`--dead N` spreads N item links that answer 404 over the feeds, as real feeds have them; a third
run, an hour later by the scrape's clock, shows their one retry after the first backoff.
Target: the no-change run makes one request per feed, no page requests, in < 10% of the time.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from scrapers.demo import serve_sites  # noqa: E402
from scrapers.fetch import FetchConfig  # noqa: E402
from scrapers.run import scrape  # noqa: E402

# the clock argument exists since the failure memory; without it only the first two runs are made
CLOCK = "clock" in inspect.signature(scrape).parameters
RUNS = [("first run", timedelta(0)), ("no-change run", timedelta(minutes=5))]
RUNS += [("after 1 h", timedelta(hours=1, minutes=5))] if CLOCK else []

WORDS = (
    "kommune kommunerne byråd udvalg borgmester it-chef digitalisering sagsbehandling journal "
    "dokument system leverandør udbud kontrakt brugerklub fællesskab drift support licens "
    "integration fagsystem arkiv aktindsigt borger medarbejder kursus test version modul "
    "konkurrence klage nævn styrelse minister lov budget million kroner år måned uge plan "
    "strategi sikkerhed data skyen server opdatering fejl nedbrud beredskab rapport analyse"
).split()
PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2024-10-{day:02d}T10:00:00+02:00"></head>
<body><nav><a href="/">Forside</a> <a href="/emner/">Emner</a></nav>
<div class="cookie-banner">Vi bruger cookies.</div>
<main><article><h1>{title}</h1>{paragraphs}</article>
<aside class="laeses-lige-nu"><h2>Læses lige nu</h2><ul><li>Noget om SBSYS</li></ul></aside></main>
<footer>Benchmark-avisen</footer></body></html>
"""


def make_sites(root: Path, sources: int, items: int, dead: int = 0) -> None:
    """Write sources x items unique Danish-like articles and an RSS 2.0 feed per source.

    The feeds also link dead items (no page behind them, so the server answers 404), spread over
    the sources round-robin.
    """
    rng = random.Random(2012)
    for s in range(sources):
        site = root / f"site{s:02d}"
        (site / "artikler").mkdir(parents=True)
        entries = []
        for i in range(items):
            title = f"SBSYS nyhed {s}-{i}: " + " ".join(rng.choice(WORDS) for _ in range(5))
            paragraphs = "".join(
                "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + " SBSYS.</p>"
                for _ in range(5)
            )
            page = PAGE.format(title=title, day=1 + i % 28, paragraphs=paragraphs)
            (site / "artikler" / f"a{i}.html").write_text(page, encoding="utf-8")
            entries.append(
                f"<item><title>{title}</title><link>/site{s:02d}/artikler/a{i}.html</link>"
                f"<pubDate>Tue, {1 + i % 28:02d} Oct 2024 08:00:00 GMT</pubDate></item>"
            )
        for d in range(s, dead, sources):
            entries.append(
                f"<item><title>SBSYS: fjernet artikel {d}</title>"
                f"<link>/site{s:02d}/artikler/fjernet{d}.html</link>"
                "<pubDate>Mon, 30 Sep 2024 08:00:00 GMT</pubDate></item>"
            )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Site {s}</title><link>/site{s:02d}/</link>{''.join(entries)}</channel></rss>"
        )
        (site / "feed.xml").write_text(feed, encoding="utf-8")


def main() -> int:
    """Serve the generated sites, scrape twice, print requests and times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--dead", type=int, default=50, help="item links that answer 404")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (medians)")
    parser.add_argument("--delay", type=float, default=0.0, help="politeness delay per host")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # 404s of the dead links are expected
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        root = Path(folder)
        make_sites(root / "sites", args.sources, args.items, args.dead)
        requests: list[str] = []
        lines = ["[topic]", "query = 'SBSYS'", ""]
        for s in range(args.sources):
            base = stack.enter_context(serve_sites(root / "sites", requests))
            lines += [
                "[[source]]",
                f'id = "site{s:02d}"',
                f'feed = "{base}/site{s:02d}/feed.xml"',
                "",
            ]
        sources = root / "sources.toml"
        sources.write_text("\n".join(lines), encoding="utf-8")
        config = FetchConfig(delay=args.delay)
        times: dict[str, list[float]] = {}
        for repetition in range(args.runs):
            content = root / f"content{repetition}"
            moment = datetime.now(UTC)
            for name, later in RUNS:
                requests.clear()
                start = time.perf_counter()
                report = scrape(
                    sources,
                    content,
                    root / f"state{repetition}",
                    config=config,
                    progress=False,
                    **({"clock": lambda when=moment + later: when} if CLOCK else {}),
                )
                elapsed = time.perf_counter() - start
                pages = sum("/artikler/" in path for path in requests)
                times.setdefault(name, []).append(elapsed)
                print(
                    f"{name:14} {elapsed:6.2f} s  requests {len(requests):5}  pages {pages:5}  "
                    f"new {report.total('new'):5}  not modified {report.total('not_modified'):3}  "
                    f"errors {report.total('errors')}"
                )
        first, again = (statistics.median(times[name]) for name in ("first run", "no-change run"))
        print(
            f"median of {args.runs}: first run {first:.2f} s, no-change run {again:.2f} s: "
            f"{100 * again / first:.1f}% of the first run's time"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
