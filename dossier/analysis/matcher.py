"""One combined matcher for every name form of a registry, built once and used on every text.

Names, aliases and surnames become tuples of words in two dictionaries (acronyms case-exact,
everything else case-folded) plus the set of their prefixes, so a text is scanned once, word by
word, whatever the size of the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .registry import Registry
from .textutil import ROLE_BASES, clean_text, lower_in_place

_TOKEN = re.compile(r"[A-ZÆØÅ]\.(?!\w)|[\w@]+(?:[-/'’][\w@]+)*-?")
_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_CAPITAL_WORD = re.compile(r"(?<![\w@-])[A-ZÆØÅ][\w@]*(?:[-/'’][\w@]+)*-?")


@dataclass(frozen=True)
class Entry:
    """What a name form points to: kind ("person"/"organisation"), id, strength.

    strength is "name" (full name or organisation name), "alias" or "surname" (a short form of
    a person's name that only counts after the full name).
    """

    kind: str
    id: str
    strength: str


@dataclass(frozen=True)
class Hit:
    """A name form found in a text."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    genitive: bool


@dataclass(frozen=True)
class Matcher:
    """Every name form of a registry as token tuples: exact (acronyms) and case-folded."""

    registry: Registry
    exact: dict[tuple[str, ...], tuple[Entry, ...]]
    folded: dict[tuple[str, ...], tuple[Entry, ...]]
    lower_starts: frozenset[str]
    lower: frozenset[tuple[str, ...]]
    prefixes: frozenset[tuple[str, ...]]
    firsts: frozenset[str]
    longest: int
    roles: dict[str, tuple[tuple[str, str, str], ...]]

    def lookup(self, words: tuple[str, ...]) -> tuple[Entry, ...]:
        """Entries for a tuple of words (case rules applied), () when none."""
        found = self.exact.get(words, ())
        folded = tuple(w.lower() for w in words)
        lower = not words[0][0].isupper()
        for entry in self.folded.get(folded, ()):
            # "brugerklubben SBSYS" may start in lower case, "Konservative" and "Rasch" may not
            if lower and folded not in self.lower and folded[0] not in self.lower_starts:
                continue
            found += (entry,)
        return found

    def organisation_of(self, word: str) -> str | None:
        """The id of the organisation named by one word ("Kita", "SBSYS"), or None."""
        orgs = [e.id for e in self.lookup((word,)) if e.kind == "organisation"]
        return orgs[0] if orgs else None

    def scan(self, text: str) -> list[Hit]:
        """All name forms in text, longest first, not overlapping, left to right."""
        firsts = self.firsts
        # a quick no, in one regex pass, for the many capitalised words that start no name
        starts = [
            m.start()
            for m in _CAPITAL_WORD.finditer(text)
            if _starts_name(m.group(0).lower(), firsts)
        ]
        if self.lower_starts:
            lowered = lower_in_place(text)
            for word in self.lower_starts:
                found = lowered.find(word)
                while found >= 0:
                    if found == 0 or not (
                        lowered[found - 1].isalnum() or lowered[found - 1] in "@-"
                    ):
                        starts.append(found)
                    found = lowered.find(word, found + 1)
            starts.sort()
        hits: list[Hit] = []
        pos = 0
        for start in starts:
            if start < pos:
                continue
            best: Hit | None = None
            words: list[str] = []
            lowered_words: tuple[str, ...] = ()
            at = start
            while len(words) < self.longest:
                token = _TOKEN.match(text, at)
                if token is None:
                    break
                words.append(token.group(0))
                lowered_words += (words[-1].lower(),)
                best = self._match(text, start, words, token.end()) or best
                if lowered_words not in self.prefixes:
                    break
                at = _GAP.match(text, token.end()).end()
                if at == token.end():
                    break
            if best:
                hits.append(best)
                pos = best.end
        return hits

    def _match(self, text: str, start: int, words: list[str], end: int) -> Hit | None:
        """A hit when words (the last one maybe in the genitive) are a name form."""
        head, last = tuple(words[:-1]), words[-1]
        for variant, genitive in _variants(last):
            entries = self.lookup((*head, variant))
            if entries:
                if end < len(text) and text[end] in "'’" and last.endswith(("s", "S")):
                    end, genitive = end + 1, True
                return Hit(start, end, entries, genitive)
        return None


@dataclass(frozen=True)
class Scanned:
    """A text as the analysis reads it (clean_text) and the name forms found in it (scan)."""

    text: str
    hits: tuple[Hit, ...]


def scan_after(matcher: Matcher, doc: str, offset: int, body: Scanned | None) -> list[Hit]:
    """The hits of doc, whose text from offset on may have been scanned already (body).

    No name form runs over a blank line, so when doc is a title, a blank line and the body, the
    body's hits shifted by offset are doc's hits after the title's own.
    """
    if body is None or doc[offset - 2 : offset] != "\n\n" or doc[offset:] != body.text:
        return matcher.scan(doc)
    head = matcher.scan(doc[:offset])
    return head + [Hit(h.start + offset, h.end + offset, h.entries, h.genitive) for h in body.hits]


def scanned(matcher: Matcher, text: str) -> Scanned:
    """A text read and scanned once, for mentions and discovery alike."""
    clean = clean_text(text)
    return Scanned(clean, tuple(matcher.scan(clean)))


def _starts_name(word: str, firsts: frozenset[str]) -> bool:
    """True when a lower-cased word, maybe in the genitive or a compound, can start a name."""
    return (
        word in firsts
        or word[:-1] in firsts
        or word[:-2] in firsts
        or ("-" in word and word.partition("-")[0] in firsts)
    )


def _variants(word: str) -> list[tuple[str, bool]]:
    """A last word as written, without genitive ending, without compound tail ("SBSYS-sagen")."""
    variants = [(word, False)]
    if word.endswith(("'s", "’s")):
        variants.append((word[:-2], True))
    elif word.endswith("s") and len(word) > 2:
        variants.append((word[:-1], True))
    head, _, tail = word.partition("-")
    if tail and head.isupper() and tail.islower():
        variants.append((head, False))
    return variants


def _is_acronym(form: str) -> bool:
    return not any(c.islower() for c in form)


def matcher_of(registry: Registry) -> Matcher:
    """The registry's combined matcher, built once per registry object and kept on it."""
    # Registry is frozen; like functools.cached_property, keep the matcher in its __dict__.
    matcher = registry.__dict__.get("_matcher")
    if matcher is None:
        matcher = registry.__dict__["_matcher"] = build_matcher(registry)
    return matcher


def build_matcher(registry: Registry) -> Matcher:
    """Index every name form of the registry (names, aliases, surnames) once."""
    exact: dict[tuple[str, ...], tuple[Entry, ...]] = {}
    folded: dict[tuple[str, ...], tuple[Entry, ...]] = {}
    lower: set[tuple[str, ...]] = set()
    lower_starts: set[str] = set()

    def add(form: str, entry: Entry) -> None:
        words = tuple(m.group(0) for m in _TOKEN.finditer(form))
        if not words:
            return
        if entry.kind == "organisation" and _is_acronym(form):
            exact[words] = exact.get(words, ()) + (entry,)
            if len(form) >= 4 and len(words) == 1 and form.isalpha():
                title = (form.capitalize(),)
                exact[title] = exact.get(title, ()) + (entry,)
            return
        key = tuple(w.lower() for w in words)
        if not words[0][0].isupper():
            lower.add(key)
        # "brugerklubben SBSYS" is also written with a small letter; "Egedal Kommune" is not
        common_noun = len(words) > 1 and len(key[0]) > 4 and key[0].endswith(("en", "et"))
        if entry.kind == "organisation" and (key in lower or common_noun):
            lower_starts.add(key[0])
        if entry not in folded.get(key, ()):
            folded[key] = folded.get(key, ()) + (entry,)

    for person in registry.people:
        add(person.name, Entry("person", person.id, "name"))
        for alias in person.aliases:
            add(alias, Entry("person", person.id, "alias"))
        for short in _short_forms(person.name):
            add(short, Entry("person", person.id, "surname"))
    for org in registry.organisations:
        for form in (org.name, *org.aliases):
            add(form, Entry("organisation", org.id, "name"))
    strong = {k: v for k, v in folded.items()}
    for key, entries in strong.items():
        # a short form that is also someone's full name or alias is that name, not a surname
        if any(e.strength != "surname" for e in entries):
            folded[key] = tuple(e for e in entries if e.strength != "surname")
    keys = [tuple(w.lower() for w in k) for k in (*exact, *folded)]
    prefixes = frozenset(k[:size] for k in keys for size in range(1, len(k)))
    firsts = frozenset(k[0] for k in keys)
    longest = max((len(k) for k in keys), default=1)
    return Matcher(
        registry,
        exact,
        folded,
        frozenset(lower_starts),
        frozenset(lower),
        prefixes,
        firsts,
        longest,
        _roles_by_base(registry),
    )


def _roles_by_base(registry: Registry) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Registry roles by role noun: base -> (person id, lower-case title, organisation id)."""
    index: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for person in registry.people:
        for role in person.roles:
            title = role.title.lower()
            words = re.split(r"[\s-]+", title)
            for base in ROLE_BASES:
                if any(w.endswith(base) for w in words):
                    index[base] = index.get(base, ()) + ((person.id, title, role.organisation),)
    return index


def _short_forms(name: str) -> list[str]:
    """Surname forms of a full name: last word, last two words, first and last word."""
    words = [w for w in name.split() if not (len(w) == 2 and w.endswith("."))]
    if len(words) < 2:
        return []
    forms = [words[-1]]
    if len(words) >= 3:
        forms += [" ".join(words[-2:]), f"{words[0]} {words[-1]}"]
    return forms
