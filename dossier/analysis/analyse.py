"""Link every text to the registry, collect its statements and unknown names (order written once).

What one text yields depends only on the text and the registry, so results are cached in
state/analysis.pickle by a hash of both: a rebuild analyses only new and changed texts.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from ..documents import Document, Quote
from .discovery import Candidate, Found, candidates_from, find_in
from .matcher import matcher_of, scanned
from .mentions import find_mentions
from .parallel import fork_map
from .registry import Registry
from .statements import Statement, find_statements

log = logging.getLogger(__name__)
CACHE_VERSION = 6  # 3: names after a "İ" were found one character off; 4: ANALYSED_CHARACTERS;
# 5: a term a named speaker gives as their word ("kalder det »...«") is a statement; 6: with
# what the text says the speaker does with it (Statement.said)


@dataclass(frozen=True)
class Result:
    """What the analysis found in one text."""

    people: tuple[str, ...]
    organisations: tuple[str, ...]
    statements: tuple[Statement, ...]
    found: tuple[Found, ...]


# about 30,000 words, more than a long read: what follows is not analysed. Parts of the analysis
# grow with the square of a paragraph's length, and a hostile page can be one paragraph of
# megabytes (200,000 characters of quotes and names: 1.3 s; 650,000: about 13 s)
ANALYSED_CHARACTERS = 200_000


def analysed_part(text: str) -> str:
    """The text as far as it is analysed: whole, or cut at the last paragraph (else word)
    break before ANALYSED_CHARACTERS."""
    if len(text) <= ANALYSED_CHARACTERS:
        return text
    head = text[:ANALYSED_CHARACTERS]
    cut = head.rfind("\n\n")
    if cut <= 0:
        cut = head.rfind(" ")
    return head[:cut] if cut > 0 else head


def analyse_text(doc: Document, registry: Registry) -> Result:
    """Mentions, statements (articles only) and unknown names (articles only) of one text."""
    part = analysed_part(doc.text)
    if part is not doc.text:
        log.warning(
            "analysis: %s has %d characters; the first %d are analysed",
            doc.page or doc.id,
            len(doc.text),
            ANALYSED_CHARACTERS,
        )
        doc = replace(doc, text=part)
    body = scanned(matcher_of(registry), doc.text)  # read and scanned once for both
    mentions = find_mentions(
        doc.title,
        doc.text,
        registry,
        forced_people=doc.forced_people,
        forced_orgs=doc.forced_organisations,
        unlink=doc.unlink,
        body=body,
    )
    article = doc.kind == "article"
    statements = find_statements(doc.text, registry, mentions, doc.title) if article else []
    found = find_in(doc.id, doc.text, registry, body) if article else []
    return Result(mentions.people, mentions.organisations, tuple(statements), tuple(found))


def text_key(doc: Document) -> str:
    """A hash of everything in a document that the analysis reads."""
    parts = (
        doc.id,
        doc.kind,
        doc.title,
        doc.text,
        doc.forced_people,
        doc.forced_organisations,
        doc.unlink,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def registry_key(registry: Registry) -> str:
    """A hash of the registry: when it changes, every text is analysed again."""
    return hashlib.sha256(
        repr((registry.people, registry.organisations, sorted(registry.acronyms))).encode()
    ).hexdigest()


def analyse(
    documents: list[Document],
    registry: Registry,
    state: Path | None = None,
    workers: int | None = None,
) -> tuple[list[Document], list[Quote], list[Found]]:
    """Documents with their people and organisations, their quotes and the unknown names.

    Texts not in the cache are analysed on `workers` processes (default: every core this
    process may use) when there are enough of them to pay for starting the processes.
    """
    cache = _load(state, registry_key(registry))
    keys = [text_key(doc) for doc in documents]
    todo = {key: doc for key, doc in zip(keys, documents, strict=True) if key not in cache}
    computed = dict(zip(todo, _analyse_all(list(todo.values()), registry, workers), strict=True))
    fresh: dict[str, Result] = {}
    linked, quotes, found = [], [], []
    names = {p.id: p.name for p in registry.people}
    for doc, key in zip(documents, keys, strict=True):
        result = fresh[key] = cache[key] if key in cache else computed[key]
        doc = replace(doc, people=tuple(result.people), organisations=tuple(result.organisations))
        linked.append(doc)
        quotes.extend(quotes_of(doc, list(result.statements), names))
        found.extend(result.found)
    analysed = len(computed)
    log.info("analysis: %d of %d texts analysed", analysed, len(documents))
    if state is not None and (analysed or len(fresh) != len(cache)):
        _save(state, registry_key(registry), fresh)
    return linked, quotes, found


def _analyse_all(docs: list[Document], registry: Registry, workers: int | None) -> list[Result]:
    return fork_map(_analyse_one, docs, registry, workers)


def _analyse_one(registry: Registry, doc: Document) -> Result:
    return analyse_text(doc, registry)


def quotes_of(
    doc: Document, statements: list[Statement], names: dict[str, str] | None = None
) -> list[Quote]:
    """The statements of one article as exportable quotes with stable ids.

    `speaker` is the name as the text gives it, or the registry name of a registry person, so
    every attributed quote says who spoke (names: registry person id -> name).
    """
    return [
        Quote(
            id=f"{doc.id}-{number}",
            text=statement.text,
            date=doc.date,
            article=doc.id,
            page=doc.page,
            source_url=doc.source_url,
            person=statement.person,
            speaker=statement.speaker_name or (names or {}).get(statement.person or "", ""),
            said=statement.said,
        )
        for number, statement in enumerate(statements, start=1)
    ]


def discovered(
    documents: list[Document],
    found: list[Found],
    registry: Registry,
    rejected: set[str],
    min_texts: int,
) -> tuple[list[Document], list[Candidate]]:
    """People and organisations found in articles that earn a page, linked to their texts.

    A candidate earns a page with a role cue ("formand", "direktør") or `min_texts` texts.
    """
    known = {p.id for p in registry.people} | {o.id for o in registry.organisations}
    chosen = [
        c
        for c in candidates_from(found, rejected)
        if (c.role_cue or len(c.articles) >= min_texts) and c.id not in known
    ]
    links: dict[str, tuple[list[str], list[str]]] = {}
    for candidate in chosen:
        for doc_id in candidate.articles:
            people, orgs = links.setdefault(doc_id, ([], []))
            (people if candidate.kind == "person" else orgs).append(candidate.id)
    linked = [
        replace(
            d,
            people=d.people + tuple(links[d.id][0]),
            organisations=d.organisations + tuple(links[d.id][1]),
        )
        if d.id in links
        else d
        for d in documents
    ]
    return linked, chosen


def attribute_to_discovered(quotes: list[Quote], candidates: list[Candidate]) -> list[Quote]:
    """Give quotes whose speaker was named but unknown to the registry their discovered person."""
    ids = {c.name.casefold(): c.id for c in candidates if c.kind == "person"}
    return [
        replace(q, person=ids[q.speaker.casefold()])
        if not q.person and q.speaker.casefold() in ids
        else q
        for q in quotes
    ]


def _load(state: Path | None, registry: str) -> dict[str, Result]:
    if state is None:
        return {}
    try:
        data = pickle.loads((state / "analysis.pickle").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}
    ok = isinstance(data, dict) and data.get("version") == CACHE_VERSION
    return data["results"] if ok and data.get("registry") == registry else {}


def _save(state: Path, registry: str, results: dict[str, Result]) -> None:
    data = {"version": CACHE_VERSION, "registry": registry, "results": results}
    path = state / "analysis.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
