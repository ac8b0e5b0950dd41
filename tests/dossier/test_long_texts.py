"""A text longer than any article is analysed as far as ANALYSED_CHARACTERS (analyse.py): parts
of the analysis grow with the square of a paragraph's length, and a hostile page can be one
paragraph of megabytes."""

from __future__ import annotations

import logging
from datetime import datetime

from dossier.analysis import analyse
from dossier.analysis.analyse import analyse_text, analysed_part
from dossier.documents import Document


def test_a_text_within_the_limit_is_analysed_whole(monkeypatch):
    monkeypatch.setattr(analyse, "ANALYSED_CHARACTERS", 40)
    assert analysed_part("Kort tekst om klubben.") == "Kort tekst om klubben."


def test_a_long_text_is_cut_at_a_paragraph_else_a_word_else_the_limit(monkeypatch):
    monkeypatch.setattr(analyse, "ANALYSED_CHARACTERS", 40)
    paragraphs = "Første afsnit om klubben.\n\nAndet afsnit, som er meget længere end grænsen."
    assert analysed_part(paragraphs) == "Første afsnit om klubben."
    one = "Et langt afsnit uden afsnitsskift, der bliver ved og ved med at tale."
    assert analysed_part(one) == "Et langt afsnit uden afsnitsskift, der"
    assert analysed_part("x" * 100) == "x" * 40


def test_what_follows_the_limit_is_not_analysed_and_it_is_said(registry, monkeypatch, caplog):
    monkeypatch.setattr(analyse, "ANALYSED_CHARACTERS", 400)
    early = "Anders Bjært Sørensen forsvarer klubben over for kritikerne."
    filler = "\n\n".join(["Kommunerne betaler pr. indbygger for systemet."] * 12)
    late = "Annette Vilhelmsen kalder ordningen unfair konkurrence."
    doc = Document(
        "lang",
        "article",
        "Klubben",
        datetime(2020, 1, 1),
        "lang/",
        f"{early}\n\n{filler}\n\n{late}",
    )
    caplog.set_level(logging.WARNING, logger="dossier.analysis.analyse")
    result = analyse_text(doc, registry)
    assert "anders-bjaert-soerensen" in result.people
    assert "annette-vilhelmsen" not in result.people
    assert "lang/ has" in caplog.text and "the first 400 are analysed" in caplog.text
