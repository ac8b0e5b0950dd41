"""One labelled fixture per rule of mentions, statements and discovery (fixtures/dossier/rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.analysis.discovery import discover
from dossier.analysis.mentions import find_mentions
from dossier.analysis.statements import find_statements

RULES = sorted((Path(__file__).parents[1] / "fixtures/dossier/rules").glob("*.md"))


def _labelled(*keys: str) -> list[Path]:
    """The rule fixtures whose labels include one of keys."""
    return [
        p for p in RULES if set(keys) & json.loads(p.with_suffix(".json").read_text("utf-8")).keys()
    ]


MENTIONS = _labelled("people", "organisations")
STATEMENTS = _labelled("statements")
DISCOVERY = _labelled(
    "new_people", "not_people", "new_organisations", "not_organisations", "promoted", "not_promoted"
)


def _analyse(path: Path, registry, read_case):
    case = read_case(path)
    mentions = find_mentions(
        case.title,
        case.text,
        registry,
        forced_people=case.listed("people"),
        forced_orgs=case.listed("organisations"),
        unlink=case.listed("unlink"),
    )
    return case, mentions


@pytest.mark.parametrize("path", MENTIONS, ids=[p.stem for p in MENTIONS])
def test_mentions_rule(path: Path, registry, read_case) -> None:
    case, mentions = _analyse(path, registry, read_case)
    if "people" in case.expect:
        assert sorted(mentions.people) == sorted(case.expect["people"]), case.meta["tests"]
    if "organisations" in case.expect:
        assert sorted(mentions.organisations) == sorted(case.expect["organisations"])


@pytest.mark.parametrize("path", STATEMENTS, ids=[p.stem for p in STATEMENTS])
def test_statements_rule(path: Path, registry, read_case) -> None:
    case, mentions = _analyse(path, registry, read_case)
    found = find_statements(case.text, registry, mentions, case.title)
    assert len(found) == len(case.expect["statements"]), case.meta["tests"]
    for statement, label in zip(found, case.expect["statements"], strict=True):
        assert statement.text.startswith(label["start"])
        assert statement.person == label["person"], case.meta["tests"]
        assert statement.speaker_name == label.get("speaker_name", "")


@pytest.mark.parametrize("path", DISCOVERY, ids=[p.stem for p in DISCOVERY])
def test_discovery_rule(path: Path, registry, read_case) -> None:
    case = read_case(path)
    found = discover([(case.name, case.text)], registry)
    people = {c.name for c in found if c.kind == "person"}
    orgs = {c.name for c in found if c.kind == "organisation"}
    assert set(case.expect.get("new_people", [])) <= people, case.meta["tests"]
    if case.expect.get("new_people") == []:
        assert not people
    assert not set(case.expect.get("not_people", [])) & people
    assert set(case.expect.get("new_organisations", [])) <= orgs
    assert not set(case.expect.get("not_organisations", [])) & orgs, case.meta["tests"]
    promoted = {c.name for c in found if c.promoted}
    assert set(case.expect.get("promoted", [])) <= promoted, case.meta["tests"]
    assert not set(case.expect.get("not_promoted", [])) & promoted, case.meta["tests"]
