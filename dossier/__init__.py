"""The dossier Pelican plugin: people, organisations, statements, timeline and data exports.

The package also holds the content model and the build, check and publish code that the scrapers
and tasks.py import, so Pelican's modules load only when the plugin is registered.
"""

from __future__ import annotations


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from .generator import get_generators, prepare
    from .model import init_content

    # settings are final: merge DOSSIER_* defaults, read the sources file
    signals.initialized.connect(prepare)
    # every article, note, event, page, person and organisation: kind, URL, list metadata
    signals.content_object_init.connect(init_content)
    # the dossier's own generator runs after Pelican's articles and pages
    signals.get_generators.connect(get_generators)
