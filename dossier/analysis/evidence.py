"""Structural evidence that a capitalised word sequence names a person or an organisation.

Real text names most people without a role noun the rules know, and many first names are in no
list, so discovery also reads the structure around a name: a role noun or a speech verb right
before it ("formanden Kjeld Christensen", "siger Ib Nørholm"), party letters after it ("(S)"),
an age in apposition (", 54,"), initials ("P. E. Pedersen"), "direktør for X". Lines in capitals
(headlines, crossheads, datelines) are never evidence of anything.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

ACRONYMS_FILE = "acronyms.txt"

# Capitalised words that look like names but are not (never the start or end of a person's name).
NOT_NAME_WORDS = frozenset(
    """Kommune Kommunes Region Regionen Danmark Danmarks Dansk Danske Folketinget Regeringen
    Staten Statens Rigsrevisionen Byretten Landsretten Højesteret Herr Fru Hr Dr Mr Mrs Ms Sir
    Oberst General Kaptajn Major Løjtnant Admiral Biskop Pastor Professor Direktør Formand Minister
    Borgmester Præsident Kong Kongen Dronning Dronningen Prins Prinsesse Sankt Skt Hotel Restaurant
    Café Cafe Center Centret Centeret Park Parken Kirke Kirken Gade Vej Plads Torv Havn Station
    Aktieselskab Holding Gruppen Bank Banken Fonden Forening Foreningen Forbund Forbundet Partiet
    Radio Avis Avisen Posten Tidende Gymnasium Skole Skolen Hospital Sygehus Universitet Amt
    Amts Nordisk Line Lines Energi Group Airlines Systems Data Invest Telecom Consult Partners
    Pharma Foods Forsyning Transport Service Services Trafikselskab Kraft Net Byg Huset""".split()
)
# Nouns that make the capitalised words beside them a person ("træneren Frits Ahlstrøm").
PERSON_NOUNS = (
    "træner",
    "spiller",
    "forfatter",
    "journalist",
    "redaktør",
    "politiker",
    "medlem",
    "præsident",
    "kommissær",
    "ambassadør",
    "dommer",
    "kaptajn",
    "biskop",
    "præst",
    "læge",
    "sanger",
    "kunstner",
    "instruktør",
    "skuespiller",
    "landmand",
    "fisker",
    "ejer",
    "stifter",
    "grundlægger",
    "forsker",
    "ekspert",
    "kollega",
    "hustru",
    "datter",
    "søn",
    "bror",
    "søster",
    "mor",
    "far",
    "enke",
    "kone",
    "oberst",
    "general",
    "minister",
    "formand",
    "direktør",
    "chef",
    "borgmester",
    "ordfører",
    "talsmand",
    "advokat",
    "professor",
    "student",
    "agent",
    "docent",
    "assistent",
    "ingeniør",
    "inspektør",
    "mester",
    "fælle",
    "ven",
    "veninde",
    "kvinde",
)
SPEECH_WORDS = (
    "siger|sagde|fortæller|fortalte|forklarer|forklarede|mener|mente|understreger|understregede|"
    "påpeger|påpegede|tilføjer|tilføjede|udtaler|udtalte|oplyser|oplyste|konstaterer|konstaterede|"
    "vurderer|vurderede|erkender|erkendte|skriver|skrev|fastslår|fastslog|svarer|svarede|"
    "bekræfter|bekræftede|hævder|hævdede|erklærer|erklærede|meddeler|meddelte|fremhæver|"
    "fremhævede|pointerer|pointerede|indrømmer|indrømmede|beretter|berettede|spørger|spurgte|"
    "uddyber|uddybede|advarer|advarede|fortsætter|fortsatte|slutter|sluttede|medgiver|medgav"
)
PARTIES = r"\((?:S|V|K|R|RV|SF|EL|Ø|DF|LA|KF|KD|KrF|CD|FrP|Fr|FP|ALT|Å|NB|M|Q|Æ|DKP|VS|RF|SP|Ny)\)"
_PARTY_AFTER = re.compile(r"\s*" + PARTIES)
_AGE_AFTER = re.compile(r",\s*\d{2}(?:\s*år)?\s*[,.]|\s*\(\d{2}\)")
_SPEECH_SET = frozenset(SPEECH_WORDS.split("|"))
_SPEECH_AFTER = re.compile(r",?\s+(?:" + SPEECH_WORDS + r")\b")
_TITLES = frozenset({"hr", "hr.", "fru", "dr", "dr.", "frk", "frk.", "frøken", "pastor"})
_PERSON_ENDINGS = PERSON_NOUNS
# endings of person nouns ("ingeniør", "journalist", "psykolog") in words long enough not to be
# "før", "bør" or "list"
_PERSON_SUFFIXES = ("olog", "ist", "ør")
_WORD_BEFORE = re.compile(r"([\w-]+\.?),?[ \t]+$")
_CAP = r"[A-ZÆØÅ][a-zæøåäöüéèáíóúñ]+(?:-[A-ZÆØÅ][a-zæøåäöüéèáíóúñ]+)?"
_INITIALS = re.compile(
    r"((?:[A-ZÆØÅ]\.[ \t]?){1,3}(?:" + _CAP + r"[ \t]+)?" + _CAP + r")(?![\w@-])"
)
_INITIAL = re.compile(r"[A-ZÆØÅ]\.")
_CAP_RUN = re.compile(
    r"([A-ZÆØÅ](?<![\w@.-].)" + _CAP[len("[A-ZÆØÅ]") :] + r"(?:[ \t]+" + _CAP + r"){1,2})(?![\w@-])"
)
_CAPS_LINE = re.compile(r"^[^\n]*[A-ZÆØÅ]{2}[^\n]*$", re.MULTILINE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=4)
def caps_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of lines written in capitals (headlines, crossheads, "ODENSE:" datelines, figures).

    Every word of two or more letters is in capitals, and there are two such words, or one of
    four letters or more, or the line ends with a colon; "KL om SBSYS" is no such line.
    """
    spans = []
    for match in _CAPS_LINE.finditer(text):
        line = match.group(0)
        words = _LETTERS.findall(line)
        if not words or not all(w.isupper() for w in words):
            continue
        if len(words) >= 2 or len(words[0]) >= 4 or line.rstrip().endswith(":"):
            spans.append(match.span())
    return tuple(spans)


def inside(pos: int, spans) -> bool:
    """True when pos lies in one of the spans."""
    return any(start <= pos < end for start, end in spans)


def person_evidence(text: str, start: int, end: int) -> bool:
    """A role or person noun, title or speech verb right before, party letters or age after."""
    if _PARTY_AFTER.match(text, end) or _AGE_AFTER.match(text, end):
        return True
    if _SPEECH_AFTER.match(text, end):
        return True
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not match:
        return False
    word = match.group(1).lower()
    if word in _TITLES or word in _SPEECH_SET or word == "afdøde" or word.endswith("-årige"):
        return True
    stem = re.sub(r"(?:inden|inde|en)$", "", word.rstrip("."))
    if stem.endswith(_PERSON_ENDINGS) or word.endswith(_PERSON_ENDINGS):
        return True
    return len(stem) >= 6 and stem.endswith(_PERSON_SUFFIXES)


@lru_cache(maxsize=4)
def structural_names(text: str) -> tuple[tuple[int, int, str], ...]:
    """Person names without a known first name: initials, or 2-3 capitalised words with evidence.

    Discovery and the statements read the same text: the last few results are kept.
    """
    found: list[tuple[int, int, str]] = []
    taken = 0
    for initial in _INITIAL.finditer(text):
        at = initial.start()
        before = text[at - 1] if at else " "
        if at < taken or before.isalnum() or before in ".-_@":
            continue  # inside a name found already, or not the start of a word
        match = _INITIALS.match(text, at)
        if match:
            found.append((match.start(1), match.end(1), match.group(1)))
            taken = match.end(1)
    for match in _CAP_RUN.finditer(text):
        words = match.group(1).split()
        if any(w in NOT_NAME_WORDS or w.rstrip("s") in NOT_NAME_WORDS for w in words):
            continue
        start, end = match.span(1)
        if person_evidence(text, start, end) and not _sentence_initial(text, start):
            found.append((start, end, " ".join(words)))
    return tuple(found)


def _sentence_initial(text: str, pos: int) -> bool:
    """True when pos starts a sentence or paragraph (a capital there says nothing)."""
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or not before.strip(' \t"»–-') or bool(re.search(r"[.!?:]\s*$", before))


@cache
def default_acronyms() -> frozenset[str]:
    """Organisation acronyms shipped with the dossier (data/acronyms.txt)."""
    data = resources.files(__package__).joinpath("data", ACRONYMS_FILE).read_text("utf-8")
    return frozenset(_listed(data))


def load_acronyms(folder: Path) -> frozenset[str]:
    """Organisation acronyms editors add in content/acronyms.txt (one a line; # comments)."""
    path = folder / ACRONYMS_FILE
    return frozenset(_listed(path.read_text("utf-8"))) if path.exists() else frozenset()


def _listed(text: str) -> list[str]:
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]
