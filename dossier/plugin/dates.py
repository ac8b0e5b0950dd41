"""Danish dates as Pelican reads them: day first, never month first.

Pelican hands `Date:` to dateutil, which reads 12.11.2012 as 11 December. The readers get a
subclass whose date processing reads day-first dates (12.11.2012, 12. november 2012 kl. 10:31)
with the content model's parser and refuses an impossible one rather than swap day and month.
ISO dates still go to Pelican's own parser.
"""

from __future__ import annotations

from ..content import is_danish_date, parse_date

DATE_KEYS = ("date", "modified")


class DayFirst:
    """Mixin for a Pelican reader class: Danish dates in Date and Modified are read day-first."""

    def process_metadata(self, name, value):
        """Read a Danish date with the content model's parser; anything else as Pelican does."""
        if name in DATE_KEYS and isinstance(value, str) and is_danish_date(value):
            parsed = parse_date(value)
            if parsed is None:
                # a day-first date that does not exist (31.02.2012): refuse, never swap
                raise ValueError(f"{value!r} is not a valid day-first date")
            return parsed
        return super().process_metadata(name, value)
