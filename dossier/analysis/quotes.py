"""Direct speech in cleaned text: » «, “ ”, " " and dialogue dashes, and where the speaker is named.

Only the structure is found here; statements.py decides who the speaker is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from .textutil import paragraph_spans, sentence_start

SPEECH_VERBS = (
    "siger",
    "sagde",
    "fortæller",
    "fortalte",
    "forklarer",
    "forklarede",
    "mener",
    "understreger",
    "påpeger",
    "pointerer",
    "tilføjer",
    "tilføjede",
    "skriver",
    "skrev",
    "udtaler",
    "udtalte",
    "konstaterer",
    "erkender",
    "advarer",
    "vurderer",
    "svarer",
    "svarede",
    "spørger",
    "fortsætter",
    "uddyber",
    "bekræfter",
    "indrømmer",
    "medgiver",
    "medgav",
    "mente",
    "oplyser",
    "oplyste",
    "fastslår",
    "fastslog",
    "understregede",
    "påpegede",
    "pointerede",
    "konstaterede",
    "erkendte",
    "vurderede",
    "advarede",
    "spurgte",
    "fortsatte",
    "uddybede",
    "bekræftede",
    "indrømmede",
    "meddeler",
    "meddelte",
    "hævder",
    "hævdede",
    "erklærer",
    "erklærede",
    "fremhæver",
    "fremhævede",
    "beretter",
    "berettede",
    "fastholder",
    "fastholdt",
    "slutter",
    "sluttede",
    "supplerer",
    "supplerede",
    "forsikrer",
    "forsikrede",
    "råber",
    "råbte",
    "replicerer",
    "replicerede",
    "lover",
    "lovede",
    "slår fast",
    "slog fast",
    "lyder det fra",
    "lød det fra",
)
_VERBS = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS)
# the attribution clause runs to the end of the sentence: appositions of titles can be long,
# and initials and "dr." do not end it
_WHO = r"(?:[A-ZÆØÅ]\.|(?:dr|hr|prof|mr|mrs|ms)\.|[^.!?\n»“„\"]){1,300}"
_AFTER = re.compile(r"\s*[,.]?\s*(?P<verb>" + _VERBS + r")\b\s*(?P<who>" + _WHO + ")")
_DASH_ATTR = re.compile(r"[,?!]\s+(?P<verb>" + _VERBS + r")\b\s*(?P<who>" + _WHO + ")")
# a paragraph that closes a quote opened in an earlier one: ...,« siger X / ...," siger X
_ORPHAN_CLOSE = re.compile(r"[,.!?…]([«”\"])")
_OPENING = re.compile(r"[»“„\"]")
_PAIRS = MappingProxyType({"»": "«", "“": "”", "„": "“", '"': '"'})


@dataclass(frozen=True)
class Quote:
    """Direct speech: content span (may cover several paragraphs) and where the speaker is named.

    `how` is "after" (`»...«, siger X`), "colon" (`X siger: »...«`) or "" (no attribution);
    (who_start, who_end) is the phrase naming the speaker.
    """

    start: int
    end: int
    paragraph: int
    how: str
    who_start: int
    who_end: int
    dash: bool
    standalone: bool


def _colon_intro(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The sentence before an opening quote when it ends with a colon."""
    before = text[limit:start].rstrip()
    if not before.endswith(":"):
        return None
    end = limit + len(before) - 1
    begin = max(sentence_start(text, end), limit)
    closing = max(text.rfind(char, begin, end) for char in '«”"')
    return max(begin, closing + 1), end


@lru_cache(maxsize=4)
def find_quotes(text: str) -> tuple[Quote, ...]:
    """Find direct speech in cleaned text: » «, “ ”, " " and dialogue dashes, across paragraphs.

    Discovery and the statements read the same text: the last few results are kept.
    """
    paras = paragraph_spans(text)
    quotes: list[Quote] = []
    index = 0
    while index < len(paras):
        ps, pe = paras[index]
        first = text[ps]
        if first in "–—" or (first == "-" and _DASH_ATTR.search(text, ps, pe)):
            # the last speech verb of the paragraph closes the quote
            attr = next(reversed(list(_DASH_ATTR.finditer(text, ps, pe))), None)
            content_end = attr.start() if attr else pe
            who = (attr.start("who"), attr.end("who")) if attr else (0, 0)
            quotes.append(
                Quote(ps + 1, content_end, index, "after" if attr else "", *who, True, True)
            )
            index += 1
            continue
        pos, next_index = ps, index + 1
        orphan = _orphan(text, ps, pe)
        if orphan:
            quotes.append(replace(orphan, paragraph=index))
            pos = orphan.end + 1
        while pos < pe:
            opening = _OPENING.search(text, pos, pe)
            if not opening:
                break
            start = opening.start()
            closing_char = _PAIRS[opening.group(0)]
            if closing_char == '"' and not _opens(text, start):
                pos = start + 1  # a straight quote that can only close one: stray, skip it
                continue
            last = index
            close = text.find(closing_char, start + 1, pe)
            if closing_char == '"' and close >= 0 and not _closes(text, close):
                # the next straight quote opens another quote: this one was never closed; it
                # ends before that one and steals nothing from it
                end = len(text[:close].rstrip())
                quotes.append(Quote(start + 1, end, index, "", 0, 0, False, start == ps))
                pos = close
                continue
            if close < 0 and closing_char == "”":
                close = text.find("“", start + 1, pe)
            # a quote left open runs on through following paragraphs that open again
            while (
                close < 0 and last + 1 < len(paras) and text[paras[last + 1][0]] == opening.group(0)
            ):
                last += 1
                close = text.find(closing_char, paras[last][0] + 1, paras[last][1])
            if close < 0 and start == ps:
                close, last = _closed_in_next(text, paras, last, opening.group(0), close)
            end = close if close >= 0 else paras[last][1]
            end_para = paras[last][1]
            after = _AFTER.match(text, end + 1, end_para) if close >= 0 else None
            intro = _colon_intro(text, start, ps) if start > ps else None
            if after:
                how, who = "after", (after.start("who"), after.end("who"))
            elif intro:
                how, who = "colon", intro
            elif (
                quotes
                and quotes[-1].paragraph == index
                and quotes[-1].how == "after"
                and not text[quotes[-1].who_end : start].strip(" ,")
            ):
                # »Det er godt,« siger X, »men ...«: the same speaker goes on
                how, who = "after", (quotes[-1].who_start, quotes[-1].who_end)
            elif start == ps and index > 0:
                prev = _colon_intro(text, start, paras[index - 1][0])
                how, who = ("colon", prev) if prev else ("", (0, 0))
            else:
                how, who = "", (0, 0)
            quotes.append(Quote(start + 1, end, index, how, *who, False, start == ps))
            pos = (close if close >= 0 else end) + 1
            if last != index:
                next_index = last + 1
                break
        index = next_index
    return tuple(quotes)


def _opens(text: str, at: int) -> bool:
    """A straight quote that can open: at the start or after a space or bracket, before a word."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not after.isspace() and (before.isspace() or before in "([–—-" or before.isalnum())


def _closes(text: str, at: int) -> bool:
    """A straight quote that can close: after a word or punctuation, before a space or sign."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if before.isspace():
        return False
    return after.isspace() or after in ",.;:!?)–—-" or before in ",.!?…"


def _orphan(text: str, ps: int, pe: int) -> Quote | None:
    """A paragraph that closes, with an attribution, a quote it never opened."""
    mark = _ORPHAN_CLOSE.search(text, ps, pe)
    if not mark or _OPENING.search(text, ps, mark.start(1)) or text[ps] in '»“„"':
        return None
    after = _AFTER.match(text, mark.end(1), pe)
    if not after:
        return None
    close = mark.start(1)
    return Quote(ps, close, 0, "after", after.start("who"), after.end("who"), False, True)


def _closed_in_next(
    text: str, paras: list[tuple[int, int]], last: int, opening: str, close: int
) -> tuple[int, int]:
    """A quote left open that closes in the next paragraph, without a new opening mark, before
    its attribution: »... (new paragraph) ...,« siger X. Straight quotes are too ambiguous."""
    closing = _PAIRS[opening]
    if closing == opening or last + 1 >= len(paras):
        return close, last
    begin, stop = paras[last + 1]
    found = text.find(closing, begin, stop)
    if found < 0 or _OPENING.search(text, begin, found) or not _AFTER.match(text, found + 1, stop):
        return close, last
    return found, last + 1
