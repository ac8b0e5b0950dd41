"""Shared fixtures: the fixture site and a built copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.publish.build import build_site, new_log_run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """A private copy of tests/fixtures/site (content/ and sources.toml) to build from."""
    target = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(FIXTURES / "site", target)
    return target


@pytest.fixture(scope="session")
def built_site(fixture_site: Path) -> Path:
    """The fixture site built once with the local settings by real Pelican."""
    output = fixture_site / "output"
    build_site(fixture_site / "content", output, sources=fixture_site / "sources.toml")
    return output


@pytest.fixture(autouse=True)
def fresh_log_run() -> None:
    """Each test logs as a run of its own: Pelican drops messages the process logged before."""
    new_log_run()
