"""Keep the site's catalogues in step with the code: extract the strings, update each .po file.

The theme's templates (Babel's jinja2 extractor) and the plugin's Python (the python extractor)
are read as a translator's tool reads them. New strings arrive with an empty translation (the
English catalogue takes the English id), strings gone from the code leave; translations kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..content import atomic_write
from ..i18n import LANGUAGES, catalogue_path
from .language import PLUGIN_DOMAIN, PLUGIN_LOCALE, THEME_DOMAIN

log = logging.getLogger(__name__)
DATED = ('"POT-Creation-Date:', '"PO-Revision-Date:')
SOURCE_LANGUAGE = "en"  # message ids are English: the English catalogue repeats them


@dataclass(frozen=True)
class Domain:
    """One catalogue: where its strings are written and where its .po files live."""

    name: str
    source: Path
    method_map: tuple[tuple[str, str], ...]
    locale: Path


@dataclass(frozen=True)
class Update:
    """What updating one .po file changed."""

    path: Path
    added: int
    removed: int
    untranslated: tuple[str, ...]


def site_domains(theme: Path) -> list[Domain]:
    """The theme's catalogue and the plugin's."""
    return [
        Domain(
            THEME_DOMAIN,
            theme,
            (("templates/**.html", "jinja2.ext:babel_extract"),),
            theme / "translations",
        ),
        Domain(PLUGIN_DOMAIN, PLUGIN_LOCALE.parent, (("**.py", "python"),), PLUGIN_LOCALE),
    ]


def extract(domain: Domain) -> Catalog:
    """Every string of a domain's code, with where it is used."""
    template = Catalog(domain=domain.name, project="SBSYS-dossieret")
    for filename, lineno, message, comments, context in extract_from_dir(
        domain.source, list(domain.method_map)
    ):
        template.add(
            message,
            None,
            [(f"{domain.source.name}/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def update_catalogue(domain: Domain, language: str, template: Catalog) -> Update:
    """Bring one language's .po file in step with the extracted strings and write it."""
    path = catalogue_path(domain.locale, domain.name, language)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=domain.name)
    else:
        catalog = Catalog(locale=language, domain=domain.name, project="SBSYS-dossieret")
    before = {m.id for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True)  # a guessed translation is a wrong one
    removed = len(catalog.obsolete)
    catalog.obsolete.clear()
    for message in catalog:
        if message.id and language == SOURCE_LANGUAGE and not _translated(message.string):
            message.string = message.id  # the ids are the English text
    untranslated = tuple(_first(m.id) for m in catalog if m.id and not _translated(m.string))
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=True)
    text = buffer.getvalue().decode("utf-8")
    # an unchanged catalogue is left alone: a new date stamp alone would redeploy the site
    if not path.exists() or _undated(path.read_text("utf-8")) != _undated(text):
        atomic_write(path, text)
    added = len({m.id for m in catalog if m.id} - before)
    log.debug("catalogue %s: %d new, %d removed", path, added, removed)
    return Update(path, added, removed, untranslated)


def update_catalogues(theme: Path, languages=LANGUAGES, domains=None) -> list[Update]:
    """Update every catalogue of the site (or of these domains) in every language."""
    updates = []
    for domain in domains if domains is not None else site_domains(theme):
        template = extract(domain)
        updates += [update_catalogue(domain, language, template) for language in languages]
    return updates


def _translated(string) -> bool:
    forms = string if isinstance(string, (list, tuple)) else (string,)
    return all(forms)


def _first(message_id) -> str:
    return message_id[0] if isinstance(message_id, (list, tuple)) else message_id


def _undated(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith(DATED)]
