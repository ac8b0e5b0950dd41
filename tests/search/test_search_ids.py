"""`invoke search --person/--organisation`: names and spellings work, unknown ids are said."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.editing.search import Filters, search
from dossier.editing.search_index import SearchError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ids") / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "content", folder)
    return folder


def run_search(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "search", *args, "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unknown_person_id_is_an_error_with_suggestions(content: Path) -> None:
    result = run_search(content, "x", "--person", "nobody")
    assert result.returncode == 1
    assert result.stderr.strip() == "fejl: ukendt person-id 'nobody'"
    result = run_search(content, "", "--person", "signe-aberg")
    assert result.returncode == 1
    assert result.stderr.strip() == "fejl: ukendt person-id 'signe-aberg'; mente du 'signe-aaberg'?"


def test_unknown_organisation_id_suggests_the_longer_id(content: Path) -> None:
    with pytest.raises(SearchError, match="mente du 'holstebro-kommune'\\?"):
        search(content, "", Filters(organisation="holstebro"))


@pytest.mark.parametrize("person", ["signe-aaberg", "Signe Åberg", "signe-åberg", "klubformanden"])
def test_a_name_alias_or_danish_spelling_finds_the_same_texts(content: Path, person: str) -> None:
    expected = [hit.path for hit in search(content, "", Filters(person="signe-aaberg"))]
    assert expected
    assert [hit.path for hit in search(content, "", Filters(person=person))] == expected
