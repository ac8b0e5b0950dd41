"""The editors' messages in their language: gettext over dossier/editing/locale/ (domain editing).

The language is DOSSIER_LANGUAGE from the environment, else the one the tasks set from
pelicanconf.py (`set_language`), else Danish; English while the cron job checks the content
(`for_operators`). It is looked up at every call, so a test or a task
can switch it without reloading anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, translations

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "editing"
_configured = {"language": DEFAULT_LANGUAGE}
_forced: list[str] = []  # a language every message is in for a while, whatever else is chosen


def set_language(language: str | None) -> None:
    """Use this language when DOSSIER_LANGUAGE is not in the environment (None: Danish)."""
    _configured["language"] = language or DEFAULT_LANGUAGE


def language() -> str:
    """The language of the editors' messages: da or en."""
    chosen = (_forced[-1:] or [os.environ.get("DOSSIER_LANGUAGE") or _configured["language"]])[0]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def for_operators() -> Iterator[None]:
    """Messages in English while this lasts: the content problems a cron run logs and mails
    are for the operators' log, which is English whatever the editors read."""
    _forced.append("en")
    try:
        yield
    finally:
        _forced.pop()


def _(message: str) -> str:
    """The message (an English msgid) in the editors' language."""
    return translations(LOCALE, DOMAIN, language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for count, in the editors' language."""
    return translations(LOCALE, DOMAIN, language()).ngettext(singular, plural, count)
