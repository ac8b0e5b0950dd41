"""Score our extract-to-Markdown path on the public article-extraction benchmark (word 4-grams).

Run on demand: `.venv/bin/python benchmarks/extraction.py [--data DIR] [--field text|markdown]`.
The data lies in ../shared/benchmarks/article-extraction beside the project root by default.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from scrapers.extract import extract  # noqa: E402

DEFAULT_DATA = PROJECT.parent / "shared" / "benchmarks" / "article-extraction"


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of a lower-cased text (\\w+ words)."""
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def score(extracted: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page: shared shingles over extracted and over truth shingles."""
    mine, theirs = shingles(extracted), shingles(truth)
    shared = sum((mine & theirs).values())
    if not mine:
        return (1.0 if not theirs else 0.0), (1.0 if not theirs else 0.0)
    precision = shared / sum(mine.values())
    recall = shared / sum(theirs.values()) if theirs else 1.0
    return precision, recall


def main() -> int:
    """Extract every page, score it, and print precision, recall and F1 of the averages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--field", choices=("text", "markdown"), default="text")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    results = []
    start = time.perf_counter()
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((args.data / "html" / f"{page_id}.html.gz").read_bytes())
        extracted = extract(html.decode("utf-8", "replace"), item.get("url") or "")
        text = extracted.text if args.field == "text" else extracted.markdown
        results.append((page_id, *score(text, item["articleBody"])))
    elapsed = time.perf_counter() - start
    precision = sum(r[1] for r in results) / len(results)
    recall = sum(r[2] for r in results) / len(results)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"pages {len(results)}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"{len(results) / elapsed:.0f} pages/s ({elapsed:.1f} s)  field: {args.field}")
    for page_id, p, r in sorted(results, key=lambda x: x[1] + x[2])[: args.worst]:
        print(f"  {page_id[:12]}  precision {p:.2f}  recall {r:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
