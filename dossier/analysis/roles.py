"""Role references: who is "formanden", "Kita-formanden", "ministeren" or "Ditmers direktør"?

A person is introduced with a role ("KITA's formand, Jørgen Kristensen Rasch", "formand for KITA
Jørgen Kristensen Rasch", "Helle Berg, der er formand for ..."); a later definite role noun refers
to the person most recently introduced or referred to with that role. When the text introduces
nobody, the registry's Roles decide, but only when exactly one candidate fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .registry import Registry
from .textutil import RoleWord, find_role_words

if TYPE_CHECKING:
    from .matcher import Matcher

_AFTER = re.compile(
    r"(?:\s+(?:i|for|hos|ved|på|fra|under|til)\s+[^.;:!?»«\"“”\n]{1,70}?)?,?\s+", re.IGNORECASE
)
_BEFORE = re.compile(
    r",\s+(?:(?:der|som)\s+(?:[\wæøå]+\s+){0,3}?(?:er|var|blev|bliver)\s+)?"
    r"(?:(?:ny|nyudnævnt|administrerende|adm\.|tidligere|daværende|konstitueret)\s+)?"
)
_GENITIVE_GAP = re.compile(
    r"\s+(?:(?:administrerende|adm\.|nye?|tidligere|daværende|konstituerede?|nuværende)\s+)?"
)
_PREPOSITION = re.compile(
    r"\s+(?:i|for|hos|ved|på|fra|under)\s+(?:[^\W\d][\w-]*\s+){0,2}", re.IGNORECASE
)


@dataclass(frozen=True)
class RoleEvent:
    """A role noun tied to a person: an introduction, or a reference (`reference=True`).

    person is a registry id; name is set instead when the person is not in the registry; both
    are None for a reference that could not be resolved.
    """

    start: int
    end: int
    base: str
    key: str
    org: str | None
    person: str | None
    name: str | None
    reference: bool

    def shifted(self, delta: int) -> RoleEvent:
        """The same event with offsets moved by delta."""
        return replace(self, start=self.start + delta, end=self.end + delta)


def _org_hint(doc: str, word: RoleWord, orgs, matcher: Matcher) -> str | None:
    """The organisation a role noun belongs to: prefix, genitive before, or "for ORG" after."""
    if word.prefix:
        org = matcher.organisation_of(word.prefix)
        if org:
            return org
    for start, end, oid, genitive in orgs:
        if genitive and end <= word.start and _GENITIVE_GAP.fullmatch(doc, end, word.start):
            return oid
        if word.end < start <= word.end + 60 and _PREPOSITION.fullmatch(doc, word.end, start):
            return oid
    return None


def _named(doc: str, word: RoleWord, people, names) -> tuple[str | None, str | None] | None:
    """The person a role noun introduces: a name right after it, or right before it."""
    persons = [(s, e, pid, None) for s, e, pid, _ in people] + [
        (s, e, None, n) for s, e, n in names
    ]
    after = [p for p in persons if word.end < p[0] <= word.end + 90]
    for start, _end, pid, name in sorted(after)[:1]:
        if _AFTER.fullmatch(doc, word.end, start):
            return pid, name
    before = [p for p in persons if word.start - 60 <= p[1] <= word.start]
    for _start, end, pid, name in sorted(before, key=lambda p: p[1])[-1:]:
        if _BEFORE.fullmatch(doc, end, word.start):
            return pid, name
    return None


def _from_registry(
    word: RoleWord, org: str | None, mentioned: set[str], matcher: Matcher
) -> str | None:
    """The one registry person whose Roles fit the role noun (and organisation), or None."""
    fits: list[str] = []
    for person, title, role_org in matcher.roles.get(word.base, ()):
        if org and role_org != org:
            continue
        if word.key != word.base and not word.prefix and word.key not in title:
            continue
        if person not in fits:
            fits.append(person)
    among_mentioned = [pid for pid in fits if pid in mentioned]
    if len(among_mentioned) == 1:
        return among_mentioned[0]
    if not among_mentioned and org and len(fits) == 1:
        return fits[0]
    return None


def resolve_roles(
    doc: str, people: list, orgs: list, names: list, registry: Registry, matcher: Matcher
) -> list[RoleEvent]:
    """Tie every role noun of doc to a person; returns introductions and references in order.

    people are (start, end, id, form), orgs (start, end, id, genitive), names (start, end, name)
    of persons not in the registry.
    """
    events: list[RoleEvent] = []
    mentioned = {p[2] for p in people}
    for word in find_role_words(doc):
        org = _org_hint(doc, word, orgs, matcher)
        named = _named(doc, word, people, names)
        if named:
            pid, name = named
            events.append(
                RoleEvent(word.start, word.end, word.base, word.key, org, pid, name, False)
            )
            continue
        if not word.definite and not org:
            continue  # "en ny direktør": a role noun that points at nobody
        events.append(_reference(word, org, events, mentioned, matcher))
    return events


def _reference(
    word: RoleWord, org: str | None, events: list[RoleEvent], mentioned: set[str], matcher: Matcher
) -> RoleEvent:
    """Resolve one role reference against earlier events, then against the registry."""
    earlier = [e for e in events if e.base == word.base and (e.person or e.name)]
    if org:
        earlier = [e for e in earlier if e.org == org]
    elif word.key != word.base:
        earlier = [e for e in earlier if e.key == word.key] or [
            e for e in earlier if e.key.endswith(word.key) or word.key.endswith(e.key)
        ]
    if earlier:
        last = earlier[-1]
        return RoleEvent(
            word.start, word.end, word.base, word.key, org, last.person, last.name, True
        )
    person = _from_registry(word, org, mentioned, matcher)
    return RoleEvent(word.start, word.end, word.base, word.key, org, person, None, True)
