"""Change tracking: re-check young articles, tell a real change from furniture, show word diffs."""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .extract import DANISH_DATE

log = logging.getLogger(__name__)

# Lines that change without the article changing: update stamps, "Læses lige nu", ads.
FURNITURE_LINE = re.compile(
    r"^\W*(senest |sidst )?(opdateret|updated|publiceret|offentliggjort)\b|^\W*læses lige nu\b"
    r"|^\W*(annonce|reklame|sponsoreret)\W*$",
    re.I,
)
ISO_STAMP = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b|\bkl\.?\s*\d{1,2}[.:]\d{2}\b"
)

DATELINE_WORDS = set("mandag tirsdag onsdag torsdag fredag lørdag søndag den d kl i dag".split())


@dataclass(frozen=True)
class Outcome:
    """What one re-check found: unchanged, not modified (304), changed, removed, or an error."""

    url: str
    status: str  # unchanged, not_modified, changed, removed, error
    what: str = ""  # title, text or title+text for a change
    error: str = ""  # what went wrong, for an error


def words(text: str) -> list[str]:
    """The words that count for a change: update stamps, datelines and furniture lines left out."""
    kept: list[str] = []
    for line in re.split(r"\n+", text):
        if FURNITURE_LINE.search(line.strip()):
            continue
        found = re.findall(r"\w+", line)
        # a dateline ("Tirsdag 3. december 2026 kl. 10.12") is furniture, a date in a sentence not
        rest = re.findall(r"\w+", ISO_STAMP.sub(" ", DANISH_DATE.sub(" ", line)).lower())
        if found and set(rest) <= DATELINE_WORDS:
            continue
        kept.extend(found)
    return kept


def compare(old_title: str, old_text: str, new_title: str, new_text: str) -> str:
    """What a source changed: "title", "text", "title+text", or "" for nothing but furniture."""
    title = words(old_title) != words(new_title)
    text = words(old_text) != words(new_text)
    return "+".join(part for part, changed in (("title", title), ("text", text)) if changed)


def word_diff(old: str, new: str, context: int = 8) -> str:
    """A word diff for editors: removed words as [-...-], added as {+...+}, context words around."""
    before, after = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    codes = matcher.get_opcodes()
    for number, (op, a1, a2, b1, b2) in enumerate(codes):
        if op == "equal":
            same = before[a1:a2]
            head = same[:context] if number > 0 else []
            tail = same[-context:] if number < len(codes) - 1 else []
            if len(same) > len(head) + len(tail):
                out.extend([*head, "…", *tail] if len(codes) > 1 else same)
            else:
                out.extend(same)
            continue
        if a2 > a1:
            out.append("[-" + " ".join(before[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(after[b1:b2]) + "+}")
    return " ".join(out)


def recheck_since(now: datetime, days: int) -> str:
    """The oldest publication date (ISO) an article may have to be re-checked."""
    return (now - timedelta(days=days)).strftime("%Y-%m-%d")
