"""The build's long-lived data is out of the cycle collector's passes while pages are written."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from pelican import Pelican, signals

from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_texts_are_frozen_while_pages_are_written_and_unfrozen_after(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    frozen: list[int] = []

    def writing(_generator, **_kwargs) -> None:
        frozen.append(gc.get_freeze_count())

    signals.article_writer_finalized.connect(writing)
    try:
        settings = site_settings(
            site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
        )
        Pelican(settings).run()
    finally:
        signals.article_writer_finalized.disconnect(writing)
    assert frozen and frozen[0] > 0  # everything that existed once the context was built
    assert gc.get_freeze_count() == 0
