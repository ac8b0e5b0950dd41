"""People, organisations and quotes as the build publishes them, scored on real Danish text.

    python benchmarks/ner.py [--data ../shared/benchmarks/danish-ner] [--group 20] [--top 15]
    python benchmarks/ner.py --cost [--baseline DIR] [--articles 200] [--runs 5]

The corpus is sentences of the Danish Dependency Treebank with PER/ORG/LOC/MISC gold (Plank 2019,
CC BY-SA 4.0; see its README). Every `--group` consecutive sentences become one scraped article,
one sentence a paragraph, and go the way a scraped article goes: the scrapers' safe Markdown,
Python-Markdown as Pelican renders it, the plain text the plugin reads, then the analysis and the
build's publication rule (`discovered`, DOSSIER_DISCOVERY_MIN_TEXTS) with an empty registry.

`--cost` measures the analysis cost per text instead: `analyse_text` over the synthetic corpus of
benchmarks/corpus.py (its registry included) and over the real corpus, 5 and 30 passes in a
fresh process per run, alternating with the code of `--baseline` (a checkout of another version)
when given: the median of the runs' median passes.

Printed: precision and recall of people and organisations (published, and all found before the
publication rule), the top false positives and negatives, and the quotes. Gold names are
counted once per article and entity ("Dalmark" after "Svend Dalmark" is the same person). The
corpus has no quote gold, so the quote figures are what can be computed honestly: how many
quotes were found and attributed, and how many attributed speakers are a gold person of the same
article (a proxy for precision: a speaker that is no person at all is surely wrong).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dossier.analysis.analyse import analyse, attribute_to_discovered, discovered  # noqa: E402
from dossier.analysis.registry import Registry  # noqa: E402
from dossier.config import DEFAULTS  # noqa: E402
from dossier.documents import Document, html_to_text  # noqa: E402
from scrapers.extract import safe_markdown  # noqa: E402

try:  # the scrapers' escaping of leading list and heading markers, where this version has it
    from scrapers.store import escape_block_markers  # noqa: E402
except ImportError:  # pragma: no cover - older versions of the scrapers

    def escape_block_markers(body: str) -> str:
        """No escaping (the scrapers of this version do not escape)."""
        return body


DATA = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "benchmarks"
    / "danish-ner"
)  # ../shared beside the checkout (or beside a worktree's parent)
NO_SPACE_BEFORE = frozenset(",.:;!?)%")
NO_SPACE_AFTER = frozenset("(")


@dataclass(frozen=True)
class Article:
    """One benchmark article: its text and the gold names in it, by type."""

    id: str
    text: str
    gold: dict[str, set[str]]
    paragraph_people: tuple[frozenset[str], ...] = ()


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) pairs."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, tag = line.split("\t")[:2]
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def detokenize(sentence: list[tuple[str, str]], open_quote: bool) -> tuple[str, dict, bool]:
    """A sentence joined with Danish spacing, its gold names by type, and the quote state after."""
    text, names, entity, kind = "", {}, [], ""
    tokens = [token for token, _ in sentence]
    for index, (token, tag) in enumerate(sentence):
        closing = token == '"' and _closes(tokens, index, open_quote)
        glue = (
            not text
            or token in NO_SPACE_BEFORE
            or closing
            or text[-1] in NO_SPACE_AFTER
            or (text.endswith('"') and open_quote)
        )
        start = len(text) + (0 if glue else 1)
        text += ("" if glue else " ") + token
        if token == '"':
            open_quote = not closing
        if tag.startswith("B-") or (tag.startswith("I-") and not entity):
            if entity:
                names.setdefault(kind, set()).add(_span_text(text, entity))
            entity, kind = [start, len(text)], tag[2:]
        elif tag.startswith("I-"):
            entity[1] = len(text)
        else:
            if entity:
                names.setdefault(kind, set()).add(_span_text(text, entity))
            entity = []
    if entity:
        names.setdefault(kind, set()).add(_span_text(text, entity))
    return text, names, open_quote


def _closes(tokens: list[str], index: int, open_quote: bool) -> bool:
    """Whether the straight quote at index closes a quote: after punctuation, before a comma or
    a speech verb's clause, at the end of the sentence; otherwise it flips the open state."""
    before = tokens[index - 1] if index else ""
    after = tokens[index + 1] if index + 1 < len(tokens) else ""
    if not before:
        return False
    if not after or before in {",", ".", "!", "?", "..."} or after in {",", ".", "!", "?"}:
        return True
    return open_quote


def _span_text(text: str, span: list[int]) -> str:
    return text[span[0] : span[1]]


def articles_of(sentences: list[list[tuple[str, str]]], group: int) -> list[Article]:
    """Articles of `group` consecutive sentences, one sentence a paragraph."""
    articles = []
    for number, begin in enumerate(range(0, len(sentences), group)):
        paragraphs, gold, open_quote, people = [], {}, False, []
        for sentence in sentences[begin : begin + group]:
            text, names, open_quote = detokenize(sentence, open_quote)
            paragraphs.append(text)
            people.append(frozenset(names.get("PER", set())))
            for kind, found in names.items():
                gold.setdefault(kind, set()).update(found)
        text = "\n\n".join(paragraphs)
        articles.append(Article(f"ddt-{number:03d}", text, distinct(gold), tuple(people)))
    return articles


def distinct(gold: dict[str, set[str]]) -> dict[str, set[str]]:
    """One gold name per entity of an article: "Dalmark" after "Svend Dalmark" is the same one."""
    result = {}
    for kind, names in gold.items():
        longer = [n for n in names if " " in n]
        result[kind] = {
            n
            for n in names
            if " " in n or not any(base(n) in [base(w) for w in m.split()] for m in longer)
        }
    return result


def as_built(article: Article, day: int) -> Document:
    """The document the plugin reads for one scraped article."""
    body = escape_block_markers(safe_markdown(article.text))
    html = markdown.markdown(body)
    return Document(
        id=article.id,
        kind="article",
        title=f"Artikel {article.id}",
        date=datetime(2000, 1, 1) + timedelta(days=day),
        page=f"artikler/{article.id}/",
        text=html_to_text(html),
    )


def base(name: str) -> str:
    """A name without a genitive ending, for comparison with the gold."""
    return re.sub(r"(?:'s|’s|')$", "", name)


def same(found: str, gold: str) -> bool:
    """True when two names differ at most by a genitive ending ("NATOs", "FLS'", "Hansens")."""
    a, b = base(found), base(gold)
    return a == b or a + "s" == b or b + "s" == a


def matches(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[set, set]:
    """The found pairs that are gold, and the gold pairs that were found."""
    by_article: dict[str, list[str]] = {}
    for article, name in gold:
        by_article.setdefault(article, []).append(name)
    right = {f for f in found if any(same(f[1], g) for g in by_article.get(f[0], []))}
    hit = {g for g in gold if any(same(f[1], g[1]) for f in found if f[0] == g[0])}
    return right, hit


def report(title: str, found: set, gold: set, top: int) -> None:
    """Print precision, recall and the commonest errors of one kind."""
    right, hit = matches(found, gold)
    precision, recall = len(right) / max(1, len(found)), len(hit) / max(1, len(gold))
    fps = Counter(n for a, n in found - right)
    fns = Counter(n for a, n in gold - hit)
    print(f"{title}: precision {precision:.2f} recall {recall:.2f}  (found {len(found)}, "
          f"gold {len(gold)})")  # fmt: skip
    print("  false positives:", ", ".join(f"{n} ({c})" for n, c in fps.most_common(top)) or "-")
    print("  false negatives:", ", ".join(f"{n} ({c})" for n, c in fns.most_common(top)) or "-")


def quote_figures(quotes, articles: list[Article]) -> None:
    """Quotes found and attributed, and how many attributed speakers are gold people."""
    gold = {a.id: a.gold.get("PER", set()) for a in articles}
    attributed = [q for q in quotes if q.person or q.speaker]
    published = [q for q in quotes if q.person]

    def is_person(q) -> bool:
        name = q.speaker or q.person or ""
        people = gold[q.article]
        return any(name == g or name in g.split() or base(name) == g for g in people)

    right = sum(1 for q in attributed if is_person(q))
    print(
        f"quotes: {len(quotes)} found, {len(attributed)} with a speaker, "
        f"{len(published)} linked to a person page; speaker is a gold person of the article: "
        f"{right}/{len(attributed)} ({right / max(1, len(attributed)):.2f})"
    )
    for q in [q for q in attributed if not is_person(q)][:10]:
        print(f"  not a gold person: {q.speaker or q.person!r} <- {q.text[:70]!r}")
    by_id = {a.id: a for a in articles}
    named = [(q, who) for q in quotes if (who := named_after(q, by_id[q.article]))]
    hit = [
        q for q, who in named if (q.speaker or "") and any(same_person(q.speaker, w) for w in who)
    ]
    wrong = [q for q, who in named if q.speaker and q not in hit]
    print(
        f"quotes whose own paragraph names a gold person after the quote: {len(named)}; "
        f"attributed to that person {len(hit)} ({len(hit) / max(1, len(named)):.2f}), "
        f"to someone else {len(wrong)}"
    )
    for q in wrong[:10]:
        print(f"  other speaker: {q.speaker!r} <- {q.text[:70]!r}")


def named_after(quote, article: Article) -> frozenset[str]:
    """Gold people named in the quote's paragraph after the quote (its attribution), if any."""
    head, tail = quote.text[:30], quote.text[-20:]
    for paragraph, people in zip(article.text.split("\n\n"), article.paragraph_people, strict=True):
        if head in paragraph and tail in paragraph:
            after = paragraph.index(tail, paragraph.index(head)) + len(tail)
            return frozenset(p for p in people if p in paragraph[after:])
    return frozenset()


def same_person(speaker: str, gold: str) -> bool:
    """The speaker names the gold person: the same name, or one word of it ("Kaalund")."""
    return same(speaker, gold) or speaker in gold.split() or gold in speaker.split()


COST_SCRIPT = """
import json, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
sys.path.insert(0, sys.argv[1])
# the code under test first, so that ner's own imports find it already loaded
from dossier.analysis.analyse import analyse_text
from dossier.analysis.registry import load_registry
from dossier.content import split_file
from dossier.documents import Document
import scrapers.extract
from datetime import datetime
import corpus, ner
out = Path(tempfile.mkdtemp())
content = corpus.write_corpus(out, int(sys.argv[3]), 300, 100, 1)
registry = load_registry(content)
synthetic = []
for path in sorted((content / "articles").rglob("*.md")):
    _, body = split_file(path.read_text("utf-8"))
    synthetic.append(Document(path.stem, "article", "", datetime(2020, 1, 1), path.stem, body))
real = [ner.as_built(a, d) for d, a in enumerate(ner.articles_of(
    ner.read_conll(ner.DATA / "da_ddt-ner-train-10k.conll"), 20))]
result = {}
for name, docs in (("synthetic", synthetic), ("real", real)):
    analyse_text(docs[0], registry)  # warm the matcher and the compiled patterns
    passes = []
    for _ in range(5 if name == "synthetic" else 30):  # the real corpus is 31 short texts
        began = time.perf_counter()
        for doc in docs:
            analyse_text(doc, registry)
        passes.append((time.perf_counter() - began) / len(docs) * 1000)
    result[name] = statistics.median(passes)
print(json.dumps(result))
"""


def cost(baseline: Path | None, articles: int, runs: int) -> None:
    """Analysis milliseconds per text, this code against a baseline checkout, runs alternating."""
    import json
    import subprocess

    here = Path(__file__).resolve().parent
    roots = {"this": ROOT} | ({"baseline": baseline.resolve()} if baseline else {})
    times: dict[str, list[dict]] = {name: [] for name in roots}
    for _ in range(runs):
        for name, root in roots.items():
            run = subprocess.run(
                [sys.executable, "-c", COST_SCRIPT, str(root), str(here), str(articles)],
                capture_output=True,
                text=True,
                check=True,
                cwd=root,
            )
            times[name].append(json.loads(run.stdout.strip().splitlines()[-1]))
    for kind in ("synthetic", "real"):
        medians = {n: statistics.median(t[kind] for t in ts) for n, ts in times.items()}
        line = ", ".join(f"{n} {m:.2f} ms" for n, m in medians.items())
        ratio = f" (ratio {medians['this'] / medians['baseline']:.2f})" if baseline else ""
        print(f"analysis per text, {kind} corpus, median of {runs} runs: {line}{ratio}")


def main() -> None:
    """Build the articles, run the analysis and the publication rule, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--group", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--cost", action="store_true", help="measure analysis time per text")
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.cost:
        cost(args.baseline, args.articles, args.runs)
        return
    sentences = read_conll(args.data / "da_ddt-ner-train-10k.conll")
    articles = articles_of(sentences, args.group)
    documents = [as_built(a, day) for day, a in enumerate(articles)]
    registry = Registry()
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        linked, quotes, found = analyse(documents, registry)
        timings.append(time.perf_counter() - began)
    min_texts = DEFAULTS["DOSSIER_DISCOVERY_MIN_TEXTS"]
    linked, candidates = discovered(linked, found, registry, set(), min_texts)
    quotes = attribute_to_discovered(quotes, candidates)
    names = {c.id: c.name for c in candidates}
    print(f"{len(articles)} articles of {args.group} sentences, {len(sentences)} sentences; "
          f"analysis {statistics.median(timings):.2f} s (median of 3)")  # fmt: skip
    for kind, label, attr in (("PER", "people", "people"), ("ORG", "organisations", "orgs")):
        gold = {(a.id, n) for a in articles for n in a.gold.get(kind, set())}
        field = "people" if attr == "people" else "organisations"
        published = {(d.id, names[i]) for d in linked for i in getattr(d, field) if i in names}
        want = "person" if kind == "PER" else "organisation"
        everything = {(f.doc_id, f.name) for f in found if f.kind == want}
        report(f"{label} published", published, gold, args.top)
        report(f"{label} all found", everything, gold, args.top)
    quote_figures(quotes, articles)


if __name__ == "__main__":
    main()
