"""The dossier's Markdown reader keeps one Markdown instance and reads as Pelican's reader does.

Pelican's reader makes a new instance for every file. The dossier's resets one between files,
so nothing one text defines (a footnote, an abbreviation, its metadata) may reach the next:
every file is read in several orders and compared with a new reader's reading of it alone.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader

from dossier.plugin.readers import MIXINS, OneMarkdown, dossier_readers
from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted((FIXTURES / "markdown").glob("*.md"))


class _Readers:
    def __init__(self) -> None:
        self.reader_classes = {"md": MarkdownReader}


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return site_settings(FIXTURES / "site" / "content", tmp_path_factory.mktemp("out"))


def dossier_reader_class() -> type:
    readers = _Readers()
    dossier_readers(readers)
    return readers.reader_classes["md"]


def alone(settings, path: Path):
    """What a reader with the dossier's metadata rules but a new Markdown per file reads."""
    return type("MarkdownReader", (*MIXINS, MarkdownReader), {})(settings).read(str(path))


def test_the_markdown_reader_gets_one_markdown_and_the_metadata_mixins():
    cls = dossier_reader_class()
    assert issubclass(cls, OneMarkdown)
    assert all(issubclass(cls, mixin) for mixin in MIXINS)
    assert cls.__name__ == "MarkdownReader"  # Pelican records metadata["reader"] from it


def test_files_read_in_turn_read_as_each_read_alone(settings):
    expected = {path: alone(settings, path) for path in FILES}
    assert len(FILES) == 3
    # what a text could leave behind: footnotes and an abbreviation (a Summary resets them)
    assert "footnote" in expected[FIXTURES / "markdown" / "fodnoter.md"][0]
    assert "<abbr" in expected[FIXTURES / "markdown" / "fodnoter.md"][0]
    assert "<abbr" not in expected[FIXTURES / "markdown" / "enkel.md"][0]
    for order in permutations(FILES):
        reader = dossier_reader_class()(settings)
        for path in order * 2:
            assert reader.read(str(path)) == expected[path], f"{path.name} after {order}"


def test_one_markdown_instance_serves_every_file(settings):
    reader = dossier_reader_class()(settings)
    made, titles = set(), []
    for path in FILES * 2:
        _content, metadata = reader.read(str(path))
        made.add(id(reader._md))
        titles.append(metadata.get("title"))
    assert len(made) == 1
    # the meta preprocessor Pelican takes out after a file's text is back for the next file's
    assert all(titles) and len(set(titles)) == len(FILES)
