"""`invoke bench`: plain Pelican against the dossier build, side by side, median of R runs."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the results table: times and peak memory over the runs."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)
    size: int = 0


def tree_rss(pid: int) -> int:
    """Resident set of a process and all its descendants, in bytes (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next(int(ln.split()[1]) * 1024 for ln in status if ln.startswith("VmRSS"))
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def measure(args: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time and the peak RSS of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    sampler.join()
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} exited {code}")
    return time.perf_counter() - start, peak


def folder_size(path: Path) -> int:
    """Bytes in all files under path."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def one_build(mode: str, content: Path, output: Path, cache: bool = False) -> list[str]:
    """The command line of one measured build."""
    cmd = [sys.executable, "-m", "benchmarks.buildone", mode, str(content), str(output)]
    return cmd + (["--cache"] if cache else [])


def run_bench(work: Path, articles: int, runs: int, people: int = 300, orgs: int = 100) -> dict:
    """Build the corpus, then measure every variant `runs` times; return the rows by name."""
    content = write_corpus(work / "corpus", articles, people, orgs, seed=1)
    state = content.parent / "state"
    plain_out, out = work / "plain-output", work / "output"
    rows = {name: Row(name) for name in ("plain", "cold", "warm", "one", "pagefind")}
    extra = content / "articles" / "avisen" / "2019" / "bench-ny-artikel.md"
    for _ in range(runs):
        shutil.rmtree(plain_out, ignore_errors=True)
        _record(rows["plain"], measure(one_build("plain", content, plain_out)), plain_out)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
        _record(rows["cold"], measure(one_build("dossier", content, out, cache=True)), out)
        _record(rows["warm"], measure(one_build("dossier", content, out, cache=True)), out)
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text(_NEW_ARTICLE, encoding="utf-8")
        _record(rows["one"], measure(one_build("dossier", content, out, cache=True)), out)
        extra.unlink()
        _record(rows["pagefind"], measure(one_build("pagefind", content, out)), out / "pagefind")
    return rows


def _record(row: Row, result: tuple[float, int], output: Path) -> None:
    row.seconds.append(result[0])
    row.peak.append(result[1])
    row.size = folder_size(output)


_NEW_ARTICLE = """Title: En ny artikel i benchmarken
Date: 2019-06-01 10:00
Source: avisen
Original: https://avisen.example/artikel/ny
Publish: excerpt

Kommunerne i samarbejdet har hver især betalt et beløb pr. indbygger for at være med.
"""

LABELS = {
    "plain": "1. plain Pelican (simple theme, no plugin) — baseline",
    "cold": "2. dossier build, cold (no caches, no state)",
    "warm": "3. dossier build, content cache warm, nothing changed",
    "one": "4. dossier build after adding one article",
    "pagefind": "5. Pagefind indexing of the dossier output",
}


def machine() -> str:
    """A one-line description of the machine the figures come from."""
    info = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    models = [ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")]
    cpu = models[0] if models else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def table(rows: dict, articles: int, runs: int) -> str:
    """The Markdown report: median (min–max) seconds, ratio to the baseline, memory, size."""
    base = statistics.median(rows["plain"].seconds)
    cold = statistics.median(rows["cold"].seconds)
    lines = [
        f"# Benchmark results ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"`invoke bench --articles {articles} --runs {runs}`: {articles} articles, 300 people, "
        f"100 organisations, plus {max(1, articles // 50)} notes and events each.",
        f"Machine: {machine()}.",
        "",
        "| variant | median s (min–max) | × baseline | × cold | peak RSS MB (max) | output MB |",
        "|---|---|---|---|---|---|",
    ]
    for key, row in rows.items():
        median = statistics.median(row.seconds)
        lines.append(
            f"| {LABELS[key]} | {median:.1f} ({min(row.seconds):.1f}–{max(row.seconds):.1f}) | "
            f"{median / base:.2f} | {median / cold:.2f} | {max(row.peak) / 2**20:.0f} | "
            f"{row.size / 2**20:.1f} |"
        )
    return "\n".join(lines) + "\n"
