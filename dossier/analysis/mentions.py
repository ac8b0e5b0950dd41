"""Find which registry people and organisations a text mentions, in one pass over the text.

`build_matcher` turns every name form of the registry into a dictionary of token tuples once;
`find_mentions` scans a text once, checks surnames against full names seen before, resolves role
references ("formanden", "Kita-formanden") and leaves out names in bylines, boilerplate and quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .evidence import caps_lines, inside
from .matcher import Matcher, Scanned, build_matcher, matcher_of, scan_after
from .quotes import find_quotes
from .registry import Registry
from .roles import RoleEvent, resolve_roles
from .textutil import FIRST_NAMES, clean_text, find_names, is_sentence_initial

_FOLLOWED_BY_NAME = re.compile(r"[ \t]+[A-ZÆØÅ][a-zæøåéü]+(?![\w-]*\s*[:.!?])(?:s)?\b")

__all__ = ["Matcher", "Mentions", "Span", "build_matcher", "find_mentions"]


@dataclass(frozen=True)
class Span:
    """A mention: offsets in the main text, kind, id and how it was found (name, alias, surname,
    role)."""

    start: int
    end: int
    kind: str
    id: str
    form: str


@dataclass(frozen=True)
class Mentions:
    """People and organisations (ids, in order of first mention) and where they were found.

    `roles` are the role references and introductions resolved in the main text (a person id, or
    the name of a person not in the registry); `names` are person-like names not in the registry.
    """

    people: tuple[str, ...]
    organisations: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    roles: tuple[RoleEvent, ...] = ()
    names: tuple[tuple[int, int, str], ...] = ()


def find_mentions(
    title: str,
    text: str,
    registry: Registry,
    forced_people: tuple[str, ...] | list[str] = (),
    forced_orgs: tuple[str, ...] | list[str] = (),
    unlink: tuple[str, ...] | list[str] = (),
    matcher: Matcher | None = None,
    body: Scanned | None = None,
) -> Mentions:
    """Find the registry people and organisations that the title and main text mention (body:
    the main text already scanned with the same matcher, matcher.scanned)."""
    matcher = matcher or matcher_of(registry)
    offset = len(title) + 2
    doc = clean_text(f"{title}\n\n{text}")
    quoted = [(q.start, q.end) for q in find_quotes(doc) if q.start >= offset]
    in_quote = lambda pos: any(s <= pos < e for s, e in quoted)  # noqa: E731
    org_types = {o.id: o.type for o in registry.organisations}

    people: list[tuple[int, int, str, str]] = []
    orgs: list[tuple[int, int, str, bool]] = []
    hits = scan_after(matcher, doc, offset, body)
    strong_anywhere = {
        e.id for h in hits if h.start >= offset for e in h.entries if e.strength != "surname"
    }
    seen_strong: dict[str, int] = {}
    caps = caps_lines(doc)
    for hit in hits:
        one_word = not any(c.isspace() for c in doc[hit.start : hit.end])
        if one_word and inside(hit.start, caps):
            continue  # "KL" in a line of capitals (figures, a crosshead) is no mention
        for entry in hit.entries:
            if entry.kind == "organisation":
                party = doc[hit.start - 1 : hit.start] == "(" and doc[hit.end : hit.end + 1] == ")"
                if not (party and org_types.get(entry.id) == "parti"):
                    orgs.append((hit.start, hit.end, entry.id, hit.genitive))
        candidates = [e for e in hit.entries if e.kind == "person"]
        if not candidates or in_quote(hit.start):
            continue
        strong = [e for e in candidates if e.strength != "surname"]
        if one_word and _in_longer_name(doc, hit.start, hit.end):
            continue  # "Berg" inside "Lise Berg" or "Berg Nielsen" is someone else
        if strong:
            for entry in strong:
                seen_strong[entry.id] = hit.start
                people.append((hit.start, hit.end, entry.id, entry.strength))
            continue
        before = [e for e in candidates if e.id in seen_strong]
        if before:
            best = max(before, key=lambda e: seen_strong[e.id])
            people.append((hit.start, hit.end, best.id, "surname"))
        elif hit.start < offset:
            titled = [e for e in candidates if e.id in strong_anywhere]
            if len(titled) == 1:
                people.append((hit.start, hit.end, titled[0].id, "surname"))

    taken = [(s, e) for s, e, _, _ in people] + [(s, e) for s, e, _, _ in orgs]
    names = [
        n
        for n in find_names(doc)
        if not any(s < n[1] and n[0] < e for s, e in taken) and not in_quote(n[0])
    ]
    events = resolve_roles(doc, people, orgs, names, registry, matcher)
    for event in events:
        if event.person and event.reference and not in_quote(event.start):
            people.append((event.start, event.end, event.person, "role"))

    found_people = _ordered(p[2] for p in sorted(people))
    found_orgs = _ordered(o[2] for o in sorted(orgs))
    drop = set(unlink)
    spans = sorted(
        [Span(s - offset, e - offset, "person", pid, f) for s, e, pid, f in people if s >= offset]
        + [
            Span(s - offset, e - offset, "organisation", oid, "name")
            for s, e, oid, _ in orgs
            if s >= offset
        ],
        key=lambda sp: (sp.start, sp.kind),
    )
    return Mentions(
        people=_ordered([*found_people, *forced_people], drop),
        organisations=_ordered([*found_orgs, *forced_orgs], drop),
        spans=tuple(sp for sp in spans if sp.id not in drop),
        roles=tuple(ev.shifted(-offset) for ev in events if ev.start >= offset),
        names=tuple((s - offset, e - offset, n) for s, e, n in names if s >= offset),
    )


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """True when a one-word name form is part of a longer name: a name before or after it."""
    return _preceded_by_name(text, start) or _FOLLOWED_BY_NAME.match(text, end) is not None


def _preceded_by_name(text: str, start: int) -> bool:
    """True when the word before is a capitalised word inside a sentence or a first name."""
    match = re.search(r"([\w.-]+)[ \t]+$", text[max(0, start - 40) : start])
    if not match:
        return False
    word = match.group(1)
    if word in FIRST_NAMES:
        return True
    word_start = start - len(match.group(0))
    return word[0].isupper() and not is_sentence_initial(text, word_start)


def _ordered(ids, drop: set[str] | None = None) -> tuple[str, ...]:
    """Unique ids in first-seen order, without dropped ones."""
    seen: dict[str, None] = {}
    for item in ids:
        if item not in (drop or ()):
            seen.setdefault(item, None)
    return tuple(seen)
