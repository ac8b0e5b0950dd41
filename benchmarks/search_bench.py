"""Benchmark readers' search on a synthetic site (run on demand, not a test).

Writes N simple Danish-ish pages marked up like the dossier's (data-pagefind-body, the filters of
_search_meta.html) plus the real search page script, indexes them with the Pagefind CLI, and
measures indexing time and peak memory, then the bytes Chromium downloads from /pagefind/ for the
first query (opening /soeg/?q=...) and for later queries typed into the field.

    .venv/bin/python benchmarks/search_bench.py [--pages 5000] [--part-pages N] [--keep DIR]

With --part-pages the pages are indexed in parts of at most N pages (search_parts.py), as a
build does, and the search page merges them.

Targets: first query <= 200 KB, later queries <= 50 KB each, indexing peak memory <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.publish.pagefind import index_site, pagefind_command  # noqa: E402

STEMS = (
    "kommun sag system udbud klub leverandør licens styrels klag afgørels minister forening "
    "brugerklub dokument arkiv borger medarbejder digitalisering konkurrenc marked pris kontrakt "
    "udvikling drift formand direktør region stat lov regel vurdering beslutning møde debat kritik "
    "svar forslag aftal budget økonomi projekt løsning data sikkerhed kildekod fællesskab medlem "
    "samarbejd politik byråd udvalg tilbud vinder taber proces tidsplan forsinkels fejl rettels "
    "version opdatering integration standard myndighed ejerskab ansvar risiko gevinst omkostning"
).split()
ENDINGS = ["", "e", "en", "er", "erne", "ens", "ernes", "et", "ets", "s", "ning", "ninger", "lig"]
FILLER = (
    "og i at det er en til på som de med for af ikke der var han hun den har om vi men så også "
    "efter kan skal vil blev når eller hvor meget mange flere nye siger mener ifølge"
).split()
SOURCES = ["Computerworld", "Version2", "Altinget", "Kommunen.dk", "Ingeniøren", "DR", "Politiken"]
KINDS = ["artikel"] * 8 + ["note", "begivenhed"]
FIRST = "Anne Bo Carsten Dorthe Erik Frida Gitte Hans Inge Jens Karen Lars Mette Niels Ole".split()
LAST = "Hansen Jensen Nielsen Rasch Berg Holm Lund Kjær Dam Friis Krogh Møller Bach Skov".split()
TOWNS = "Aarhus Egedal Holstebro Vejle Odense Herning Esbjerg".split()
ORGS = [f"{town} Kommune" for town in TOWNS]
ORGS += ["KL", "Brugerklubben SBSYS", "Digitaliseringsstyrelsen", "IT-Branchen", "Netcompany"]


SYLLABLES = (
    "ba be bi bo bu da de di do fa fe fi fo ga ge gi ha he hi ka ke ki ko la le li lo "
    "ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo sk st "
    "tr kr bl fl gr pr sv dr".split()
)


def vocabulary(rng: random.Random, size: int = 12_000) -> list[str]:
    """Content word stems by frequency rank: pseudo-words, with the topic's stems among the top."""
    words = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size * 2)}
    ranked = sorted(words)[:size]
    rng.shuffle(ranked)
    for number, stem in enumerate(STEMS):  # topic words: common, but not in every sentence
        ranked.insert(5 + number * 4, stem)
    return ranked


class Words:
    """Danish-ish text: 45 % short function words, the rest Zipf-distributed content words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.stems = vocabulary(rng)
        weights = [1 / (rank + 10) for rank in range(len(self.stems))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def sentence(self, count: int) -> list[str]:
        rng = self.rng
        stems = rng.choices(self.stems, cum_weights=self.cumulative, k=count)
        return [
            rng.choice(FILLER) if rng.random() < 0.45 else stem + rng.choice(ENDINGS)
            for stem in stems
        ]


def page_html(number: int, rng: random.Random, words: Words, people: list[str]) -> str:
    """One synthetic page, marked up for Pagefind as the dossier's templates do."""
    year = rng.randint(2008, 2026)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(KINDS)
    title = " ".join(words.sentence(rng.randint(4, 9))).capitalize()
    paragraphs = [
        " ".join(words.sentence(rng.randint(40, 90))).capitalize() + "."
        for _ in range(rng.randint(4, 8))
    ]
    filters = [("type", kind), ("år", str(year))]
    if kind == "artikel":
        filters.append(("kilde", rng.choice(SOURCES)))
    filters += [("person", p) for p in rng.sample(people, rng.randint(0, 3))]
    filters += [("organisation", o) for o in rng.sample(ORGS, rng.randint(0, 3))]
    spans = "".join(f'<span data-pagefind-filter="{k}">{escape(v)}</span>' for k, v in filters)
    spans += f'<span data-pagefind-sort="date">{date}</span>'
    spans += f'<span data-pagefind-meta="date">{date}</span>'
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'</head><body><header><nav><a href="/">Forside</a> <a href="/arkiv/">Arkiv</a></nav>'
        f"</header><main><article data-pagefind-body><div hidden data-pagefind-ignore>{spans}"
        f"</div><h1>{escape(title)}</h1>{body}</article></main><footer>Side {number}</footer>"
        f"</body></html>"
    )


SEARCH_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Søg</title>
<script type="module" src="/theme/js/search.js"></script></head><body><main>
<form id="soegning" action="/soeg/" method="get"><label for="soeg-q">Søgeord</label>
<input id="soeg-q" type="search" name="q"><select id="soeg-sort" name="sort" aria-label="Sortér">
<option value="">Relevans</option><option value="nyeste">Nyeste</option></select>
<details id="soeg-filtre" hidden><summary>Afgræns</summary></details></form>
<p id="soeg-status" role="status"></p><ol id="soeg-resultater"></ol>
<button id="soeg-flere" type="button" hidden>Flere</button>
<script type="application/json" id="soeg-ord">{"filters": {"type": "Type", "person": "Person",
"organisation": "Organisation", "kilde": "Kilde", "år": "År"}, "one": "1 resultat",
"many": "{count} resultater", "found_for": "{what} for »{query}«.", "none": "Ingen resultater.",
"none_for": "Ingen resultater for »{query}«.", "try": "Prøv et andet ord.",
"failed": "Søgningen kunne ikke indlæses."}</script></main></body></html>"""


def write_site(site: Path, pages: int, seed: int = 2026) -> None:
    """The synthetic site: N pages, the search page and the theme's search script."""
    rng = random.Random(seed)
    people = [f"{a} {b}" for a in FIRST for b in LAST][:150]
    words = Words(rng)
    for number in range(pages):
        folder = site / "artikler" / f"{number // 500}" / f"side-{number}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(page_html(number, rng, words, people), encoding="utf-8")
    (site / "soeg").mkdir()
    (site / "soeg" / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    shutil.copytree(ROOT / "theme" / "static", site / "theme")


def index(site: Path, part_pages: int | None = None) -> dict:
    """Run Pagefind, in parts of at most part_pages pages when given; its wall time and peak
    resident memory (max RSS of the child processes: the largest part's)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    if part_pages is None:
        subprocess.run(pagefind_command(site), check=True, capture_output=True)
    else:
        index_site(site, part_pages=part_pages)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    bundle = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    return {
        "index_seconds": round(seconds, 2),
        "peak_memory_mb": round(peak_kb / 1024, 1),
        "peak_memory_note": "" if peak_kb > before else "not above an earlier child's peak",
        "bundle_mb": round(bundle / 2**20, 1),
        "parts": len(json.loads((site / "pagefind" / "parts.json").read_text())) + 1
        if part_pages
        else 1,
    }


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def measure_queries(site: Path, first: str, later: list[str]) -> dict:
    """Bytes of /pagefind/ responses for the first query and for each later query, in Chromium."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    log: list[tuple[str, int, int]] = []

    def record(response) -> None:
        if "/pagefind/" in response.url:
            try:
                body = response.body()
            except Exception:  # the browser closed before the body arrived
                return
            name = response.url.rsplit("/", 1)[-1]
            packed = len(body) if name.endswith((".pagefind", ".pf_meta", "pf_index")) else None
            log.append((name, len(body), packed or len(gzip.compress(body, 6))))

    def wait_for(query: str) -> None:
        page.wait_for_function(
            "q => document.getElementById('soeg-status').textContent.includes(q)", arg=f"»{query}«"
        )
        page.wait_for_timeout(500)  # let stragglers of this query arrive before the next

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=args
        )
        page = browser.new_page()
        page.on("response", record)
        start = time.perf_counter()
        page.goto(f"{url}/soeg/?q={first}")
        wait_for(first)
        first_ms = (time.perf_counter() - start) * 1000
        results = {"first_query": first, "first_query_ms": round(first_ms)}
        results["first_query_bytes"] = sum(size for _, size, _ in log)
        results["first_query_gzip_bytes"] = sum(packed for _, _, packed in log)
        results["first_query_files"] = sorted({name for name, _, _ in log})
        later_bytes = []
        for query in later:
            log.clear()
            page.fill("#soeg-q", query)
            wait_for(query)
            later_bytes.append((query, sum(s for _, s, _ in log), sum(p for _, _, p in log)))
        results["later_queries"] = [
            {"query": q, "bytes": raw, "gzip_bytes": packed} for q, raw, packed in later_bytes
        ]
        results["later_query_max_bytes"] = max(raw for _, raw, _ in later_bytes)
        browser.close()
    server.shutdown()
    return results


def main() -> None:
    """Build, index and measure; print a JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--part-pages", type=int, help="index in parts of at most N pages")
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    options = parser.parse_args()
    site = options.keep or Path(tempfile.mkdtemp(prefix="search-bench-")) / "site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    write_site(site, options.pages)
    report = {"pages": options.pages, "write_seconds": round(time.perf_counter() - start, 1)}
    report |= index(site, options.part_pages)
    later = ["udbuddet", "licenserne", "kildekoden", "borgernes", "digitaliseringen"]
    report |= measure_queries(site, "kommunerne", later)
    report["targets_met"] = {
        # raw: as python's http.server sends it; gzip: with the compression any static host
        # applies to pagefind.js (Pagefind's own index files are compressed already)
        "first_query_le_200kb_raw": report["first_query_bytes"] <= 200 * 1024,
        "first_query_le_200kb_gzip": report["first_query_gzip_bytes"] <= 200 * 1024,
        "later_queries_le_50kb": report["later_query_max_bytes"] <= 50 * 1024,
        "peak_memory_le_1_5gb": report["peak_memory_mb"] <= 1536,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not options.keep:
        shutil.rmtree(site.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
