"""Danish dates as Pelican reads them: day first, never month first.

Pelican hands `Date:` to dateutil, which reads 12.11.2012 as 11 December. The readers get a
subclass whose date processing reads day-first dates (12.11.2012, 12. november 2012 kl. 10:31)
with the content model's parser and refuses an impossible one rather than swap day and month.
A year or a year and month alone (2013, 2013-05), which `invoke check` asks to write in full, is
its first day, as the content model reads it: dateutil fills in the day and month of the day the
build runs, so the text would move a little every day. Full ISO dates go to Pelican's parser.
"""

from __future__ import annotations

import re

from ..content import is_danish_date, parse_date

DATE_KEYS = ("date", "modified")
PARTIAL_ISO = re.compile(r"\d{4}(?:-\d{2})?")


class DayFirst:
    """Mixin for a Pelican reader class: Danish dates in Date and Modified are read day-first."""

    def process_metadata(self, name, value):
        """Read a Danish or partial date with the content model's parser; anything else as
        Pelican does."""
        if name in DATE_KEYS and isinstance(value, str) and PARTIAL_ISO.fullmatch(value.strip()):
            parsed = parse_date(value)
            if parsed is None:  # a month that does not exist (2013-13)
                raise ValueError(f"{value!r} is not a valid date")
            return parsed
        if name in DATE_KEYS and isinstance(value, str) and is_danish_date(value):
            parsed = parse_date(value)
            if parsed is None:
                # a day-first date that does not exist (31.02.2012): refuse, never swap
                raise ValueError(f"{value!r} is not a valid day-first date")
            return parsed
        return super().process_metadata(name, value)
