"""Keep Python's cycle collector off the build's long-lived data.

A Pelican build holds every text, and the dossier's data about them, until it ends. The cycle
collector's full passes walk all of it each time (1.4 s of a 9.5 s incremental build at 5,000
articles, in 9 passes). Once the texts are read, and again once every generator has built its
context, everything that exists is frozen (gc.freeze: left out of the collector's passes, still
freed when nothing refers to it). When the build ends, everything is frozen once more: a process
that exits after its build (`pelican`, the benchmark's builds) ends without the collection Python
makes at exit walking and freeing all of it (1.0 s of an 8 s incremental build at 5,000
articles). The next build's start unfreezes and collects it, so a process that builds again (the
preview, the tests) frees what the last build left before it builds.

While a build runs, the collector's young pass waits for BUILD_THRESHOLD new objects instead of
700: most of what a build makes lives until it ends, and walking it again and again is what the
passes cost (5,000 articles: 0.75 s of an incremental build, 1.35 s of a cold one, 0.2 s at
BUILD_THRESHOLD, with the same peak memory).
"""

from __future__ import annotations

import gc

BUILD_THRESHOLD = (100_000, 20, 20)  # gc.set_threshold while a build runs
OUTSIDE_THRESHOLD = gc.get_threshold()  # and before and after it


def freeze(*_args, **_kwargs) -> None:
    """article_generator_finalized and all_generators_finalized handler."""
    gc.freeze()


def start(*_args, **_kwargs) -> None:
    """initialized handler: what an earlier build in this process left is collected first (a
    full pass: with BUILD_THRESHOLD none might come until this build ends, and it would be
    frozen again with everything the next build keeps, growing with every build)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.set_threshold(*BUILD_THRESHOLD)


def end(*_args, **_kwargs) -> None:
    """finalized handler."""
    gc.freeze()
    gc.set_threshold(*OUTSIDE_THRESHOLD)
