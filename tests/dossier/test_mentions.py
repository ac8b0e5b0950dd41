"""Mentions: offsets of spans, forced links, and the cost of scanning with a large registry."""

from __future__ import annotations

import random
import time
from pathlib import Path

from dossier.analysis.matcher import scan_after, scanned
from dossier.analysis.mentions import build_matcher, find_mentions
from dossier.analysis.registry import Person, registry_from_records
from dossier.analysis.textutil import FIRST_NAMES, clean_text, lower_in_place
from dossier.content import Role


def test_spans_point_into_the_main_text(registry) -> None:
    text = "Ifølge Helle Berg fra Struer Kommune er sagen lukket. Berg vil ikke sige mere."
    mentions = find_mentions("Titel", text, registry)
    found = [(text[s.start : s.end], s.id, s.form) for s in mentions.spans]
    assert found == [
        ("Helle Berg", "helle-berg", "name"),
        ("Struer Kommune", "struer-kommune", "name"),
        ("Berg", "helle-berg", "surname"),
    ]


def test_a_matcher_can_be_passed_in(registry) -> None:
    matcher = build_matcher(registry)
    mentions = find_mentions("KL om SBSYS", "", registry, matcher=matcher)
    assert mentions.organisations == ("kl", "brugerklubben-sbsys")


def test_a_text_scanned_once_gives_what_scanning_title_and_text_gives(registry, read_case):
    """Mentions reuse the body's scan made for discovery: the same hits and the same mentions."""
    matcher = build_matcher(registry)
    folder = Path(__file__).parents[1] / "fixtures" / "dossier" / "quality"
    cases = [read_case(p) for p in sorted(folder.glob("*.md"))]
    titles = ["Helle Berg og KL", "", "Struer Kommune: Berg", "brugerklubben SBSYS'", "Om İbrahim"]
    compared = 0
    for case in cases:
        body = scanned(matcher, case.text)
        for title in (case.title, *titles):
            doc = clean_text(f"{title}\n\n{case.text}")
            offset = len(title) + 2
            assert scan_after(matcher, doc, offset, body) == matcher.scan(doc)
            reused = find_mentions(title, case.text, registry, matcher=matcher, body=body)
            assert reused == find_mentions(title, case.text, registry, matcher=matcher)
            compared += bool(body.hits)
    assert compared > 50
    # a body that is not the text after the title is not reused
    other = scanned(matcher, "Helle Berg fra Struer Kommune.")
    doc = clean_text("Titel\n\nKL om SBSYS")
    assert scan_after(matcher, doc, 7, other) == matcher.scan(doc)


def test_a_capital_dotted_i_moves_no_offset(registry):
    """The lower case of "İ" is two characters: names found in the lower-cased text keep place."""
    text = "Formanden for brugerklubben SBSYS, Helle Berg, siger ja."
    for title in ("İstanbul-aftale", "Om İbrahim og KL"):
        mentions = find_mentions(title, text, registry)
        found = [(text[sp.start : sp.end], sp.id) for sp in mentions.spans]
        assert ("brugerklubben SBSYS", "brugerklubben-sbsys") in found, (title, found)
    all_characters = "".join(map(chr, range(0x110000)))
    assert len(lower_in_place(all_characters)) == len(all_characters)


def test_scanning_does_not_grow_with_the_registry(registry, read_case) -> None:
    """One pass per text: 300 extra people must not make 200 articles of ~550 words slow."""
    rng = random.Random(7)
    names = sorted(FIRST_NAMES)
    extra = [
        Person(
            f"p{i}", f"{rng.choice(names)} Efternavn{i}", roles=(Role("Direktør", "kl", "", ""),)
        )
        for i in range(300)
    ]
    big = registry_from_records([*registry.people, *extra], registry.organisations)
    folder = Path(__file__).parents[1] / "fixtures" / "dossier" / "quality"
    bodies = [read_case(p).text for p in sorted(folder.glob("*.md"))]
    docs = ["\n\n".join(bodies[(i + k) % len(bodies)] for k in range(5)) for i in range(200)]
    start = time.process_time()
    for text in docs:
        find_mentions("", text, big)
    assert time.process_time() - start < 10
