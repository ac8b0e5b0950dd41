"""Related texts: Danish-stemmed key terms (tf-idf) per text, cached in state/ by content hash.

whoosh's more_like_this was measured at 26 ms a text on this machine kind (130 s for 5,000
articles, four times a plain Pelican build), so the same idea runs in-process instead: whoosh's
Danish stemmer and stop words give each text its terms, the rarest telling terms are its key terms,
and texts that share key terms are related. Term counts are kept in state/related-terms.pickle,
so a rebuild analyses only new and changed texts (pickled: JSON cost 0.3 s a build to read and
write at 5,000 texts, pickle a sixth of it).
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import re
from collections import Counter, defaultdict
from itertools import chain, combinations, islice
from operator import itemgetter
from pathlib import Path

from whoosh.lang import stemmer_for_language, stopwords_for_language

from ..analysis.parallel import fork_map
from ..content import atomic_write
from ..documents import Document

log = logging.getLogger(__name__)
CACHE_VERSION = 1
KEY_TERMS = 12
WORDS = re.compile(r"[^\W\d_]{3,}")


class Stemmer:
    """whoosh's Danish stemmer with a cache: news text repeats its words a lot."""

    def __init__(self) -> None:
        self._stem = stemmer_for_language("da")
        self._stop = stopwords_for_language("da")
        self._cache: dict[str, str] = {}

    def terms(self, text: str) -> dict[str, int]:
        """Counts of the stems of the words of text, stop words left out."""
        counts: Counter[str] = Counter()
        for word in WORDS.findall(text.lower()):
            if word in self._stop:
                continue
            stem = self._cache.get(word)
            if stem is None:
                stem = self._cache[word] = self._stem(word)
            counts[stem] += 1
        return dict(counts)


def digest(doc: Document) -> str:
    """A hash of the text a document's terms come from."""
    return hashlib.sha256(f"{doc.title}\n{doc.text}".encode()).hexdigest()[:16]


def update_terms(cache: dict, documents: list[Document]) -> tuple[dict, set[str]]:
    """Term counts for every document, reusing cached ones; return them and the ids analysed
    (on every core when there are many: a cold build's 5,000 texts took 1.5 s on one)."""
    terms, todo = {}, []
    for doc in documents:
        doc_digest = digest(doc)
        cached = cache.get(doc.id)
        if cached and cached[0] == doc_digest:
            terms[doc.id] = cached
        else:
            todo.append((doc.id, doc_digest, f"{doc.title}\n{doc.title}\n{doc.text}"))
    for doc_id, doc_digest, counts in fork_map(_counted, todo, Stemmer()):
        terms[doc_id] = [doc_digest, counts]
    return {doc.id: terms[doc.id] for doc in documents}, {doc_id for doc_id, _, _ in todo}


def _counted(stemmer: Stemmer, job: tuple[str, str, str]) -> tuple[str, str, dict[str, int]]:
    doc_id, doc_digest, text = job
    return doc_id, doc_digest, stemmer.terms(text)


def key_terms(counts: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, float]]]:
    """The telling terms of each text: highest tf-idf among terms shared with a few other texts."""
    total = len(counts)
    frequency = Counter(term for terms in counts.values() for term in terms)
    ceiling = max(30, total // 50)  # a term in very many texts relates nothing in particular
    keys = {}
    for doc_id, terms in counts.items():
        length = sum(terms.values()) or 1
        scored = [
            (term, count / length * math.log(total / frequency[term]))
            for term, count in terms.items()
            if 2 <= frequency[term] <= ceiling
        ]
        keys[doc_id] = sorted(scored, key=lambda item: (-item[1], item[0]))[:KEY_TERMS]
    return keys


def most_similar(keys: dict[str, list[tuple[str, float]]], limit: int) -> dict[str, list[str]]:
    """For each text, the texts with the highest sum of shared key-term weights."""
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for doc_id, terms in keys.items():
        for term, weight in terms:
            postings[term].append((doc_id, weight))
    result = {}
    for doc_id, terms in keys.items():
        scores: dict[str, float] = defaultdict(float)
        for term, weight in terms:
            for other, other_weight in postings[term]:
                if other != doc_id:
                    scores[other] += weight * other_weight
        result[doc_id] = sorted(scores, key=lambda o: (-scores[o], o))[:limit]
    return result


def related(documents: list[Document], state: Path, limit: int = 5) -> dict[str, list[str]]:
    """Up to `limit` related document ids for every article and note."""
    path = state / "related-terms.pickle"
    cache = _load(path)
    terms, analysed = update_terms(cache, documents)
    if analysed or set(cache) != set(terms):
        data = {"version": CACHE_VERSION, "terms": terms}
        atomic_write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        (state / "related-terms.json").unlink(missing_ok=True)  # the earlier builds' cache
    log.info("related: %d of %d texts analysed", len(analysed), len(documents))
    similar = most_similar(key_terms({i: t[1] for i, t in terms.items()}), limit)
    fallback = SharedEntities(documents)
    return {
        doc.id: similar.get(doc.id) or fallback.of(doc.id, limit)
        for doc in documents
        if doc.kind in ("article", "note")
    }


class SharedEntities:
    """Fallback: the texts sharing most people and organisations with a text, newest first.

    An entity in very many texts (the club itself, more than one in 20) relates nothing in
    particular and is left out. Counting every text that shares one entity grows with the square
    of the texts (an entity in 5 % of 20,000 texts is in 1,000), so the texts sharing two or
    more are counted in an index of entity pairs (a text sharing n entities is in n(n-1)/2 of
    its pair lists, which orders the texts as n does), and the rest are taken only as far as
    the newest of each entity's texts are needed. Texts are numbered newest first.
    """

    def __init__(self, documents: list[Document]) -> None:
        newest = sorted(documents, key=lambda d: (d.date, d.id), reverse=True)
        self.ids = [d.id for d in newest]
        self.rank = {doc_id: n for n, doc_id in enumerate(self.ids)}
        by_entity: dict[str, list[int]] = defaultdict(list)  # each list newest first
        for n, d in enumerate(newest):
            for entity in {*d.people, *d.organisations}:
                by_entity[entity].append(n)
        common = max(20, len(documents) // 20)
        self.texts = {e: ranks for e, ranks in by_entity.items() if len(ranks) <= common}
        self.entities = [
            tuple(sorted(e for e in {*d.people, *d.organisations} if e in self.texts))
            for d in newest
        ]
        self.pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, entities in enumerate(self.entities):
            for pair in combinations(entities, 2):
                self.pairs[pair].append(n)

    def of(self, doc_id: str, limit: int) -> list[str]:
        """Up to limit texts, most shared entities first, newest first within a number."""
        me = self.rank[doc_id]
        entities = self.entities[me]
        lists = [self.pairs[pair] for pair in combinations(entities, 2)]
        # counted in the order of the texts, so that equal counts stay newest first
        counts = Counter(sorted(chain.from_iterable(lists)))
        counts.pop(me, None)
        found = [n for n, _ in sorted(counts.items(), key=itemgetter(1), reverse=True)[:limit]]
        if len(found) < limit:  # then fewer than limit share two: the newest sharing one
            seen, single = {me, *counts}, []
            for entity in entities:
                newest = (n for n in self.texts[entity] if n not in seen)
                single.extend(islice(newest, limit - len(found)))
            found += sorted(single)[: limit - len(found)]
        return [self.ids[n] for n in found]


def _load(path: Path) -> dict:
    try:
        data = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    terms = data.get("terms")
    return terms if isinstance(terms, dict) else {}
