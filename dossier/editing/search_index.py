"""The editors' search index: every article, note and event in content/, full texts too.

The index lives in the state folder (state/search-index beside content/) and is brought up to date
before every search: only files whose modification time or size changed are read again, and files
that are gone are dropped. A change to the registry (people/, organisations/) re-indexes everything,
because the people and organisations found in a text depend on it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from ..content import kind_of, parse_date, split_file, split_list
from ..errors import DossierError
from .messages import _

log = logging.getLogger(__name__)

SEARCHED_FOLDERS = ("articles", "notes", "events")
# Bump when the schema or the way a document is read changes: the index is then rebuilt.
INDEX_VERSION = "2"
# Whoosh's default pattern keeps "*" in tokens ("**Jørgen" -> "**jørg"); words only.
TOKEN_PATTERN = r"\w+(\.?\w+)*"


class SearchError(DossierError):
    """The editors' search could not run (a bad query, a locked or broken index)."""


@dataclass(frozen=True)
class IndexStats:
    """What bringing the index up to date did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def index_dir(content: Path, state: Path | None = None) -> Path:
    """The index folder: search-index in the state folder beside the content folder."""
    return (state or content.resolve().parent / "state") / "search-index"


def make_schema() -> Schema:
    """The index schema; title and body are analysed as Danish (stemmed)."""
    danish = LanguageAnalyzer("da", expression=TOKEN_PATTERN)
    return Schema(
        path=ID(stored=True, unique=True),
        signature=STORED,
        kind=ID(stored=True),
        title=TEXT(analyzer=danish, stored=True, field_boost=2.0),
        body=TEXT(analyzer=danish, stored=True),
        date=DATETIME(stored=True),
        source=ID(stored=True),
        people=KEYWORD(stored=True, commas=True),
        organisations=KEYWORD(stored=True, commas=True),
    )


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown body: link and image texts kept, markup and HTML tags dropped."""
    text = re.sub(r"!?\[([^\[\]]*+)\]\([^()]*+\)", r"\1", markdown)  # linear on "[" * n
    text = re.sub(r"<[^<>]++>", " ", text)
    text = re.sub(r"(?m)^[ \t]{0,3}(#{1,6}|>+|[-+*]|\d+\.)[ \t]+", "", text)
    text = re.sub(r"[*`]+|(?<!\w)_+|_+(?!\w)", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def content_files(content: Path) -> dict[str, Path]:
    """Every searchable Markdown file by its path relative to the content folder."""
    files = {}
    for folder in SEARCHED_FOLDERS:
        for path in sorted((content / folder).rglob("*.md")):
            if not any(part.startswith((".", "_")) for part in path.relative_to(content).parts):
                files[path.relative_to(content).as_posix()] = path
    return files


def signature(path: Path) -> str:
    """What tells a changed file from an unchanged one: modification time and size."""
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def registry_signature(content: Path) -> str:
    """A hash of the registry files and the index version: when it changes, re-index everything."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for folder in ("people", "organisations"):
        for path in sorted((content / folder).glob("*.md")):
            digest.update(f"{folder}/{path.name}:{signature(path)}\n".encode())
    return digest.hexdigest()


def _mentions(title: str, text: str, meta: dict[str, str], registry) -> tuple[list, list]:
    """People and organisation ids: the file's People/Organisations plus names found in the text."""
    people = split_list(meta.get("people", ""))
    organisations = split_list(meta.get("organisations", ""))
    unlink = split_list(meta.get("unlink", ""))
    if registry is None:
        return [p for p in people if p not in unlink], [o for o in organisations if o not in unlink]
    from ..analysis.mentions import find_mentions

    found = find_mentions(title, text, registry, people, organisations, unlink)
    return list(found.people), list(found.organisations)


def read_document(relative: str, path: Path, registry=None) -> dict:
    """The fields to index for one content file (its whole body, published or not)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    fields, body = split_file(text)
    meta = {field.key: field.value for field in fields}
    body = markdown_to_text(body)
    title = meta.get("title", "").strip() or path.stem
    summary = meta.get("summary", "").strip()
    try:
        people, organisations = _mentions(title, body, meta, registry)
    except Exception as error:  # a mention bug must not stop the editors' search
        log.warning("mentions failed for %s: %s", relative, error)
        people, organisations = _mentions(title, body, meta, None)
    document = {
        "path": relative,
        "signature": signature(path),
        "kind": kind_of(relative) or "",
        "title": title,
        "body": body if summary in body else f"{summary}\n\n{body}".strip(),
        "source": meta.get("source", "").strip(),
        "people": ",".join(people),
        "organisations": ",".join(organisations),
    }
    date = parse_date(meta.get("date", ""))
    if date is not None:
        document["date"] = date
    return document


def _open(folder: Path, version: str) -> tuple[index.Index, bool]:
    """Open the index, or create it afresh when it is missing, broken or of another version."""
    stamp = folder / "VERSION"
    if index.exists_in(folder) and stamp.is_file() and stamp.read_text() == version:
        try:
            return index.open_dir(folder), False
        except Exception as error:  # a broken index is rebuilt, it only saves work
            log.warning("rebuilding unreadable index %s: %s", folder, error)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    created = index.create_in(folder, make_schema())
    stamp.write_text(version)
    return created, True


def update_index(content: Path, state: Path | None = None) -> IndexStats:
    """Bring the index up to date with the content folder: changed files only."""
    if not content.is_dir():
        raise SearchError(_("content folder {path} does not exist").format(path=content))
    ix, _rebuilt = _open(index_dir(content, state), registry_signature(content))
    files = content_files(content)
    with ix.searcher() as searcher:
        indexed = {f["path"]: f["signature"] for f in searcher.all_stored_fields()}
    changed = [rel for rel, path in files.items() if indexed.get(rel) != signature(path)]
    removed = [rel for rel in indexed if rel not in files]
    stats = IndexStats(
        added=sum(rel not in indexed for rel in changed),
        updated=sum(rel in indexed for rel in changed),
        removed=len(removed),
        unchanged=len(files) - len(changed),
    )
    if not changed and not removed:
        return stats
    registry = _registry(content) if changed else None
    try:
        writer = ix.writer(timeout=10)
    except Exception as error:
        raise SearchError(_("the search index is in use: {error}").format(error=error)) from error
    try:
        for rel in removed:
            writer.delete_by_term("path", rel)
        for rel in changed:
            writer.update_document(**read_document(rel, files[rel], registry))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    log.debug(
        "indexed %s new, %s changed, %s removed file(s)",
        stats.added,
        stats.updated,
        stats.removed,
    )
    return stats


def _registry(content: Path):
    from ..analysis.registry import load_registry

    try:
        return load_registry(content)
    except Exception as error:  # without a registry, People/Organisations metadata still works
        log.warning("cannot read the registry: %s", error)
        return None
