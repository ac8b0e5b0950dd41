"""Bylines as Pelican reads them: one author per comma, whatever entities a name holds.

The scrapers store Authors HTML-escaped ("Hansen &amp; Søn"), and Pelican splits an Authors line
on semicolons when it holds one, so an entity's ";" cut a name in two ("Hansen &amp" and
"Søn"). The readers get a subclass that reads the entities first: names are text, which the
theme prints escaped, and Pelican's rule (semicolons if any, else commas) sees only real ones.
"""

from __future__ import annotations

from html import unescape


class Bylines:
    """Mixin for a Pelican reader class: Authors is read with its entities as text."""

    def process_metadata(self, name, value):
        """Read the entities of an Authors line before Pelican splits it into names."""
        if name == "authors" and isinstance(value, str):
            value = unescape(value)
        return super().process_metadata(name, value)
