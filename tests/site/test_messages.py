"""The editors' messages come from gettext catalogues: Danish by default, English too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from dossier.editing import messages
from dossier.editing.messages import LOCALE, _, ngettext

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "ngettext": (1, 2)}
TASK_MODULES = ("tasks/edit.py", "tasks/site.py")
# Danish words that are spelt as in English: not an untranslated string.
SAME_IN_BOTH = {"person", "organisation", "note"}


def extracted() -> dict[str, tuple[str, ...]]:
    """Every message id the editors' code passes to _ or ngettext, with its plural."""
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "dossier" / "editing", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found[message if isinstance(message, str) else message[0]] = tuple(
            [message] if isinstance(message, str) else message
        )
    for module in TASK_MODULES:
        for _line, message, _comments, _context in extract_from_file(
            "python", ROOT / module, keywords=KEYWORDS
        ):
            found[message if isinstance(message, str) else message[0]] = tuple(
                [message] if isinstance(message, str) else message
            )
    return found


def catalogue(language: str):
    path = LOCALE / language / "LC_MESSAGES" / "editing.po"
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_code_has_messages_to_translate() -> None:
    assert len(extracted()) > 40


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_message_is_in_the_catalogue(language: str) -> None:
    po = catalogue(language)
    missing = []
    for msgid, forms in extracted().items():
        entry = po.get(msgid)
        strings = (
            (entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ()
        )
        if entry is None or not all(strings) or entry.fuzzy or len(strings) != len(forms):
            missing.append(msgid)
    assert missing == []


def test_no_english_string_is_shown_on_the_danish_side() -> None:
    po = catalogue("da")
    english = []
    for msgid, forms in extracted().items():
        entry = po.get(msgid)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for form, string in zip(forms, strings, strict=False):
            if string == form and form not in SAME_IN_BOTH:
                english.append(form)
    assert english == []


def test_danish_is_the_default_and_english_is_a_setting(monkeypatch) -> None:
    monkeypatch.delenv("DOSSIER_LANGUAGE", raising=False)
    monkeypatch.setattr(messages, "_configured", {"language": "da"})
    assert _("No results.") == "Ingen resultater."
    assert ngettext("{n} result", "{n} results", 2) == "{n} resultater"
    messages.set_language("en")  # what pelicanconf.py's DOSSIER_LANGUAGE = "en" does
    assert _("No results.") == "No results."
    monkeypatch.setenv("DOSSIER_LANGUAGE", "da")  # the environment wins
    assert _("No results.") == "Ingen resultater."


def test_pelicanconf_setting_gives_english_messages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    import tasks.edit

    monkeypatch.delenv("DOSSIER_LANGUAGE", raising=False)
    monkeypatch.setattr(messages, "_configured", {"language": "da"})
    (tmp_path / "pelicanconf.py").write_text('DOSSIER_LANGUAGE = "en"\n', encoding="utf-8")
    monkeypatch.setattr(tasks.edit, "ROOT", tmp_path)
    tasks.edit.editors_language()
    assert _("No problems found.") == "No problems found."


def test_the_environment_gives_english_commands(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text("Title: X\n\nTekst.\n", encoding="utf-8")
    for language, expected in (
        ("en", "missing Date: add a line 'Date: ...' to the header"),
        ("da", "mangler Date: tilføj en linje 'Date: ...' øverst i filen"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "invoke", "check", "--content", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "DOSSIER_LANGUAGE": language},
        )
        assert done.stdout.strip().endswith(f"notes/x.md:1: {expected}"), done.stdout


def fields(text: str) -> set[str]:
    import string

    return {name for _text, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["da", "en"])
def test_translations_use_only_the_fields_the_code_fills_in(language: str) -> None:
    """A {field} the message id lacks would crash the command with a KeyError."""
    wrong = []
    po = catalogue(language)
    for msgid, forms in extracted().items():
        entry = po.get(msgid)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        allowed = set().union(*(fields(form) for form in forms))
        wrong += [string for string in strings if not fields(string) <= allowed]
    assert wrong == []
