"""Shared fixtures of the dossier text-analysis tests: the fixture registry and labelled cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from dossier.analysis.registry import Registry, load_registry
from dossier.content import parse_header, split_list

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dossier"


@dataclass(frozen=True)
class Case:
    """A labelled fixture article: header, main text and the expected results."""

    name: str
    title: str
    text: str
    meta: dict[str, str]
    expect: dict

    def listed(self, key: str) -> list[str]:
        """A list value of the header (People, Organisations, Unlink)."""
        return split_list(self.meta.get(key, ""))


def _read_case(path: Path) -> Case:
    raw = path.read_text(encoding="utf-8")
    fields, body_line = parse_header(raw)
    meta = {f.key: f.value for f in fields}
    text = "\n".join(raw.splitlines()[body_line - 1 :])
    expect = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return Case(path.stem, meta.get("title", ""), text, meta, expect)


@pytest.fixture(scope="session")
def read_case():
    """Read a fixture .md file and its companion .json labels into a Case."""
    return _read_case


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The fixture registry modelled on the SBSYS debate."""
    return load_registry(FIXTURES / "registry")
