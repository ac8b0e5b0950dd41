"""Direct quotes in a main text and who said them.

A quote is attributed only when the text says who spoke: a name, a pronoun after a speech verb
(the person named last before the quote), a role reference ("siger formanden"), or an introducing
sentence ending in a colon. Otherwise the quote is kept with person=None; it is never guessed.
Indirect speech ("X mener, at ...") and "ifølge X" are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .evidence import NOT_NAME_WORDS, structural_names
from .mentions import Mentions, find_mentions
from .organisations import find_organisations
from .quotes import SPEECH_VERBS, Quote, find_quotes
from .registry import Registry
from .textutil import FIRST_NAMES, clean_text, gender_of, paragraph_spans

_PRONOUN = re.compile(r"\s*(?:han|hun)\b", re.IGNORECASE)
_PRONOUN_ANYWHERE = re.compile(r"(?<![\w])(?:han|hun)(?![\w])", re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(?:siger|sagde|mener|fortæller|forklarer|understreger|påpeger|tilføjer|erkender|"
    r"vurderer|advarer|oplyser|afviser|pointerer|konstaterer|uddyber|fastholder)\b"
)
_CLAUSE_END = re.compile(r"\b(?:der|som|hvor|hvis|fordi|mens|da|når|om|til|efter|ifølge)\b|, at\b")
_VERB_IN = re.compile(r"\b(?:" + "|".join(SPEECH_VERBS).replace(" ", r"\s+") + r")\b")
_ONE_NAME = re.compile(
    r"\s*(?:(?:dr|hr|fru)\.?\s+)?([A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?)\b(?!\s+[A-ZÆØÅ])"
)
_INSTITUTION_VERBS = frozenset(
    "skriver skrev oplyser oplyste meddeler meddelte bekræfter bekræftede lyder lød".split()
)
# verbs by which someone gives a word of their own for something, as in "kalder det »...«"
_CHARACTERISING = re.compile(
    r"\b(?:kalder|kaldte|betegner|betegnede|beskriver|beskrev|anser|anså|omtaler|omtalte|"
    r"karakteriserer|karakteriserede)\b"
)
# a sentence ends at . ! ? before a space, not after an initial or an abbreviation ("H.", "bl.a.")
_SENTENCE_END = re.compile(r"(?<![\s.][A-Za-zÆØÅæøå])[.!?](?=\s)|\n")
_APPOSITION = re.compile(r"\s*(?:,[^,.;:!?]*,\s*)?")
_QUOTE_MARKS = re.compile('[»«"“”„]')
_PLURAL = re.compile(r"\s*(?:de|begge|man|vi|flere|alle)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A direct quote: registry person id (or None), the words, where they stand in the text.

    speaker_name is the speaker as written when it is a person not in the registry ("" otherwise).
    said is what the speaker is said to do with a short term of theirs, the term's quote marks
    included ("kalder udbuddet for »makværk«"); "" for speech, whose words stand alone.
    """

    person: str | None
    text: str
    paragraph: int
    start: int
    end: int
    speaker_name: str = ""
    said: str = ""


@dataclass(frozen=True)
class _Speaker:
    start: int
    end: int
    person: str | None
    name: str | None
    gender: str = ""


def find_statements(
    text: str, registry: Registry, mentions: Mentions | None = None, title: str = ""
) -> list[Statement]:
    """Find the direct quotes of a main text and attribute each to its speaker when certain."""
    mentions = mentions or find_mentions(title, text, registry)
    doc = clean_text(text)
    quotes = find_quotes(doc)
    speakers = _speakers(mentions, quotes, registry, structural_names(doc))
    statements: list[Statement] = []
    resolved: dict[int, tuple[str | None, str | None]] = {}
    for number, quote in enumerate(quotes):
        words = _clean_quote(doc[quote.start : quote.end])
        if not quote.how and not quote.dash and not quote.standalone:
            # a quoted term inside a sentence is not speech, unless a named speaker gives it as
            # their word for something ("X kalder udbuddet for »makværk«")
            person, name, said = _characterised_by(doc, quote, speakers)
            if said and words:
                resolved[number] = (person, name)
                statement = Statement(None, words, quote.paragraph, quote.start, quote.end)
                statements.append(replace(statement, said=said))
            continue
        if len(words.split()) < 3:
            continue
        resolved[number] = _attribute(doc, quote, speakers) if quote.how else (None, None)
        statements.append(Statement(None, words, quote.paragraph, quote.start, quote.end))
    _carry_over(quotes, resolved)
    _after_reported_speech(doc, quotes, resolved, speakers)
    _interview_answers(doc, quotes, resolved, speakers)
    return [
        replace(s, person=resolved[n][0], speaker_name=resolved[n][1] or "")
        for n, s in zip(sorted(resolved), statements, strict=True)
    ]


def _speakers(
    mentions: Mentions, quotes: list[Quote], registry: Registry, extra=()
) -> list[_Speaker]:
    """Everyone named outside quotes, with positions: registry people, role references, others.

    `extra` are names found by their structure ("siger Nile Rodgers"), used where nothing else is.
    """
    inside = [(q.start, q.end) for q in quotes]

    def outside(pos: int) -> bool:
        return not any(s <= pos < e for s, e in inside)

    def gender(person: str | None, name: str | None) -> str:
        record = registry.person(person) if person else None
        return gender_of(record.name if record else name or "")

    found = [(s.start, s.end, s.id, None) for s in mentions.spans if s.kind == "person"]
    found += [
        (e.start, e.end, e.person, e.name)
        for e in mentions.roles
        if (e.person or e.name or e.reference) and outside(e.start)
    ]
    found += [(s, e, None, n) for s, e, n in mentions.names]
    found += [(s, e, None, n) for s, e, n in extra if not any(f[0] < e and s < f[1] for f in found)]
    return sorted(
        (_Speaker(s, e, p, n, gender(p, n)) for s, e, p, n in found if outside(s)),
        key=lambda sp: (sp.start, -sp.end),
    )


def _attribute(doc: str, quote: Quote, speakers: list[_Speaker]) -> tuple[str | None, str | None]:
    """The speaker of an attributed quote: (registry id or None, name if not in the registry)."""
    phrase = doc[quote.who_start : quote.who_end]
    # the speaker stands in the attribution clause, before any relative or reported clause
    cut = _CLAUSE_END.search(phrase)
    clause_end = quote.who_start + (cut.start() if cut else len(phrase))
    within = [sp for sp in speakers if quote.who_start <= sp.start < clause_end]
    if quote.how == "after":
        pronoun = _PRONOUN.match(phrase)
        if pronoun:
            return _last_before(quote.start, speakers, pronoun.group(0).strip().lower(), doc)
        if _PLURAL.match(phrase):
            return None, None
        if within:
            return within[0].person, within[0].name
        return _single_name(doc, quote, speakers)
    verb = _VERB_IN.search(phrase)
    if verb and within:
        # "I går sagde Peter Olsen:" names the speaker after the verb; otherwise the subject
        # starts the sentence: "Peter Olsen, der kender Jens Hansen, siger:"
        at = quote.who_start + verb.end()
        right_after = [sp for sp in within if sp.start >= at and not doc[at : sp.start].strip()]
        before = [sp for sp in within if sp.end <= quote.who_start + verb.start()]
        if right_after:
            return right_after[0].person, right_after[0].name
        if before and not doc[quote.who_start : before[0].start].strip(" \t\n-–—"):
            return before[0].person, before[0].name
        return None, None
    if within:
        return within[0].person, within[0].name
    pronoun = _PRONOUN_ANYWHERE.search(phrase)
    if pronoun:
        return _last_before(quote.who_start, speakers, pronoun.group(0).lower(), doc)
    return None, None


def _characterised_by(
    doc: str, quote: Quote, speakers: list[_Speaker]
) -> tuple[str | None, str | None, str]:
    """Who gives a quoted term as their word for something, and what the text says they do
    ("kalder udbuddet for »makværk«"): the named subject of "X kalder det (for) »...«" (or
    "betegner ... som", "anså ... for"), named right before the verb, at the start of its
    sentence or right after the verb ("I går kaldte X det »...«"), or a pronoun subject for
    the person named last before. (None, None, "") for a term nobody is said to use."""
    ends = [m.end() for m in _SENTENCE_END.finditer(doc, 0, quote.start)]
    begin = ends[-1] if ends else 0
    verbs = list(_CHARACTERISING.finditer(doc, begin, max(begin, quote.start - 1)))
    verb = verbs[-1] if verbs else None  # the last such verb before the quote
    if verb is None or _QUOTE_MARKS.search(doc, verb.end(), quote.start - 1):
        return None, None, ""
    person, name = _subject(doc, begin, verb, quote, speakers)
    said = " ".join(doc[verb.start() : quote.end + 1].split()) if person or name else ""
    return person, name, said


def _subject(
    doc: str, begin: int, verb: re.Match, quote: Quote, speakers: list[_Speaker]
) -> tuple[str | None, str | None]:
    """The one who does what the characterising verb says, in the sentence from begin."""
    sentence = [sp for sp in speakers if begin <= sp.start and sp.end <= verb.start()]
    # the subject right before the verb, maybe with an apposition ("X, direktør for Y, kalder")
    if sentence and _APPOSITION.fullmatch(doc, sentence[-1].end, verb.start()):
        return sentence[-1].person, sentence[-1].name
    # or the sentence's subject, when no clause of another subject comes between
    if (
        sentence
        and not doc[begin : sentence[0].start].strip()
        and not _CLAUSE_END.search(doc, sentence[0].end, verb.start())
    ):
        return sentence[0].person, sentence[0].name
    after = [sp for sp in speakers if verb.end() <= sp.start < quote.start]
    if after and not doc[verb.end() : after[0].start].strip():
        return after[0].person, after[0].name
    pronoun = _PRONOUN.match(doc, begin)
    if pronoun and pronoun.end() <= verb.start() and not sentence:
        return _last_before(begin, speakers, pronoun.group(0).strip().lower(), doc)
    return None, None


def _single_name(doc: str, quote: Quote, speakers: list[_Speaker]) -> tuple[str | None, str | None]:
    """One capitalised word after the verb: the surname of someone named before, a first name,
    or a surname as the text gives it ("sagde Waigel"), unless it may name an organisation."""
    match = _ONE_NAME.match(doc, quote.who_start, quote.who_end)
    if not match:
        return None, None
    word = match.group(1)
    for speaker in reversed([sp for sp in speakers if sp.end <= quote.start]):
        full = speaker.name or ""
        if speaker.person is None and full.split()[-1:] == [word]:
            return None, full
    if word in FIRST_NAMES:
        return None, word
    # media write and institutions inform ("skriver Politiken", "oplyser Rigspolitiet")
    verb = re.search(r"(\w+)\s*$", doc[max(0, quote.who_start - 20) : quote.who_start])
    institutional = verb is not None and verb.group(1) in _INSTITUTION_VERBS
    if institutional or word.endswith(("et", "ets")) or word in NOT_NAME_WORDS:
        return None, None
    if any(o.start <= match.start(1) < o.end for o in find_organisations(doc)):
        return None, None
    return None, word


def _last_before(
    pos: int, speakers: list[_Speaker], pronoun: str, doc: str = ""
) -> tuple[str | None, str | None]:
    """The person named last before pos whose gender does not contradict the pronoun.

    Only people named in this paragraph or the two before count: a pronoun does not reach back
    to an unrelated part of the text.
    """
    wanted = "f" if pronoun == "hun" else "m"
    reach = _reach(doc, pos) if doc else 0
    named = [
        sp for sp in speakers if reach <= sp.start and sp.end <= pos and (sp.person or sp.name)
    ]
    for speaker in reversed(named):
        if speaker.gender in ("", wanted):
            return speaker.person, speaker.name
    return None, None


def _reach(doc: str, pos: int) -> int:
    """Where the paragraph two before the one at pos begins."""
    begin = pos
    for _ in range(3):
        gap = doc.rfind("\n\n", 0, begin)
        if gap < 0:
            return 0
        begin = gap
    return begin


def _carry_over(quotes: list[Quote], resolved: dict[int, tuple[str | None, str | None]]) -> None:
    """An unattributed quote paragraph next to an attributed one continues the same speech."""
    numbers = sorted(resolved)
    for index, number in enumerate(numbers):
        quote = quotes[number]
        if quote.how or resolved[number] != (None, None):
            continue
        prev = numbers[index - 1] if index else None
        if (
            prev is not None
            and quotes[prev].paragraph == quote.paragraph - 1
            and quotes[prev].dash == quote.dash  # a change of quoting style is another voice
            and resolved[prev] != (None, None)
        ):
            resolved[number] = resolved[prev]
            continue
        nxt = numbers[index + 1] if index + 1 < len(numbers) else None
        if (
            quote.dash
            and nxt is not None
            and quotes[nxt].paragraph == quote.paragraph + 1
            and quotes[nxt].how
            and quotes[nxt].dash
        ):
            resolved[number] = resolved[nxt]


def _after_reported_speech(
    doc: str,
    quotes: list[Quote],
    resolved: dict[int, tuple[str | None, str | None]],
    speakers: list[_Speaker],
) -> None:
    """A quote paragraph right after a paragraph reporting what one person says is that person's.

    ("Torp understreger, at ..." then a paragraph »...« with no speech verb of its own.)
    """
    paras = paragraph_spans(doc)
    quoted = {q.paragraph for q in quotes if q.standalone or q.dash}
    for number, (person, name) in resolved.items():
        quote = quotes[number]
        if quote.how or person or name or quote.paragraph == 0 or quote.paragraph - 1 in quoted:
            continue
        start, end = paras[quote.paragraph - 1]
        if not _REPORTED.search(doc, start, end):
            continue
        named = {(sp.person, sp.name) for sp in speakers if start <= sp.start < end}
        named.discard((None, None))
        if len(named) == 1:
            resolved[number] = named.pop()


def _interview_answers(
    doc: str,
    quotes: list[Quote],
    resolved: dict[int, tuple[str | None, str | None]],
    speakers: list[_Speaker],
) -> None:
    """In an interview (two or more question paragraphs), the answers are the interviewee's.

    The interviewee is the one person named before the first question.
    """
    paras = paragraph_spans(doc)
    quoted = {q.paragraph for q in quotes}
    questions = [
        i
        for i, (s, e) in enumerate(paras)
        if i not in quoted and doc[s:e].rstrip(" *_").endswith("?")
    ]
    if len(questions) < 2:
        return
    intro_end = paras[questions[0]][0]
    named = {(sp.person, sp.name) for sp in speakers if sp.start < intro_end}
    named.discard((None, None))
    if len(named) != 1:
        return
    interviewee = named.pop()
    for number, who in resolved.items():
        quote = quotes[number]
        if not quote.how and who == (None, None) and quote.paragraph - 1 in questions:
            resolved[number] = interviewee


def _clean_quote(words: str) -> str:
    """Quote text without quote marks, dialogue dash, trailing comma, or doubled spaces."""
    words = re.sub(r"\n\s*\n\s*[»“„\"]?", "\n\n", words)
    words = re.sub(r"[ \t]+", " ", words).strip(' \t\n,»«“”„"–—-')
    return words
