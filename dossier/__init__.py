"""The dossier Pelican plugin: people, organisations, statements, timeline and data exports."""

from __future__ import annotations

from pelican import signals

from .generator import DossierGenerator, prepare
from .model import init_content


def get_generators(_pelican) -> type[DossierGenerator]:
    """Add the dossier's own generator after Pelican's articles and pages."""
    return DossierGenerator


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    # settings are final: merge DOSSIER_* defaults, read the sources file
    signals.initialized.connect(prepare)
    # every article, note, event and page: kind, URL, list metadata
    signals.content_object_init.connect(init_content)
    # the dossier's pages: sitemap, robots.txt (people, timeline and exports come later)
    signals.get_generators.connect(get_generators)
