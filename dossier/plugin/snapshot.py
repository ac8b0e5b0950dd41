"""Texts outlive the build: a text whose file is unchanged is restored as the last build read it.

Reading a text is Pelican's reader (or its cache of the reader's HTML), its content object's
initialisation and the plugin's content_object_init handler (model.py): about 350 µs a text, most
of a warm build's reading. Every text a build reads is pickled as it stands when read_file
returns, before any generator or the dossier adds to it, with the warnings its reading logged.
The next build restores it instead of reading it while the file's bytes and the build are the
same (the plugin's code and catalogues, the theme, the library versions, the settings, and who
listens to Pelican's reading signals: only the plugin, or nothing is restored), logs those
warnings again and gives it this build's settings and context. Kept in state/texts/<key>/ (the
last KEPT keys), in shards by the file's absolute path, so an edit rewrites one.
DOSSIER_SNAPSHOT = False reads every text.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import pickle
import shutil
import zlib
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.utils import posixize_path

from ..config import state_dir
from ..content import atomic_write
from .digest import Hasher, build_digest

log = logging.getLogger(__name__)
VERSION = 2  # 2: a text's stamp says whether the build leaves it out
SHARDS = 32  # files of a snapshot: an edit rewrites one, about 1/32 of the texts
KEPT = 3  # snapshots kept in state/texts/, one per build key
SIGNALS = ("content_object_init", "article_generator_preread", "article_generator_context",
           "page_generator_preread", "page_generator_context")  # fmt: skip
_SETTINGS, _CONTEXT = "settings", "context"


class Snapshot:
    """The texts of the last build by source path, and those this build read or restored."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        # the plugin's code (its handlers of the reading signals are the only ones: attach())
        self.key = build_digest(settings, Hasher())
        # left out of this build (model.py): not in the key, in each text's stamp
        self.skipped = frozenset(settings.get("DOSSIER_SKIP", ()))
        # one folder per build key: a local build and a publishing build, whose settings differ,
        # each keep theirs rather than replace each other's
        self.folder = state_dir(settings) / "texts" / self.key[:16]
        self.before: dict[str, tuple[tuple, bytes]] = {}
        for shard in range(SHARDS):
            self.before.update(_load(self.folder / f"{shard:02d}.pickle", self.key))
        if self.before:  # used now: the snapshots used longest ago are let go
            with contextlib.suppress(OSError):
                os.utime(self.folder)
        self.now: dict[str, tuple[tuple, bytes | None]] = {}  # None: as on disk
        self.changed: set[int] = set()  # the shards that hold a text read or gone
        self.restored = self.read = 0

    def read_file(self, read, base_path, path, content_class=None, fmt=None, context=None,
                  **signals_kw):  # fmt: skip
        """Readers.read_file, restoring what the last build read from an unchanged file."""
        kwargs = {"content_class": content_class, "fmt": fmt, "context": context, **signals_kw}
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if content_class is not None and not issubclass(content_class, (Article, Page)):
            return read(base_path, path, **kwargs)  # a static file: copied, not read
        full = os.path.abspath(os.path.join(base_path, path))
        relative = posixize_path(os.path.relpath(full, os.path.abspath(self.settings["PATH"])))
        stamp = _stamp(full, content_class, fmt, relative in self.skipped)
        known = self.before.pop(full, None)  # what is left at the end: files gone or not read
        if stamp is not None and known is not None and known[0] == stamp:
            text = _restore(known[1], self.settings, context)
            if text is not None:
                self.now[full] = (stamp, None)  # kept on disk; read back only to rewrite its shard
                self.restored += 1
                _share_text(text, getattr(read, "__self__", None), full)
                return text
        self.changed.add(_shard(full))  # what it held of the file is gone, whatever happens
        records = _Records()
        logging.getLogger().addHandler(records)
        try:
            text = read(base_path, path, **kwargs)
        finally:
            logging.getLogger().removeHandler(records)
        self.read += 1
        if stamp is not None and isinstance(text, (Article, Page)):
            data = _dump(text, self.settings, context, records.kept)
            if data is not None:
                self.now[full] = (stamp, data)
        return text

    def save(self) -> None:
        """Write the shards that hold a text this build read, or one whose file is gone."""
        self.changed.update(_shard(gone) for gone in self.before)
        for shard in sorted(self.changed):
            path = self.folder / f"{shard:02d}.pickle"
            kept = _load(path, self.key)  # the restored texts' records, as they were
            texts = {
                name: record if record[1] is not None else kept[name]
                for name, record in self.now.items()
                if _shard(name) == shard and (record[1] is not None or name in kept)
            }
            data = pickle.dumps((VERSION, self.key, texts), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(path, data)
        if self.changed:
            _forget_old(self.folder)


def _share_text(text, readers, full: str) -> None:
    """Let a restored text's HTML be the string Pelican's reader cache holds for its file, when
    they are equal: that cache is loaded anyway, and two copies of every text cost 100 MB at
    20,000 articles."""
    entry = getattr(readers, "_cache", {}).get(full)
    try:
        html = entry[1][0]
    except (TypeError, IndexError, KeyError):
        return
    if isinstance(html, str) and vars(text).get("_content") == html:
        text._content = html


def _forget_old(folder: Path) -> None:
    """Keep the snapshots of the KEPT builds used last (a code or settings change starts one)."""
    others = [f for f in folder.parent.iterdir() if f.is_dir() and f != folder]
    others.sort(key=lambda f: f.stat().st_mtime, reverse=True)
    for old in others[KEPT - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


_ACTIVE: dict[int, Snapshot] = {}  # id(settings) -> this build's snapshot


def attach(generator) -> None:
    """generator_init handler: the generator's readers restore unchanged texts."""
    settings = generator.settings
    if not settings["DOSSIER_SNAPSHOT"] or not _plain_signals():
        return
    snapshot = _ACTIVE.get(id(settings))
    if snapshot is None:
        snapshot = _ACTIVE[id(settings)] = Snapshot(settings)
    readers = generator.readers
    read = readers.read_file
    if getattr(read, "snapshot", None) is snapshot:
        return

    def read_file(base_path, path, content_class=None, fmt=None, context=None, **kw):
        return snapshot.read_file(read, base_path, path, content_class, fmt, context, **kw)

    read_file.snapshot = snapshot
    readers.read_file = read_file


def save(generators) -> None:
    """all_generators_finalized handler: every text is read; keep them for the next build, and
    let their pickles go before the pages are written (and the build forks: split.py)."""
    for generator in generators:
        snapshot = _ACTIVE.pop(id(generator.settings), None)
        if snapshot is not None:
            snapshot.save()
            log.info("texts: %d restored, %d read", snapshot.restored, snapshot.read)


def forget(pelican) -> None:
    """initialized handler: a build that failed before finalized leaves nothing behind."""
    _ACTIVE.pop(id(pelican.settings), None)


def _plain_signals() -> bool:
    """Whether only the plugin listens to Pelican's reading signals: another handler's work on
    a text would not be restored."""
    for name in SIGNALS:
        for receiver in getattr(signals, name).receivers_for(None):
            if not getattr(receiver, "__module__", "").startswith(__package__):
                return False
    return True


def _stamp(full: str, content_class, fmt, skipped: bool) -> tuple | None:
    """What a text is read from: its file's bytes (a hash, as Pelican's reader cache checks them
    on every read this replaces), the class it is read as, the format, and whether the build
    leaves it out (DOSSIER_SKIP, which the build's key does not hold: digest.py)."""
    try:
        with open(full, "rb") as handle:
            digest = hashlib.blake2b(handle.read(), digest_size=20).hexdigest()
    except OSError:
        return None
    return (digest, getattr(content_class, "__qualname__", ""), fmt or "", skipped)


class _Records(logging.Handler):
    """The warnings logged while one text is read."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kept: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


class _Pickler(pickle.Pickler):
    """The build's settings and context stand for themselves: the next build's are given."""

    def __init__(self, file, settings: dict, context) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings, self.context = settings, context

    def persistent_id(self, obj):
        if obj is self.settings:
            return _SETTINGS
        if obj is self.context and obj is not None:
            return _CONTEXT
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings: dict, context) -> None:
        super().__init__(file)
        self.settings, self.context = settings, context

    def persistent_load(self, pid):
        return {_SETTINGS: self.settings, _CONTEXT: self.context}[pid]


def _dump(text: Article | Page, settings: dict, context, warnings: list) -> bytes | None:
    # computed once and kept with the text (model.py remembers it): Pelican asks every text's
    # save_as when it sorts out what to write, at 40 us a text
    text.save_as  # noqa: B018
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, settings, context).dump((text, warnings))
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        log.debug("texts: %s is read on every build (%s)", text.source_path, error)
        return None
    return buffer.getvalue()


def _restore(data: bytes, settings: dict, context):
    try:
        text, warnings = _Unpickler(io.BytesIO(data), settings, context).load()
    except Exception as error:  # noqa: BLE001 - a record that cannot be restored is read again
        log.debug("texts: cannot restore a text (%s)", error)
        return None
    for name, level, message in warnings:  # as the reading logged them
        logging.getLogger(name).log(level, "%s", message)
    return text


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS


def _load(path: Path, key: str) -> dict:
    try:
        version, built, texts = pickle.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
        return {}
    return texts if version == VERSION and built == key and isinstance(texts, dict) else {}
