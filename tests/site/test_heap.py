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
    # at each build's reading: objects frozen, thresholds, earlier builds' garbage still alive
    reads: list[tuple[int, tuple[int, ...], int]] = []
    writes: list[tuple[int, tuple[int, ...]]] = []  # the same as its pages are written
    left: list[weakref.ref] = []

    def reading(_generator, **_kwargs) -> None:
        alive = sum(ref() is not None for ref in left)
        reads.append((gc.get_freeze_count(), gc.get_threshold(), alive))

    def ending(_pelican) -> None:  # garbage in a cycle, made as the build ends
        cycle = _Cycle()
        cycle.itself = cycle
        left.append(weakref.ref(cycle))

    def writing(_generator, **_kwargs) -> None:
        writes.append((gc.get_freeze_count(), gc.get_threshold()))

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
    (first_read, second_read), first_write = reads, writes[0]
    assert first_write[0] > 0  # everything that existed once the context was built
    assert first_read[1] == first_write[1] == BUILD_THRESHOLD
    # what the build made stays out of the collection at exit, with the usual thresholds
    assert after[0] >= first_write[0] and after[1] == OUTSIDE_THRESHOLD
    assert second_read[0] == 0  # the next build's start let the collector have it again
    assert left and second_read[2] == 0  # and freed the last build's garbage before reading


class _Cycle:
    itself: object = None
