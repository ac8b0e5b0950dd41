"""Keep Python's cycle collector off the build's long-lived data.

A Pelican build holds every text, and the dossier's data about them, until it ends. The cycle
collector's full passes walk all of it each time (1.4 s of a 9.5 s incremental build at 5,000
articles, in 9 passes). Once the texts are read, and again once every generator has built its
context, everything that exists is frozen (gc.freeze: left out of the collector's passes, still
freed when nothing refers to it). When the build ends, everything is frozen once more: a process
that exits after its build (`pelican`, the benchmark's builds) ends without the collection Python
makes at exit walking and freeing all of it (1.0 s of an 8 s incremental build at 5,000
articles). The next build's start unfreezes it, so a process that builds again (the preview, the
tests) collects what the last build left then.
"""

from __future__ import annotations

import gc


def freeze(*_args, **_kwargs) -> None:
    """article_generator_finalized, all_generators_finalized and finalized handler."""
    gc.freeze()


def unfreeze(*_args, **_kwargs) -> None:
    """initialized handler."""
    gc.unfreeze()
