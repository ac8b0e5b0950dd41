"""Pelican's readers with the dossier's ways of reading metadata: day-first dates (dates.py) and
bylines split only at real separators (bylines.py); and Markdown read with one Markdown instance
a reader (OneMarkdown)."""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .bylines import Bylines
from .dates import DayFirst

MIXINS = (DayFirst, Bylines)


class OneMarkdown:
    """Mixin for Pelican's Markdown reader: one Markdown instance a reader, reset between files.

    Pelican makes a new instance for every file, which sets up every extension again: 0.24 ms a
    file, 1.3 s of a cold build's reading at 5,000 articles. Markdown is made to be reused:
    reset() clears what a text left behind (footnotes, abbreviations, Meta, the HTML stash), as
    Pelican's own conversion of a text's formatted fields (Summary) relies on. Pelican takes the
    meta preprocessor out of the instance before it converts those fields; it is put back, where
    it was, before the next file.
    """

    def read(self, source_path):
        """Pelican's MarkdownReader.read, with the reader's Markdown instance reset."""
        made = vars(self).get("_dossier_markdown")
        if made is None:
            made = self._dossier_markdown = _markdown(self.settings["MARKDOWN"])
        if not made:  # no meta preprocessor to put back: a new instance, as Pelican makes
            return super().read(source_path)
        md, meta, priority = made
        if "meta" not in md.preprocessors:
            md.preprocessors.register(meta, "meta", priority)
        self._source_path = source_path
        self._md = md.reset()
        with pelican_open(source_path) as text:
            content = md.convert(text)
        metadata = self._parse_metadata(md.Meta) if hasattr(md, "Meta") else {}
        return content, metadata


def _markdown(options: dict) -> tuple:
    """A Markdown instance with its meta preprocessor and that one's priority; () when the
    preprocessors' registry does not say (a Markdown other than the 3.x this was written for)."""
    md = Markdown(**options)
    priorities = {item.name: item.priority for item in getattr(md.preprocessors, "_priority", ())}
    if "meta" not in priorities:
        return ()
    return md, md.preprocessors["meta"], priorities["meta"]


def dossier_readers(readers) -> None:
    """readers_init handler: give every reader class the mixins it lacks."""
    for extension, cls in list(readers.reader_classes.items()):
        wanted = MIXINS + ((OneMarkdown,) if cls and issubclass(cls, MarkdownReader) else ())
        missing = tuple(m for m in wanted if cls and not issubclass(cls, m))
        if missing:
            # same class name: Pelican records metadata["reader"] from it
            readers.reader_classes[extension] = type(cls.__name__, (*missing, cls), {})
