"""The dossier's own texts (notes, events, people, organisations) link what they cite."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = re.compile(r"^Sources:(.*(?:\n[ \t]+.*)*)", re.MULTILINE)
WEB_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def cited(path: Path) -> tuple[set[str], list[str]] | None:
    """The addresses a text's Sources field names and those its body links; None without one."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    field = SOURCES.search(head)
    if field is None:
        return None
    return set(re.findall(r"https?://[^\s,]+", field.group(1))), WEB_LINK.findall(body)


def test_every_web_link_in_a_shipped_text_is_one_of_its_sources() -> None:
    # a link mangled in the body (a path written twice) is a dead link the Sources field lacks
    checked, stray = 0, []
    for path in sorted((ROOT / "content").rglob("*.md")):
        found = cited(path)
        if found is None:
            continue
        checked += 1
        sources, links = found
        stray += [f"{path.relative_to(ROOT)}: {link}" for link in links if link not in sources]
    assert checked >= 30  # the notes, events, people and organisations that cite sources
    assert stray == []
