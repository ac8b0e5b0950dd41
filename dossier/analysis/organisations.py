"""Organisation names in a text: suffix patterns, introduced and listed acronyms, "direktør for X".

An acronym counts only when the text introduces it ("Kommunernes Landsforening (KL)"), when it is
in the shipped or the editors' acronym list, or (decided later, over all texts) when it recurs in
two or more texts; never inside a line in capitals and never one of the words in capitals that
name no organisation (AIDS, VM, OL, ...). Suffix patterns match whole compounds: the part after a
hyphen must be a name of its own, so "Zagreb-området" is no "...rådet".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .evidence import PARTIES, caps_lines, default_acronyms, inside
from .textutil import FIRST_NAMES

ACRONYM_STOP = frozenset(
    """IT EU ESDH OG CEO CTO CIO CFO PDF HR TV DR USA UK OK ID API AI GDPR IKT PC SMS FAQ NB PS OBS
    EUR DKK KR MIO MIA NR CVR CPR SAAS ERP CRM IP URL RSS HTML JA NEJ OSS VI DE DU EN ET
    ER AT I IKKE SOM MED FOR TIL PÅ AF HAN HUN DET DEN ANM AIDS HIV VM OL EM DM SU KV VIP BNP
    MOMS CD DVD LP EP CPU GPS SOS WC PR NN NOK SEK DEM USD ECU FM AM PM TBC DNA LSD THC OK
    RUBRIK PS PPS MM CM KM KG HK FX BT MEN MIN DIN SIN UD IND OP NED HER NU SÅ JEG NEJ GOD ALT
    ALLE MAN KAN SKAL VIL MÅ HAR VAR BLEV OM ELLER HVIS NÅR HVOR HVAD HVEM AL OGSÅ IKKE""".split()
) - {"DR", "HK"}
_PLACES = frozenset(
    """Danmark Europa Norden Tyskland Sverige Norge England Frankrig Spanien Italien Kina Japan
    Rusland Amerika USA København Aarhus Århus Odense Aalborg Esbjerg Randers Kolding Horsens
    Vejle Roskilde Herning Silkeborg Næstved Fredericia Viborg Køge Holstebro Taastrup Slagelse
    Hillerød Sønderborg Svendborg Hjørring Holbæk Frederikshavn Nørresundby Ringsted Haderslev
    Skive Skanderborg Nyborg Hørsholm Ballerup Gentofte Gladsaxe Lyngby Frederiksberg Jylland
    Fyn Sjælland Bornholm Grønland Færøerne Byen Landet Verden Regionen Kommunen Staten""".split()
)
_LEADING_FUNCTION_WORDS = frozenset(
    """I På Hos Men Og Da Når Som Med For Til Fra Efter Det Den Der En Et Hvis Om Ved Under Over
    Mens Selv Også Nu Her Så Derfor Både Ifølge""".split()
)
_WORD = r"[A-ZÆØÅ][\w&.'’-]*"
# patterns start with the capital and look behind it only then: a lookbehind first makes the
# regex engine try every position of the text, and these run on every text of every build
_FIRST_WORD = r"[A-ZÆØÅ](?<![\w-].)[\w&.'’-]*"
PATTERNS = (
    ("kommune", re.compile(r"([A-ZÆØÅ](?<![\w-].)[\w-]+ Kommune)(?:s)?(?![\w])")),
    ("region", re.compile(r"(R(?<![\w-].)egion (?:[A-ZÆØÅ][\w-]+))(?:s)?(?![\w])")),
    (
        "myndighed",
        re.compile(
            r"([A-ZÆØÅ](?<![\w-].)[\w-]{3,}(?:styrelsen|tilsynet|nævnet|rådet|agenturet|domstolen))"
            r"(?:s)?(?![\w])"
        ),
    ),
    ("ministerium", re.compile(r"([A-ZÆØÅ](?<![\w-].)[\w-]{2,}ministeriet)(?:s)?(?![\w])")),
    ("universitet", re.compile(r"([A-ZÆØÅ](?<![\w-].)[\w-]+ Universitet)(?:s)?(?![\w])")),
    (
        "virksomhed",
        re.compile(r"((?:[A-ZÆØÅ0-9](?<![\w-].)[\w&.-]*\s){1,3}(?:A/S|ApS|I/S|P/S|K/S))(?![\w/])"),
    ),
    (
        "virksomhed",
        re.compile(
            r"((?:" + _FIRST_WORD + r"\s){1,3}(?:Holding|Gruppen|Group|Bank|Sparekasse|"
            r"Forsikring|Fonden|Forlag|Koncernen|Invest|Industri|Industrier|Shipping|Rederi|"
            r"Brugsforening|Andelsselskab|a\.m\.b\.a\.|amba|A\.m\.b\.a\.|& Co\.?))(?:s)?(?![\w])"
        ),
    ),
    (
        "virksomhed",
        re.compile(
            r"([A-ZÆØÅ](?<![\w-].)[a-zæøå]{2,}(?:banken|partiet|forbundet|fonden|koncernen|"
            r"forsikring|brugsen|forlaget|sparekassen|selskabet|værket|værftet|rederiet))"
            r"(?:s)?(?![\w])"
        ),
    ),
    (
        "medie",
        re.compile(
            r"(?<![\w-])((?:[A-ZÆØÅ][\w-]+\s)?[A-ZÆØÅ]\w*?(?:-Posten|[Tt]idende|[Ff]olkeblad|"
            r"[Dd]agblad(?:et)?|Avis|avisen|Bladet)|Ekstra Bladet|Politiken|Berlingske|Børsen|"
            r"Weekendavisen|Information(?= skriver)|Ritzau|TV 2|TV2|Danmarks Radio)"
            r"(?:s|'s|’s)?(?![\w])"
        ),
    ),
    (
        "virksomhed",  # shop chains and co-operatives whose names carry no suffix
        re.compile(
            r"(?<![\w-])(SuperBrugsen|Dagli'Brugsen|LokalBrugsen|Kvickly|Føtex|Bilka|Lidl|Aldi|"
            r"Rema 1000|Coop|Arla|Danish Crown|Matas|Elgiganten)(?:s|'s|’s)?(?![\w])"
        ),
    ),
    ("forkortelse", re.compile(r"([A-ZÆØÅ](?<![\w@(-].)[A-ZÆØÅ]{1,5})(?:s|'s|’s)?(?![\w@])")),
)
# words one of which a text must contain for the pattern of the same place to match (a quick no)
_NEEDLES = (
    ("Kommune",),
    ("Region",),
    ("styrelsen", "tilsynet", "nævnet", "rådet", "agenturet", "domstolen"),
    ("ministeriet",),
    ("Universitet",),
    ("/S",),
    (
        *"Holding Gruppen Group Bank Sparekasse Forsikring Fonden Forlag Koncernen Invest".split(),
        *"Industri Shipping Rederi Brugsforening Andelsselskab m.b.a amba Co".split(),
    ),
    (
        *"banken partiet forbundet fonden koncernen forsikring brugsen forlaget".split(),
        *"sparekassen selskabet værket værftet rederiet".split(),
    ),
    (
        *"Posten idende olkeblad agblad Avis avisen Bladet Politiken Berlingske Børsen".split(),
        *"Weekendavisen Information Ritzau TV Radio".split(),
    ),
    (*"Brugsen Kvickly Føtex Bilka Lidl Aldi Rema Coop Arla Crown Matas Elgiganten".split(),),
    (),
)
_PAREN_ACRONYM = re.compile(r"\(([A-ZÆØÅ]{2,6})\)")
_LONG_BEFORE = re.compile(
    r"(?<![\w-])((?:[A-ZÆØÅ][\w-]+[ \t]+(?:(?:for|og|i|af|til)[ \t]+)?){0,4}[A-ZÆØÅ][\w-]+)[ \t]*$"
)
_AFTER_PREPOSITION = re.compile(
    r"[ \t](?:for|hos|i|ved)[ \t]+((?:" + _WORD + r")(?:[ \t]+" + _WORD + r"){0,2})"
)
_ROLE_BEFORE = re.compile(
    r"(?:direktør|chef|formand|formanden|næstformand|leder|talsmand|talskvinde|ejer|medlem|"
    r"medarbejder|ansat|bestyrelsesformand|direktøren|chefen|lederen|talsmanden)$"
)
_SUFFIX_WORDS = frozenset({"området", "forrådet", "byrådet", "opsynet", "selskabet", "banken"})


@dataclass(frozen=True)
class OrgName:
    """An organisation name in a text: where, what, which kind, whether the text vouches for it."""

    start: int
    end: int
    name: str
    kind: str
    sure: bool


def introduced_acronyms(text: str) -> dict[str, tuple[int, int, str]]:
    """Acronyms the text introduces, with the span and name of the long form before them."""
    found = {}
    for paren in _PAREN_ACRONYM.finditer(text):
        acronym, begin = paren.group(1), max(0, paren.start() - 160)
        match = _LONG_BEFORE.search(text, begin, paren.start())
        if not match:
            continue
        long_name = match.group(1)
        words = long_name.split()
        while words and words[0] in _LEADING_FUNCTION_WORDS:
            words = words[1:]
        if not words or words[0] in FIRST_NAMES or re.fullmatch(PARTIES, f"({acronym})"):
            continue
        initials = "".join(w[0] for w in words if w[0].isupper())
        # the long form must plausibly spell the acronym ("Kommunernes Landsforening" for KL)
        if acronym[0] != initials[0] and acronym[0] not in long_name:
            continue
        start = match.start(1) + long_name.index(words[0])
        found[acronym] = (start, match.end(1), " ".join(words))
    return found


@lru_cache(maxsize=4)
def find_organisations(text: str, acronyms: frozenset[str] = frozenset()) -> tuple[OrgName, ...]:
    """Organisation names in cleaned text; `sure` when a pattern, list or introduction vouches.

    Discovery and the statements read the same text: the last few results are kept.
    """
    caps = caps_lines(text)
    introduced = introduced_acronyms(text)
    listed = default_acronyms() | acronyms | set(introduced)
    found = [
        OrgName(s, e, name, "", True)
        for s, e, name in introduced.values()
        if len(name.split()) >= 2 and not inside(s, caps)
    ]
    for (kind, pattern), needles in zip(PATTERNS, _NEEDLES, strict=True):
        if needles and not any(needle in text for needle in needles):
            continue
        for match in pattern.finditer(text):
            start, end = match.span(1)
            name = re.sub(r"\s+", " ", match.group(1))
            if inside(start, caps):
                continue
            if kind == "forkortelse":
                dateline = text[end : end + 1] == ":" and not text[:start].rstrip(" \t").endswith(
                    tuple("abcdefghijklmnopqrstuvwxyzæøå,")
                )
                if name in ACRONYM_STOP or name.isdigit() or dateline:
                    continue  # "ODENSE: ..." opens a story with its town
                found.append(OrgName(start, end, name, kind, name in listed))
                continue
            words = name.split()
            while len(words) > 1 and words[0] in _LEADING_FUNCTION_WORDS:
                start += len(words[0]) + 1
                words = words[1:]
            name = " ".join(words)
            last = name.split("-")[-1]
            if last[:1].islower() or name.lower() in _SUFFIX_WORDS:
                continue  # "Zagreb-området": a suffix inside a common word, not a name
            found.append(OrgName(start, start + len(name), name, kind, True))
    for match in _AFTER_PREPOSITION.finditer(text):
        if not _ROLE_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue
        start, end = match.span(1)
        words = match.group(1).rstrip(".,").split()
        if words[0] in FIRST_NAMES or words[0] in _PLACES or inside(start, caps):
            continue
        name = re.sub(r"(?:'s|’s)$", "", " ".join(words))
        found.append(OrgName(start, start + len(name), name, "", True))
    return tuple(found)
