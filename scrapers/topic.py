"""Match an article against the topic query (whoosh syntax, Danish stemming) in a RAM index."""

from __future__ import annotations

from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import Query


class MemoryStorage(RamStorage):
    """A RamStorage whose temporary files stay in memory too.

    RamStorage puts a writer's temporary files in one shared folder (/tmp/MAIN.tmp), so two
    threads or processes indexing at once delete each other's files.
    """

    def temp_storage(self, name: str | None = None) -> RamStorage:
        """Temporary storage in memory."""
        return MemoryStorage()

    def destroy(self, *args: object, **kwargs: object) -> None:
        """Forget the files."""
        self.files.clear()


# The default tokenizer keeps "*" inside words ("**SBSYS" -> "**sbsys"): words only.
TOKENS = r"\w+(\.?\w+)*"


def danish_schema() -> Schema:
    """The schema of the one-document index: title and main text, both analysed as Danish."""
    analyzer = LanguageAnalyzer("da", expression=TOKENS)
    return Schema(title=TEXT(analyzer=analyzer), text=TEXT(analyzer=analyzer))


class Topic:
    """The [topic] query, parsed once and matched against one article at a time."""

    def __init__(self, query: str) -> None:
        self.schema = danish_schema()
        parser = MultifieldParser(["title", "text"], self.schema, group=OrGroup)
        self.source = query
        self.query: Query = parser.parse(query)

    def matches(self, title: str, text: str) -> bool:
        """True when the title or the main text match the topic query."""
        index = MemoryStorage().create_index(self.schema)
        with index.writer() as writer:
            writer.add_document(title=title, text=text)
        with index.searcher() as searcher:
            return bool(searcher.search(self.query, limit=1))
