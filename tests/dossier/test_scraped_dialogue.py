"""Scraped Markdown keeps dialogue dashes as speech, all the way to the statements and exports.

Each case in fixtures/dossier/scraped/ is a scraped body (after a `Tests:` line) and its labels:
the body goes through the scrapers' escaping, Python-Markdown as Pelican renders it and the plain
text the plugin reads, then through the statement finder.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import markdown
import pytest

from dossier.analysis.analyse import analyse
from dossier.analysis.statements import find_statements
from dossier.documents import Document, html_to_text
from dossier.plugin.exports import statement_rows
from scrapers.store import escape_block_markers

CASES = sorted((Path(__file__).parents[1] / "fixtures/dossier/scraped").glob("*.md"))


def _as_read(path: Path) -> tuple[str, dict]:
    body = path.read_text(encoding="utf-8").split("\n", 2)[2]
    labels = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return html_to_text(markdown.markdown(escape_block_markers(body))), labels


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_dialogue_stays_speech(path: Path, registry) -> None:
    text, labels = _as_read(path)
    paragraphs = text.split("\n\n")
    starts = labels["paragraphs_start"]
    assert [p[: len(s)] for p, s in zip(paragraphs, starts, strict=True)] == starts
    found = find_statements(text, registry)
    wanted = [(label["start"], label["person"]) for label in labels["statements"]]
    assert len(found) == len(wanted)
    assert [(s.text[: len(w[0])], s.person) for s, w in zip(found, wanted, strict=True)] == wanted


def test_escaping_keeps_real_lists_and_is_idempotent() -> None:
    body = "- en\n- to\n\n- Ja, sagde hun.\n\n3. maj kom svaret.\n\n* stjerne"
    escaped = escape_block_markers(body)
    assert escaped == "- en\n- to\n\n\\- Ja, sagde hun.\n\n3\\. maj kom svaret.\n\n\\* stjerne"
    assert escape_block_markers(escaped) == escaped
    assert "<li>en</li>" in markdown.markdown(escaped)


def test_statements_export_names_every_speaker(registry) -> None:
    text = (
        "»Vi har brug for en plan,« siger Christian Torp.\n\n"
        "»Det når vi ikke i år,« siger afdelingschef Okke Brandstrup.\n\n"
        "Mødet sluttede ved midnat.\n\n"
        "»Ingen ved det endnu.«"
    )
    doc = Document("a", "article", "Nyhed", datetime(2013, 1, 1), "artikler/a/", text)
    _, quotes, _ = analyse([doc], registry)
    rows = statement_rows(quotes, [doc])
    assert [(r["person"], r["speaker"]) for r in rows] == [
        ("christian-torp", "Christian Torp"),
        (None, "Okke Brandstrup"),
        (None, None),
    ]
