"""`invoke bench`: plain Pelican against the dossier build, side by side, median of R runs."""

from __future__ import annotations

import hashlib
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
    peak: list[int] = field(default_factory=list)  # resident set, summed over the process tree
    pss: list[int] = field(default_factory=list)  # proportional set: shared pages counted once
    size: int = 0
    identical: list[bool] = field(default_factory=list)  # output equal to a full build's


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of a process and its descendants, in bytes.

    RSS counts a page every process maps: forked workers' shared copy-on-write pages count
    once per process. PSS shares each page among the processes that map it, so its sum is
    the memory the whole tree occupies.
    """
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith(("Rss:", "Pss:")):
                        kib = int(line.split()[1]) * 1024
                        rss, pss = (rss + kib, pss) if line[0:3] == "Rss" else (rss, pss + kib)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return rss, pss


def measure(args: list[str]) -> tuple[float, int, int]:
    """Run a command; return its wall time and the peak RSS and PSS of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)
    peak = peak_pss = 0

    def sample() -> None:
        nonlocal peak, peak_pss
        while process.poll() is None:
            rss, pss = tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    sampler.join()
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} exited {code}")
    return time.perf_counter() - start, peak, peak_pss


def folder_size(path: Path) -> int:
    """Bytes in all files under path."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def one_build(mode: str, content: Path, output: Path, cache: bool = False) -> list[str]:
    """The command line of one measured build."""
    cmd = [sys.executable, "-m", "benchmarks.buildone", mode, str(content), str(output)]
    return cmd + (["--cache"] if cache else [])


def run_bench(work: Path, articles: int, runs: int, people: int = 300, orgs: int = 100) -> dict:
    """Build the corpus, then measure every variant `runs` times; return the rows by name.

    In each run: plain Pelican; the dossier cold; then incremental builds (nothing changed, one
    new article, one edited note); a full build with the caches warm (output removed) and then
    Pagefind (`site`), the output of which must be byte for byte the incremental one; Pagefind
    alone; `site` again with nothing changed, and after one more new article. The warm build's
    output must equal the cold's.
    """
    content = write_corpus(work / "corpus", articles, people, orgs, seed=1)
    state = content.parent / "state"
    plain_out, out = work / "plain-output", work / "output"
    rows = {name: Row(name) for name in LABELS}
    extra = content / "articles" / "avisen" / "2019" / "bench-ny-artikel.md"
    second = extra.with_name("bench-endnu-en-artikel.md")
    note = sorted((content / "notes").glob("*.md"))[0]
    original_note = note.read_text(encoding="utf-8")
    for _ in range(runs):
        shutil.rmtree(plain_out, ignore_errors=True)
        _record(rows["plain"], measure(one_build("plain", content, plain_out)), plain_out)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
        _record(rows["cold"], measure(one_build("dossier", content, out, cache=True)), out)
        cold_tree = tree_digest(out)
        _record(rows["warm"], measure(one_build("dossier", content, out, cache=True)), out)
        rows["warm"].identical.append(tree_digest(out) == cold_tree)
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text(_NEW_ARTICLE, encoding="utf-8")
        _record(rows["one"], measure(one_build("dossier", content, out, cache=True)), out)
        note.write_text(original_note + _NOTE_EDIT, encoding="utf-8")
        _record(rows["note"], measure(one_build("dossier", content, out, cache=True)), out)
        incremental_tree = tree_digest(out)
        shutil.rmtree(out, ignore_errors=True)
        _record(rows["full"], measure(one_build("site", content, out, cache=True)), out)
        full_tree = tree_digest(out)
        rows["one"].identical.append(incremental_tree == full_tree)  # both: new article + note
        rows["note"].identical.append(incremental_tree == full_tree)
        pagefind = measure(one_build("pagefind", content, out))
        _record(rows["pagefind"], pagefind, out / "pagefind")
        # Pagefind alone rewrote its bundle: one build to make the output a build's own again,
        # then the one measured, with nothing changed since (what `invoke build` does twice)
        measure(one_build("site", content, out, cache=True))
        _record(rows["unchanged"], measure(one_build("site", content, out, cache=True)), out)
        rows["unchanged"].identical.append(tree_digest(out) == full_tree)
        # what the cron job does after scraping one article: Pelican, then Pagefind for the
        # search parts whose pages changed
        second.write_text(_NEW_ARTICLE.replace("En ny artikel", "Endnu en artikel"), "utf-8")
        _record(rows["site_one"], measure(one_build("site", content, out, cache=True)), out)
        second.unlink()
        extra.unlink()
        note.write_text(original_note, encoding="utf-8")
    return rows


def tree_digest(folder: Path) -> str:
    """A digest of every file under folder (paths and bytes), Pagefind's bundle left out."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if relative.parts[0] != "pagefind":
            h.update(str(relative).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _record(row: Row, result: tuple[float, int, int], output: Path) -> None:
    row.seconds.append(result[0])
    row.peak.append(result[1])
    row.pss.append(result[2])
    row.size = folder_size(output)


_NEW_ARTICLE = """Title: En ny artikel i benchmarken
Date: 2019-06-01 10:00
Source: avisen
Original: https://avisen.example/artikel/ny
Publish: excerpt

Kommunerne i samarbejdet har hver især betalt et beløb pr. indbygger for at være med.
"""
_NOTE_EDIT = "\nRedaktionen har tilføjet en sætning om, at sagen følges videre i år.\n"

LABELS = {
    "plain": "1. plain Pelican (simple theme, no plugin) — baseline",
    "cold": "2. dossier build, cold (no caches, no state)",
    "warm": "3. dossier build, nothing changed (incremental)",
    "one": "4. dossier build after adding one article (incremental)",
    "note": "5. dossier build after editing one note (incremental)",
    "full": "6. full build + Pagefind, caches warm, output removed (`invoke rebuild`)",
    "pagefind": "7. Pagefind indexing of the dossier output alone",
    "unchanged": "8. dossier build + Pagefind, nothing changed (`invoke build`)",
    "site_one": "9. dossier build + Pagefind after adding one article (`invoke build`)",
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
        f"Machine: {machine()}; load average (1, 5, 15 min) at the end of the run: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (the machine is shared).",
        "",
        "| variant | median s (min–max) | × baseline | × cold | peak RSS MB (max) "
        "| peak PSS MB (max) | output MB | same as full build |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, row in rows.items():
        median = statistics.median(row.seconds)
        lines.append(
            f"| {LABELS[key]} | {median:.1f} ({min(row.seconds):.1f}–{max(row.seconds):.1f}) | "
            f"{median / base:.2f} | {median / cold:.2f} | {max(row.peak) / 2**20:.0f} | "
            f"{max(row.pss) / 2**20:.0f} | {row.size / 2**20:.1f} | {_same(row.identical)} |"
        )
    return "\n".join(lines) + "\n"


def _same(checks: list[bool]) -> str:
    if not checks:
        return ""
    return "yes" if all(checks) else f"**no** ({checks.count(False)} of {len(checks)} runs)"
