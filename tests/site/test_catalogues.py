"""`invoke catalogues` (dossier/plugin/catalogues.py): new strings arrive, old ones leave."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from dossier.plugin.catalogues import Domain, update_catalogues

PO = """msgid ""
msgstr ""
"Language: da\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Timeline"
msgstr "Tidslinje"

msgid "Gone from the templates"
msgstr "Væk fra skabelonerne"
"""


def test_update_keeps_translations_adds_new_strings_and_drops_old(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "page.html").write_text(
        '<h1>{{ _("Timeline") }}</h1><p>{% trans %}A new sentence.{% endtrans %}</p>', "utf-8"
    )
    danish = theme / "translations" / "da" / "LC_MESSAGES" / "theme.po"
    danish.parent.mkdir(parents=True)
    danish.write_text(PO, "utf-8")
    domain = Domain(
        "theme", theme, (("templates/**.html", "jinja2.ext:babel_extract"),), theme / "translations"
    )
    da, en = update_catalogues(theme, ("da", "en"), [domain])
    assert (da.added, da.removed, da.untranslated) == (1, 1, ("A new sentence.",))
    with danish.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.get("Timeline").string == "Tidslinje"  # the editor's translation is kept
    assert catalog.get("Gone from the templates") is None
    assert en.untranslated == () and en.path.is_file()  # English repeats its English ids


def test_an_unchanged_catalogue_is_not_rewritten(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "page.html").write_text('{{ _("Timeline") }}', "utf-8")
    domain = Domain(
        "theme", theme, (("templates/**.html", "jinja2.ext:babel_extract"),), theme / "translations"
    )
    (first,) = update_catalogues(theme, ("en",), [domain])
    stamp = first.path.stat().st_mtime_ns
    text = first.path.read_text("utf-8")
    (again,) = update_catalogues(theme, ("en",), [domain])
    assert again.path.read_text("utf-8") == text and again.path.stat().st_mtime_ns == stamp
