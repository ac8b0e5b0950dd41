"""The dossier's Pelican plugin: people, organisations, statements, timeline, network, exports.

register() only connects signals; the generator (generator.py) runs the analysis and writes the
dossier's pages (pages.py) from its page data (dossier.py), in DOSSIER_LANGUAGE (language.py: the
plugin's catalogue in locale/, the theme's in <THEME>/translations/). May import the analysis and
the content model; never publishing, editing or the scrapers. Settings are DOSSIER_*
(dossier/config.py).
"""

from __future__ import annotations


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from .generator import get_generators, prepare
    from .language import install_translations
    from .model import init_content

    # settings are final: merge DOSSIER_* defaults, read the sources file
    signals.initialized.connect(prepare)
    # every generator's Jinja environment: the theme's catalogue in DOSSIER_LANGUAGE
    signals.generator_init.connect(install_translations)
    # every article, note, event, page, person and organisation: kind, URL, list metadata
    signals.content_object_init.connect(init_content)
    # the dossier's own generator runs after Pelican's articles and pages
    signals.get_generators.connect(get_generators)
