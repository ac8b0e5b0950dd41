"""Find people and organisations that the texts name but the registry does not know yet.

Candidates come from Danish name patterns (a known first name and 1-3 more capitalised words),
organisation patterns ("... Kommune", "Region ...", "...styrelsen", "... A/S", acronyms) and role
cues nearby ("direktør", "it-chef", ...). A candidate with a role cue, or named in two or more
texts, is promoted. Editors accept a candidate (it becomes a registry file with `Discovered: ja`)
or reject its name (kept in state/entities-rejected.txt so it is not proposed again).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content import slugify
from .matcher import matcher_of
from .quotes import find_quotes
from .registry import Registry
from .textutil import (
    WEEKDAYS_MONTHS,
    clean_text,
    find_names,
    find_role_words,
    sentence_start,
)

REJECTED_FILE = "entities-rejected.txt"

_NOT_IN_NAMES = (
    frozenset(
        """kommune kommunes region regionen styrelsen ministeriet universitet danmark dansk danske
    foreningen klubben gruppen holding folketinget regeringen""".split()
    )
    | WEEKDAYS_MONTHS
)
_ACRONYM_STOP = frozenset(
    """IT EU ESDH OG CEO CTO CIO CFO PDF HR TV DR USA UK OK ID API AI GDPR IKT PC SMS FAQ NB PS OBS
    FN EUR DKK KR MIO MIA NR CVR CPR SAAS ERP CRM ESDH IP URL RSS HTML JA NEJ OSS VI DE DU EN ET
    ER AT I IKKE SOM MED FOR TIL PÅ AF HAN HUN DET DEN ANM""".split()
)
_GENERIC_BODIES = frozenset(
    """kommunalbestyrelsen byrådet regionsrådet borgerrepræsentationen økonomiudvalget
    forretningsudvalget bestyrelsen direktionen ledelsen styrelsen ministeriet nævnet rådet
    hovedbestyrelsen repræsentantskabet udvalget""".split()
)
_ORG_PATTERNS = (
    ("kommune", re.compile(r"(?<![\w-])([A-ZÆØÅ][\w-]+ Kommune)(?:s)?(?![\w])")),
    ("region", re.compile(r"(?<![\w-])(Region (?:[A-ZÆØÅ][\w-]+))(?:s)?(?![\w])")),
    (
        "myndighed",
        re.compile(
            r"(?<![\w-])([A-ZÆØÅ][\w-]{3,}(?:styrelsen|tilsynet|nævnet|rådet|agenturet|domstolen))"
            r"(?:s)?(?![\w])"
        ),
    ),
    ("ministerium", re.compile(r"(?<![\w-])([A-ZÆØÅ][\w-]{2,}ministeriet)(?:s)?(?![\w])")),
    ("universitet", re.compile(r"(?<![\w-])([A-ZÆØÅ][\w-]+ Universitet)(?:s)?(?![\w])")),
    (
        "virksomhed",
        re.compile(r"(?<![\w-])((?:[A-ZÆØÅ0-9][\w&.-]*\s){1,3}(?:A/S|ApS|I/S|P/S|K/S))(?![\w/])"),
    ),
    ("forkortelse", re.compile(r"(?<![\w@(-])([A-ZÆØÅ]{2,6})(?:s|'s|’s)?(?![\w@])")),
)


@dataclass(frozen=True)
class Candidate:
    """A person or organisation found in the texts but missing from the registry."""

    name: str
    kind: str
    id: str
    count: int
    articles: tuple[str, ...]
    role_cue: bool
    examples: tuple[str, ...]

    @property
    def promoted(self) -> bool:
        """Worth proposing to an editor: a role cue, or named in two or more texts."""
        return self.role_cue or len(self.articles) >= 2


@dataclass(frozen=True)
class Found:
    """One unknown name in one text: what it is, whether a role stands beside it, its sentence."""

    name: str
    kind: str
    doc_id: str
    cue: bool
    sentence: str


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span, at most 240 characters, on one line."""
    begin = sentence_start(text, start)
    stop = re.search(r"[.!?](?:\s|$)|\n\s*\n", text[end:])
    finish = end + (stop.end() if stop else len(text) - end)
    return re.sub(r"\s+", " ", text[begin:finish]).strip()[:240]


def _has_cue(text: str, start: int, end: int, roles) -> bool:
    """A role noun in the same sentence, close before or after the name."""
    begin = sentence_start(text, start)
    for word in roles:
        if begin <= word.start and start - 60 <= word.end <= start:
            return True
        if end <= word.start <= end + 60 and not re.search(r"[.!?]\s", text[end : word.start]):
            return True
    return False


def find_in(doc_id: str, text: str, registry: Registry) -> list[Found]:
    """People and organisations named in one text and unknown to the registry."""
    doc = clean_text(text)
    quoted = [(q.start, q.end) for q in find_quotes(doc)]
    hits = matcher_of(registry).scan(doc)
    known = [(h.start, h.end, any(e.strength != "surname" for e in h.entries)) for h in hits]
    roles = find_role_words(doc)

    def free(start: int, end: int) -> bool:
        # a registry surname inside an unknown name ("Bent Hansen") does not make it known
        overlaps = any(
            s < end and start < e and (strong or (s <= start and end <= e))
            for s, e, strong in known
        )
        return not overlaps and not any(s <= start < e for s, e in quoted)

    found = []
    for start, end, name in find_names(doc):
        words = name.lower().split()
        if not free(start, end) or any(w in _NOT_IN_NAMES for w in words):
            continue
        found.append(
            Found(
                name, "person", doc_id, _has_cue(doc, start, end, roles), _sentence(doc, start, end)
            )
        )
    for kind, pattern in _ORG_PATTERNS:
        for match in pattern.finditer(doc):
            start, end = match.span(1)
            name = re.sub(r"\s+", " ", match.group(1))
            if not free(start, end) or matcher_of(registry).lookup(tuple(name.split())):
                continue
            if kind == "forkortelse" and (name in _ACRONYM_STOP or doc[start:end].isdigit()):
                continue
            if name.lower() in _GENERIC_BODIES:
                continue
            cue = _has_cue(doc, start, end, roles)
            found.append(Found(name, "organisation", doc_id, cue, _sentence(doc, start, end)))
    return found


def discover(
    docs: Iterable[tuple[str, str]], registry: Registry, rejected: Iterable[str] = ()
) -> list[Candidate]:
    """Candidates from (doc_id, main text) pairs, promoted ones first, then by count."""
    return candidates_from(
        [item for doc_id, text in docs for item in find_in(doc_id, text, registry)], rejected
    )


def candidates_from(found: Iterable[Found], rejected: Iterable[str] = ()) -> list[Candidate]:
    """Group the names found in single texts (find_in) into candidates."""
    skip = {name.casefold() for name in rejected}
    groups: dict[tuple[str, str], list[Found]] = {}
    for item in found:
        if item.name.casefold() not in skip:
            groups.setdefault((item.kind, item.name), []).append(item)
    _merge_genitives(groups)
    candidates = [
        Candidate(
            name=name,
            kind=kind,
            id=slugify(name),
            count=len(items),
            articles=tuple(dict.fromkeys(i.doc_id for i in items)),
            role_cue=any(i.cue for i in items),
            examples=tuple(dict.fromkeys(i.sentence for i in items))[:3],
        )
        for (kind, name), items in groups.items()
    ]
    return sorted(candidates, key=lambda c: (not c.promoted, -c.count, c.name))


def _merge_genitives(groups: dict[tuple[str, str], list[Found]]) -> None:
    """Fold "Hans Hansens" into "Hans Hansen" when both were seen."""
    for kind, name in list(groups):
        base = re.sub(r"(?:'s|’s|s|'|’)$", "", name)
        if base != name and (kind, base) in groups:
            groups[(kind, base)].extend(groups.pop((kind, name)))


def organisation_kind(name: str) -> str:
    """The pattern kind an organisation name matches ("kommune", "region", ...)."""
    for kind, pattern in _ORG_PATTERNS:
        if pattern.fullmatch(name):
            return kind
    return ""


def load_rejected(folder: Path) -> set[str]:
    """Names editors rejected (content/entities-rejected.txt, one a line; # starts a comment)."""
    path = folder / REJECTED_FILE
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
