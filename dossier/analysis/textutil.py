"""Text helpers for mentions, statements and discovery: cleaning, sentences, names, role nouns.

Every helper keeps character offsets of the original text, so spans found by one stage can be
compared with spans found by another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _load_first_names() -> dict[str, str]:
    """First names and their sex ("f", "m", "u") from data/first_names.txt (package data)."""
    text = resources.files(__package__).joinpath("data/first_names.txt").read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, sex = line.partition("\t")
            names[name.strip()] = sex.strip() or "u"
    return names


_FIRST_NAME_SEX = _load_first_names()
# Danish first names (and the foreign ones common in Danish news): a person name starts with one.
FIRST_NAMES = frozenset(_FIRST_NAME_SEX)
# First names that are (almost) only women's, to check "hun" against; "u" names are both.
FEMALE_NAMES = frozenset(n for n, sex in _FIRST_NAME_SEX.items() if sex == "f")
UNISEX_NAMES = frozenset(n for n, sex in _FIRST_NAME_SEX.items() if sex == "u")


def gender_of(name: str) -> str:
    """ "f" or "m" from a person's first name, "" when unknown."""
    first = name.split()[0].split("-")[0] if name.split() else ""
    if first not in FIRST_NAMES or first in UNISEX_NAMES:
        return ""
    return "f" if first in FEMALE_NAMES else "m"


NAME_PARTICLES = frozenset({"von", "van", "de", "der", "den", "la", "le", "af", "du"})
WEEKDAYS_MONTHS = frozenset(
    """mandag tirsdag onsdag torsdag fredag lørdag søndag januar februar marts april maj juni juli
    august september oktober november december""".split()
)

_BOILERPLATE = re.compile(
    r"^[ \t>*_#]*(?:læs også|læs mere|se også|navnenyt|foto|fotos|fotograf|grafik|illustration|"
    r"kilde|kilder|del artiklen|del på|annonce|tilmeld dig|abonnér|relateret|opdateret|publiceret|"
    r"billede|arkivfoto|tekst|redigeret af|rettelse|kontakt)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BYLINE = re.compile(
    r"^[ \t>*_]*(?i:af|skrevet af|tekst:?)[ \t]+[A-ZÆØÅ](?:[A-ZÆØÅ]\.|[^\n.!?]){0,80}$",
    re.MULTILINE,
)
# paragraphs end at a blank line, and a list item ("- Jeg har ..., sagde X") is one of its own
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*[-–—+*][ \t])")
# possessive and stopping at "(": linear on scraped text ("](" repeated was quadratic)
_MARKUP = re.compile(r"\]\([^()\s]*+(?:\([^()\s]*+\))?+\)|[*_#\[\]|]++")


@lru_cache(maxsize=4)
def clean_text(text: str) -> str:
    """Blank out byline and boilerplate lines and Markdown markup, keeping every offset."""

    def blank(match: re.Match[str]) -> str:
        found = match.group(0)  # most matches are one markup character: skip the sub then
        return " " * len(found) if "\n" not in found else re.sub(r"[^\n]", " ", found)

    text = _BOILERPLATE.sub(blank, text)
    text = _BYLINE.sub(blank, text)
    return _MARKUP.sub(blank, text)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph (blocks between blank lines, list items), stripped."""
    spans = []
    begin = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        chunk = text[begin:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((begin + lead, begin + len(chunk.rstrip())))
        begin = gap.end() if gap else stop
    return spans


def sentence_start(text: str, pos: int) -> int:
    """Offset where the sentence containing pos begins."""
    for index in range(pos - 1, -1, -1):
        char = text[index]
        if char == "\n" and index > 0 and text[index - 1] == "\n":
            return index + 1
        if char in ".!?" and index + 1 < len(text) and text[index + 1].isspace():
            if _is_abbreviation(text, index):
                continue
            return index + 1
    return 0


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at dot ends an initial ("H.") or a common abbreviation ("adm.")."""
    word = re.search(r"(\w+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isupper()) or token.lower() in {"adm", "bl", "dvs", "mv"}


def is_sentence_initial(text: str, pos: int) -> bool:
    """True when only whitespace, quote marks or dashes stand between the sentence start and pos."""
    return not text[sentence_start(text, pos) : pos].strip(' \t\n»«"“”„–—-:')


_NAME = re.compile(
    r"(?P<name>[A-ZÆØÅ](?<![\w@-].)[a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?"
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:[A-ZÆØÅ]\.|(?:von|van|de|af|la|du)(?=\s+[A-ZÆØÅ])|"
    r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?)){1,8})(?![\w@])"
)


def find_names(text: str) -> list[tuple[int, int, str]]:
    """Person-like names: 2-4 capitalised words starting with a known first name."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group("name").split()
        start = match.start()
        # drop leading capitalised words that are not first names ("Direktør Tom Togsverd")
        while len(words) >= 2 and words[0].split("-")[0] not in FIRST_NAMES:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if len(words) < 2 or words[0].split("-")[0] not in FIRST_NAMES:
            continue
        words = words[:4]
        while words and (words[-1] in NAME_PARTICLES or words[-1].endswith(".")):
            words = words[:-1]
        if len(words) < 2:
            continue
        name = " ".join(words)
        end = text.index(words[-1], start) + len(words[-1])
        found.append((start, end, name))
    return found


# Role nouns: a compound ending in one of these ("it-chef", "markedsdirektør") is a role.
ROLE_BASES = (
    "formand",
    "formandinde",
    "direktør",
    "chef",
    "minister",
    "ordfører",
    "borgmester",
    "rådmand",
    "konsulent",
    "professor",
    "lektor",
    "advokat",
    "partner",
    "leder",
    "sekretær",
    "analytiker",
    "økonom",
    "talsmand",
    "talsperson",
    "folketingsmedlem",
    "direktrice",
)


@dataclass(frozen=True)
class RoleWord:
    """A role noun in the text: its base ("formand"), full key ("kita-formand"), definiteness."""

    start: int
    end: int
    base: str
    key: str
    prefix: str
    definite: bool


def lower_in_place(text: str) -> str:
    """text in lower case, each character where it was, so offsets hold in both: "İ" (U+0130),
    the one character whose lower case is two, becomes "i"."""
    return text.replace("\u0130", "i").lower()


def find_role_words(text: str) -> list[RoleWord]:
    """Find role nouns, indefinite ("formand") and definite ("formanden", "Kita-formanden")."""
    lowered = lower_in_place(text)
    found: dict[int, RoleWord] = {}
    for base in ROLE_BASES:
        at = lowered.find(base)
        while at >= 0:
            word = _role_word(text, lowered, at, base)
            if word and (word.start not in found or len(word.base) > len(found[word.start].base)):
                found[word.start] = word
            at = lowered.find(base, at + 1)
    return [found[start] for start in sorted(found)]


def _role_word(text: str, lowered: str, at: int, base: str) -> RoleWord | None:
    """The role noun whose base starts at offset at, or None when base is not its ending."""
    end = at + len(base)
    suffix = (
        "ens" if lowered.startswith("ens", end) else "en" if lowered.startswith("en", end) else ""
    )
    end += len(suffix)
    if end < len(text) and (text[end].isalnum() or text[end] in "@_"):
        return None
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@_-"):
        start -= 1
    prefix = text[start:at]
    if base == "leder" and not prefix:
        return None  # "leder" alone is usually the verb
    return RoleWord(
        start=start,
        end=end,
        base=base,
        key=lowered[start : at + len(base)],
        prefix=prefix.rstrip("-") if prefix.endswith("-") else "",
        definite=bool(suffix),
    )
