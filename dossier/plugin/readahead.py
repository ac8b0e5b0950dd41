"""Read the texts Pelican's cache lacks on every core, before its generators read them in turn.

Pelican reads one Markdown file after another and caches what the reader returns (the HTML and
the metadata) by the file's hash. On a generator's init signal its reader cache is loaded and
nothing is read yet: the files the cache lacks are read by forked worker processes and put into
that cache, and the generator then finds every file it reads cached, as on a warm build. Only
with Pelican's reader-level cache on, and enough files to pay for starting the processes. A
file a worker cannot read is left to the generator, which reports it as it always does.

A file counts as cached when the cache has an entry for it, whatever its hash: hashing every
file here as well as in Pelican would cost each warm build more than reading ahead saves, and a
changed file is still read again by Pelican, which checks the hash.
"""

from __future__ import annotations

import logging
import os

from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from ..analysis.parallel import cores, fork_map

log = logging.getLogger(__name__)
READ_AHEAD_MIN = 200  # fewer files to read than this: starting processes costs more than it saves


def idle_cache_off(generator) -> None:
    """article_generator_init and page_generator_init handler: a generator whose own cache of
    texts is off (the readers' cache serves instead) keeps nothing and finds nothing, yet
    Pelican hashes each of its files twice a build on the way (0.2-0.3 s at 5,000 articles):
    its two calls are made no-ops."""
    if getattr(generator, "_cache_data_policy", True) or getattr(generator, "_cache", True):
        return  # caching at the generator level, or a generator that has no such cache
    generator.get_cached_data = _nothing_cached
    generator.cache_data = _keep_nothing


def _nothing_cached(_filename, default=None):
    return default


def _keep_nothing(_filename, _data) -> None:
    return None


def read_articles_ahead(generator) -> None:
    """article_generator_init handler: read the articles, notes and events not cached."""
    settings = generator.settings
    read_ahead(generator, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"])


def read_pages_ahead(generator) -> None:
    """page_generator_init handler: read the pages not cached."""
    read_ahead(generator, generator.settings["PAGE_PATHS"], generator.settings["PAGE_EXCLUDES"])


def read_ahead(generator, paths, exclude, workers: int | None = None) -> int:
    """Read the files under paths that the generator's reader cache lacks into that cache, on
    `workers` processes (default: every core this process may use); return how many."""
    settings = generator.settings
    if not settings.get("CACHE_CONTENT") or settings.get("CONTENT_CACHING_LAYER") != "reader":
        return 0
    workers = workers or cores()
    readers = generator.readers
    missing = [
        path for path in uncached(generator, paths, exclude) if file_suffix(path) in readers.readers
    ]
    if workers < 2 or len(missing) < READ_AHEAD_MIN:
        return 0
    results = [r for r in fork_map(_read_one, missing, readers, workers, READ_AHEAD_MIN) if r]
    for path, content, metadata in results:
        readers.cache_data(path, (content, metadata))
    log.info("read ahead: %d of %d files, %d processes", len(results), len(missing), workers)
    return len(results)


def uncached(generator, paths, exclude) -> list[str]:
    """Absolute paths of the files the generator would read that its reader cache has no entry
    for (Pelican's cache keys are absolute paths)."""
    cached = getattr(generator.readers, "_cache", {})
    found = []
    for relative in generator.get_files(paths, exclude=exclude):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if path not in cached:
            found.append(path)
    return found


def _read_one(readers, path: str) -> tuple[str, str, dict] | None:
    """What Pelican's read_file caches for a path: the reader's HTML and metadata."""
    try:
        content, metadata = readers.readers[file_suffix(path)].read(path)
    except Exception:  # noqa: BLE001 - the generator reads it again and reports the error
        return None
    return path, content, _filter_discardable_metadata(metadata)
