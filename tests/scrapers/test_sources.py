from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrapers.errors import SourcesError
from scrapers.sources import load_sources

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


def test_valid_sources_file_is_read():
    settings = load_sources(SOURCES / "valid.toml")
    assert settings.query.startswith("SBSYS")
    assert settings.fetch == {"delay": 0.5}
    kinds = {
        source.id: (source.kind, source.publish, source.max_items) for source in settings.sources
    }
    assert kinds == {
        "kommunalit": ("feed", "excerpt", 50),
        "brugerklubben": ("page", "full", 10),
        "fagbladet": ("site", "excerpt", 50),
    }
    assert settings.sources[1].selector == "main"


@pytest.mark.parametrize("path", sorted(SOURCES.glob("invalid-*.toml")), ids=lambda p: p.stem)
def test_invalid_sources_file_names_file_and_line(path: Path):
    line, expected = re.match(r"# expect: (\d+): (.*)", path.read_text()).groups()
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    assert caught.value.line == int(line)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert expected in str(caught.value)


def test_missing_sources_file(tmp_path: Path):
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.toml")


def test_every_fetch_key_is_documented_in_readme():
    from scrapers.sources import FETCH_KEYS, RECHECK_KEYS, STORE_KEYS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^\[fetch\][^\n]*\n(.*?)\n\n", readme, re.S | re.M)
    assert block is not None
    for key in (*FETCH_KEYS, *RECHECK_KEYS, *STORE_KEYS):
        assert re.search(rf"^{key} = ", block[1], re.M), key
