"""The dossier's Pelican plugin: people, organisations, statements, timeline, network, exports.

register() only connects signals; the generator (generator.py) runs the analysis and writes the
dossier's pages (pages.py) from its page data (dossier.py). May import the analysis and the content
model; never publishing, editing or the scrapers. Settings are DOSSIER_* (dossier/config.py).
"""

from __future__ import annotations


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from .generator import get_generators, prepare
    from .incremental import finalized, get_writer
    from .model import init_content

    # settings are final: merge DOSSIER_* defaults, read the sources file
    signals.initialized.connect(prepare)
    # every article, note, event, page, person and organisation: kind, URL, list metadata
    signals.content_object_init.connect(init_content)
    # the dossier's own generator runs after Pelican's articles and pages
    signals.get_generators.connect(get_generators)
    # write only pages whose inputs changed; remove pages of deleted texts (incremental.py)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finalized)
