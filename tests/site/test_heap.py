"""The build's long-lived data is out of the cycle collector's passes while it runs and at exit."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

from pelican import Pelican, signals

from dossier.plugin.heap import BUILD_THRESHOLD, OUTSIDE_THRESHOLD
from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_build_is_frozen_while_it_writes_and_after_it_until_the_next_starts(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    seen: list[tuple[str, int, tuple[int, ...]]] = []
    left: list[weakref.ref] = []

    def reading(_generator, **_kwargs) -> None:
        seen.append(("reading", gc.get_freeze_count(), gc.get_threshold()))
        seen.append(("left", sum(ref() is not None for ref in left), ()))

    def ending(_pelican) -> None:  # garbage in a cycle, made as the build ends
        cycle = _Cycle()
        cycle.itself = cycle
        left.append(weakref.ref(cycle))

    def writing(_generator, **_kwargs) -> None:
        seen.append(("writing", gc.get_freeze_count(), gc.get_threshold()))

    signals.article_generator_init.connect(reading)
    signals.article_writer_finalized.connect(writing)
    signals.finalized.connect(ending)
    settings = site_settings(
        site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
    )
    try:
        Pelican(settings).run()
        after = gc.get_freeze_count(), gc.get_threshold()
        Pelican(settings).run()  # a process that builds again: the preview, the tests
    finally:
        signals.article_generator_init.disconnect(reading)
        signals.article_writer_finalized.disconnect(writing)
        signals.finalized.disconnect(ending)
        gc.unfreeze()
    first_reading, _, first_writing, second_reading, second_left, _ = seen
    assert first_writing[1] > 0  # everything that existed once the context was built
    assert first_reading[2] == first_writing[2] == BUILD_THRESHOLD
    # what the build made stays out of the collection at exit, with the usual thresholds
    assert after[0] >= first_writing[1] and after[1] == OUTSIDE_THRESHOLD
    assert second_reading[1] == 0  # the next build's start let the collector have it again
    assert left and second_left[1] == 0  # and freed the last build's garbage before reading


class _Cycle:
    itself: object = None
