"""Recognise the same article twice: canonical URLs and near-duplicate text (word shingles)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dossier.content import list_safe_url

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "ref",
    "ref_src", "_hsenc", "_hsmi", "mkt_tok", "cmpid", "xtor", "ocid", "spm", "at_medium",
    "at_campaign",
}  # fmt: skip
SHINGLE_SIZE = 5
THRESHOLD = 0.8


def canonical_url(url: str) -> str:
    """Normalise a URL: lower-case scheme and host, no default port, userinfo, tracking or fragment.

    Normalising a normalised URL changes nothing: an IPv6 host keeps its brackets.
    """
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if ":" in host:  # hostname drops the brackets of an IPv6 literal; the URL needs them
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: the host as written, for the fetch to refuse
        port, host = None, parts.netloc.rpartition("@")[2].lower()
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(("utm_", "pk_")) and key.lower() not in TRACKING_PARAMS
    ]
    # commas that would end the URL in a list value are escaped here, so the stored, indexed
    # and remembered forms of a URL are one
    return list_safe_url(urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), "")))


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[int]:
    """Hashes of the word n-grams of a text (lower-case \\w+ words)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return frozenset([hash(tuple(words))]) if words else frozenset()
    return frozenset(hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1))


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Known:
    """An article already stored: its file and its shingles."""

    path: Path
    shingles: frozenset[int]


class Index:
    """Stored articles by URL (original and copies) and by text; safe to share between threads.

    Near-duplicate search looks only at articles sharing sampled shingles (1 in SAMPLE), so it
    stays fast with thousands of stored articles.
    """

    SAMPLE = 8

    def __init__(self, load: Callable[[Index], None] | None = None) -> None:
        self._by_url: dict[str, Path] = {}
        self._texts: list[Known] = []
        self._postings: dict[int, list[int]] = {}
        self._lock = threading.Lock()
        self._load, self._load_lock = load, threading.RLock()

    def _loaded(self) -> None:
        """Fill the index on first use (a run with nothing new never reads the stored articles)."""
        with self._load_lock:
            load, self._load = self._load, None
            if load:
                load(self)

    def add(self, path: Path, urls: list[str], text: str) -> None:
        """Remember a stored article under its URLs and its text."""
        known = Known(path, shingles(text))
        self._loaded()
        with self._lock:
            for url in urls:
                self._by_url[canonical_url(url)] = path
            number = len(self._texts)
            self._texts.append(known)
            for value in self._sample(known.shingles):
                self._postings.setdefault(value, []).append(number)

    def add_url(self, path: Path, url: str) -> None:
        """Remember one more URL of a stored article."""
        self._loaded()
        with self._lock:
            self._by_url[canonical_url(url)] = path

    def by_url(self, url: str) -> Path | None:
        """Return the file of the article stored under a URL, if any."""
        self._loaded()
        with self._lock:
            return self._by_url.get(canonical_url(url))

    def similar(self, text: str, threshold: float = THRESHOLD) -> Path | None:
        """Return the file of a stored article whose text is nearly the same, if any."""
        mine = shingles(text)
        sample = self._sample(mine)
        self._loaded()
        with self._lock:
            if len(sample) < 4:  # too short to sample: compare with everything
                candidates = self._texts
            else:
                hits: dict[int, int] = {}
                for value in sample:
                    for number in self._postings.get(value, ()):
                        hits[number] = hits.get(number, 0) + 1
                least = len(sample) * threshold * 0.7
                candidates = [self._texts[n] for n, count in hits.items() if count >= least]
        scored = [(jaccard(mine, known.shingles), known.path) for known in candidates]
        best = max(scored, default=(0.0, None), key=lambda pair: pair[0])
        return best[1] if best[0] >= threshold else None

    def _sample(self, values: frozenset[int]) -> set[int]:
        return {value for value in values if value % self.SAMPLE == 0}
