"""Find people and organisations that the texts name but the registry does not know yet.

Candidates come from Danish name patterns (a known first name and 1-3 more capitalised words),
organisation patterns ("... Kommune", "Region ...", "...styrelsen", "... A/S", acronyms) and role
cues nearby ("direktør", "it-chef", ...). A candidate with a role cue, or named in two or more
texts, is promoted. Editors accept a candidate (it becomes a registry file with `Discovered: ja`)
or reject its name (kept in state/entities-rejected.txt so it is not proposed again).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content import slugify
from .evidence import NOT_NAME_WORDS, caps_lines, inside, person_evidence, structural_names
from .matcher import Scanned, matcher_of, scanned
from .organisations import PATTERNS, find_organisations
from .quotes import find_quotes
from .registry import Registry
from .textutil import (
    FIRST_NAMES,
    WEEKDAYS_MONTHS,
    find_names,
    find_role_words,
    sentence_start,
)

log = logging.getLogger(__name__)

REJECTED_FILE = "entities-rejected.txt"

_NOT_IN_NAMES = (
    frozenset(
        """kommune kommunes region regionen styrelsen ministeriet universitet danmark dansk danske
    foreningen klubben gruppen holding folketinget regeringen""".split()
    )
    | WEEKDAYS_MONTHS
)
_GENERIC_BODIES = frozenset(
    """kommunalbestyrelsen byrådet regionsrådet borgerrepræsentationen økonomiudvalget
    forretningsudvalget bestyrelsen direktionen ledelsen styrelsen ministeriet nævnet rådet
    hovedbestyrelsen repræsentantskabet udvalget""".split()
)
_ORG_PATTERNS = PATTERNS


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
        between = text[end : word.start]
        if end <= word.start <= end + 60 and not re.search(r"[.!?:]\s|\n\s*\n", between):
            return True
    return False


def _person_names(doc: str) -> list[tuple[int, int, str]]:
    """Names with a known first name, then structural ones (initials, evidence) not overlapping."""
    names = []
    for start, end, name in find_names(doc):
        words = name.split()
        while len(words) > 2 and words[-1] in NOT_NAME_WORDS:  # "Otto Petersen Oberst"
            words = words[:-1]
        name = " ".join(words)
        names.append((start, start + len(name) if doc.startswith(name, start) else end, name))
    for start, end, name in structural_names(doc):
        if not any(s < end and start < e for s, e, _ in names):
            names.append((start, end, name))
    return names


def _recurs(doc: str, name: str, end: int) -> bool:
    """The surname (or the full name) comes back later in the same text: the text is about them."""
    surname = name.split()[-1]
    at = doc.find(surname, end)
    while at >= 0:
        after = doc[at + len(surname) : at + len(surname) + 2]
        if not doc[at - 1].isalnum() and not re.match(r"(?:s|'s|’s)?[\w-]", after):
            return True
        at = doc.find(surname, at + 1)
    return False


def _listed_with_others(doc: str, start: int, end: int, names) -> bool:
    """Part of an enumeration of full names ("Kim Jansson, Per Linderoth og Rikke Weissfeld")."""
    for s, e, _ in names:
        gap = doc[e:start] if e <= start else doc[end:s] if end <= s else "x"
        if re.fullmatch(r"\s*(?:,|og|,\s*og)\s*", gap):
            return True
    return False


def find_in(doc_id: str, text: str, registry: Registry, body: Scanned | None = None) -> list[Found]:
    """People and organisations named in one text and unknown to the registry (body: this text
    already scanned with the registry's matcher, matcher.scanned)."""
    matcher = matcher_of(registry)
    body = scanned(matcher, text) if body is None else body
    doc, hits = body.text, body.hits
    quoted = [(q.start, q.end) for q in find_quotes(doc)]
    known = [(h.start, h.end, any(e.strength != "surname" for e in h.entries)) for h in hits]
    roles = find_role_words(doc)
    caps = caps_lines(doc)

    def free(start: int, end: int) -> bool:
        # a registry surname inside an unknown name ("Bent Hansen") does not make it known
        overlaps = any(
            s < end and start < e and (strong or (s <= start and end <= e))
            for s, e, strong in known
        )
        return not overlaps and not inside(start, quoted) and not inside(start, caps)

    found = []
    names = _person_names(doc)
    orgs = find_organisations(doc, registry.acronyms)
    org_spans = [(o.start, o.end) for o in orgs if o.kind != "forkortelse"]
    for start, end, name in names:
        words = name.lower().split()
        if any(s < end and start < e for s, e in org_spans):
            continue  # "Danbyg Totalentreprise A/S" is a company, not a person
        if not free(start, end) or any(w in _NOT_IN_NAMES for w in words) or len(words) < 2:
            continue
        cue = (
            _has_cue(doc, start, end, roles)
            or person_evidence(doc, start, end)
            or _recurs(doc, name, end)
            or _listed_with_others(doc, start, end, names)
            or (len(words) >= 3 and words[0].title() in FIRST_NAMES and "." not in name)
        )
        found.append(Found(name, "person", doc_id, cue, _sentence(doc, start, end)))
    people = [(s, e) for s, e, _ in names]
    seen: set[tuple[int, int]] = set()
    for org in orgs:
        start, end, name = org.start, org.end, org.name
        if (start, end) in seen or not free(start, end) or matcher.lookup(tuple(name.split())):
            continue
        if name.lower() in _GENERIC_BODIES or inside(start, people):
            continue
        seen.add((start, end))
        # an acronym nobody vouches for counts only when it recurs across texts (no cue)
        cue = org.sure and (org.kind != "forkortelse" or _has_cue(doc, start, end, roles))
        if org.kind == "forkortelse" and org.sure:
            cue = True
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
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:  # the build goes on with none rejected
        log.warning("cannot read %s (no name is rejected this build): %s", path, error)
        return set()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
