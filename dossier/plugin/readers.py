"""Pelican's readers with the dossier's ways of reading metadata: day-first dates (dates.py) and
bylines split only at real separators (bylines.py)."""

from __future__ import annotations

from .bylines import Bylines
from .dates import DayFirst

MIXINS = (DayFirst, Bylines)


def dossier_readers(readers) -> None:
    """readers_init handler: give every reader class the mixins it lacks."""
    for extension, cls in list(readers.reader_classes.items()):
        missing = tuple(m for m in MIXINS if cls and not issubclass(cls, m))
        if missing:
            # same class name: Pelican records metadata["reader"] from it
            readers.reader_classes[extension] = type(cls.__name__, (*missing, cls), {})
