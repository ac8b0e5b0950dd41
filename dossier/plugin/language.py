"""The site's language: the plugin's and the theme's gettext catalogues, dates through Babel.

Two catalogues, each beside the code that owns its strings: the plugin's words (menu entries,
headings, status words, month names ...) in dossier/plugin/locale/<lang>/LC_MESSAGES/plugin.po,
and the templates' words in <THEME>/translations/<lang>/LC_MESSAGES/theme.po, so a theme carries
its own translations. DOSSIER_LANGUAGE picks the language; Danish is the default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton, get_month_names
from jinja2 import pass_eval_context
from markupsafe import Markup

from ..content import APPROXIMATE_YES
from ..i18n import DEFAULT_LANGUAGE, translations

log = logging.getLogger(__name__)

PLUGIN_LOCALE = Path(__file__).resolve().parent / "locale"
PLUGIN_DOMAIN = "plugin"
THEME_DOMAIN = "theme"
I18N_EXTENSION = "jinja2.ext.i18n"

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def site_language(settings: dict) -> str:
    """The language the site is written in (DOSSIER_LANGUAGE, Danish by default)."""
    return str(settings.get("DOSSIER_LANGUAGE") or DEFAULT_LANGUAGE)


def plugin_gettext(language: str = DEFAULT_LANGUAGE) -> Gettext:
    """gettext over the plugin's catalogue in a language."""
    return translations(PLUGIN_LOCALE, PLUGIN_DOMAIN, language).gettext


def plugin_ngettext(language: str = DEFAULT_LANGUAGE) -> Ngettext:
    """ngettext over the plugin's catalogue in a language (singular, plural, count)."""
    return translations(PLUGIN_LOCALE, PLUGIN_DOMAIN, language).ngettext


def danish(message: str) -> str:
    """A message of the plugin in Danish: the default of every function that words a page."""
    return plugin_gettext(DEFAULT_LANGUAGE)(message)


def danish_plural(singular: str, plural: str, count: int) -> str:
    """A message of the plugin with a count, in Danish."""
    return plugin_ngettext(DEFAULT_LANGUAGE)(singular, plural, count)


def theme_locale(settings: dict) -> Path:
    """The theme's catalogue folder."""
    return Path(settings["THEME"]) / "translations"


def enable_i18n(settings: dict) -> None:
    """Add Jinja's i18n extension to the settings every Pelican generator builds its Jinja from."""
    jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
    extensions = list(jinja.get("extensions") or [])
    if I18N_EXTENSION not in extensions:
        extensions.append(I18N_EXTENSION)
    jinja["extensions"] = extensions
    settings["JINJA_ENVIRONMENT"] = jinja


def install_translations(generator) -> None:
    """generator_init handler: the theme's catalogue behind `_()` and `{% trans %}`."""
    env = getattr(generator, "env", None)
    if env is None or not hasattr(env, "install_gettext_translations"):
        return  # a generator without templates, or i18n not enabled
    language = site_language(generator.settings)
    catalogue = translations(theme_locale(generator.settings), THEME_DOMAIN, language)
    # newstyle: variables are escaped under autoescape and %(name)s needs no |format
    env.install_gettext_translations(catalogue, newstyle=True)
    env.globals["_"] = markup_gettext(catalogue.gettext)  # Jinja's own costs three calls
    env.globals["DOSSIER_LANGUAGE"] = language


def markup_gettext(gettext: Gettext) -> Callable[..., str]:
    """`_()` as Jinja's newstyle gettext gives it: the translation formatted with its variables,
    `%%` as `%`; where the template autoescapes, the translation as Markup and the variables
    escaped.

    Jinja's own goes through three context calls a message (`_` is an alias that looks up
    `gettext`, which calls the catalogue through the context); a page shows some thirty, and
    they cost about a tenth of an article page's rendering. Translations are kept once made.
    """
    translated: dict[str, Markup] = {}
    formatted: dict[str, Markup] = {}  # those without variables, as shown (%% as %)

    @pass_eval_context
    def _(eval_context, message: str, **variables) -> str:
        if not eval_context.autoescape:
            return gettext(message) % variables
        if not variables:
            text = formatted.get(message)
            if text is None:
                text = formatted[message] = Markup(gettext(message)) % {}
            return text
        text = translated.get(message)
        if text is None:
            text = translated[message] = Markup(gettext(message))
        return text % variables

    return _


def month_names(language: str = DEFAULT_LANGUAGE) -> dict[int, str]:
    """Month names as Babel spells them in the language ("november", "November")."""
    return dict(get_month_names("wide", locale=language))


def date_text(
    value: datetime | None,
    precision: str = "day",
    approximate: str | bool = "",
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """A date as far as it is known: "12. november 2012", "november 2012", "ca. 2010"."""
    if value is None:
        return ""
    return _date_text(value, precision, approximate, language)


@lru_cache(maxsize=65536)
def _date_text(value: datetime, precision: str, approximate: str | bool, language: str) -> str:
    # Babel costs ~12 us a call and a build formats the same dates on many pages: cache them
    precision = (precision or "day").strip().lower()
    if precision == "year":
        text = str(value.year)
    elif precision == "month":
        text = format_skeleton("yMMMM", value, locale=language)
    else:
        text = format_date(value, "long", locale=language)
    if approximate is True or str(approximate).strip().lower() in APPROXIMATE_YES:
        _ = plugin_gettext(language)
        return _("c. %(date)s") % {"date": text}
    return text
