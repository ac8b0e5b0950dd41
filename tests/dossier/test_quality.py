"""Precision and recall on the labelled quality set (and the holdout set scored at the end).

Every article in tests/fixtures/dossier/quality/ and holdout/ has a companion .json with the
registry people and organisations it mentions, its statements (person id or null, first words),
names that must never become people (bylines, boilerplate) and new people that should be found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.analysis.discovery import discover
from dossier.analysis.mentions import find_mentions
from dossier.analysis.statements import find_statements

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dossier"
THRESHOLDS = {"people_f1": 0.95, "organisations_f1": 0.90, "precision": 0.95, "recall": 0.85}


def _f1(found: set[str], gold: set[str], counts: list[int]) -> None:
    counts[0] += len(found & gold)
    counts[1] += len(found - gold)
    counts[2] += len(gold - found)


def score(folder: str, registry, read_case) -> dict[str, float]:
    """Micro-averaged mention F1 and statement attribution precision and recall of one folder."""
    people, orgs = [0, 0, 0], [0, 0, 0]
    right = wrong = gold_attributed = 0
    for path in sorted((FIXTURES / folder).glob("*.md")):
        case = read_case(path)
        mentions = find_mentions(case.title, case.text, registry)
        _f1(set(mentions.people), set(case.expect["people"]), people)
        _f1(set(mentions.organisations), set(case.expect["organisations"]), orgs)
        labels = {s["start"]: s["person"] for s in case.expect["statements"]}
        gold_attributed += sum(1 for person in labels.values() if person)
        for statement in find_statements(case.text, registry, mentions, case.title):
            if statement.person is None:
                continue
            label = next((k for k in labels if statement.text.startswith(k)), None)
            if label is not None and labels[label] == statement.person:
                right += 1
            else:
                wrong += 1
    return {
        "people_f1": 2 * people[0] / (2 * people[0] + people[1] + people[2]),
        "organisations_f1": 2 * orgs[0] / (2 * orgs[0] + orgs[1] + orgs[2]),
        "precision": right / max(1, right + wrong),
        "recall": right / max(1, gold_attributed),
    }


@pytest.mark.parametrize("folder", ["quality", "holdout"])
def test_quality_thresholds(folder: str, registry, read_case) -> None:
    scores = score(folder, registry, read_case)
    for key, minimum in THRESHOLDS.items():
        assert scores[key] >= minimum, (folder, scores)


@pytest.mark.parametrize("folder", ["quality", "holdout"])
def test_no_person_discovered_from_boilerplate(folder: str, registry, read_case) -> None:
    docs, forbidden, expected = [], set(), set()
    for path in sorted((FIXTURES / folder).glob("*.md")):
        case = read_case(path)
        docs.append((case.name, case.text))
        forbidden |= set(case.expect.get("not_people", []))
        expected |= set(case.expect.get("new_people", []))
    people = [c for c in discover(docs, registry) if c.kind == "person"]
    assert not forbidden & {c.name for c in people}
    assert {c.name for c in people if c.promoted} <= expected
    assert expected <= {c.name for c in people}


def test_quality_set_is_large_enough() -> None:
    assert (
        len(list((FIXTURES / "quality").glob("*.md")))
        + len(list((FIXTURES / "holdout").glob("*.md")))
        >= 25
    )
