"""gettext catalogues read straight from Babel .po files (no compiled .mo is ever committed).

Each package that owns interface strings keeps `<folder>/<language>/LC_MESSAGES/<domain>.po`
with English message ids; Danish ("da") is the default language and its catalogue is complete.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .errors import DossierError

DEFAULT_LANGUAGE = "da"
LANGUAGES = ("da", "en")


class CatalogueError(DossierError):
    """A catalogue is missing or cannot be read."""


def catalogue_path(folder: Path, domain: str, language: str) -> Path:
    """Where the .po file of a domain and language lives."""
    return folder / language / "LC_MESSAGES" / f"{domain}.po"


def translations(folder: Path, domain: str, language: str = DEFAULT_LANGUAGE):
    """The gettext translations of a domain in a language, compiled in memory from its .po file."""
    path = catalogue_path(folder, domain, language)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise CatalogueError(f"no {language} catalogue for {domain}: {path}") from None
    return _compiled(path, stamp)


@lru_cache(maxsize=32)
def _compiled(path: Path, _stamp: int) -> gettext.GNUTranslations:
    # keyed by the file's modification time, so an edited catalogue is read again
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle)
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{path}: cannot read catalogue: {error}") from error
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
