"""Write only what changed: a Pelican writer that skips pages whose inputs are unchanged.

Each write_file/write_feed call gets a digest of what the page is rendered from: the build
(the plugin's code and catalogues, the theme, the library versions, the settings), the template
and every template it extends or includes, and the values of the names those templates read
(jinja2.meta finds them), taken from the call's keyword arguments or the global context. Content
objects and the dossier's frozen records are hashed with everything they carry, and the content
objects they link to (related texts) with everything but their own links. When the digest equals
the one recorded for the same output in state/pages/ and the files exist, the page is not
rendered again. Outputs recorded by the previous build that this build did not produce (a
deleted text's page) are removed. Set DOSSIER_INCREMENTAL = False to render every page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from time import perf_counter

from jinja2 import meta
from pelican.contents import Content
from pelican.writers import Writer

from ..config import state_dir
from ..content import atomic_write

log = logging.getLogger(__name__)
MANIFEST_VERSION = 1
PACKAGE = Path(__file__).resolve().parents[1]  # the dossier package: code and catalogues
LIBRARIES = ("pelican", "jinja2", "markdown", "markupsafe", "babel", "feedgenerator")
# covered by the context and the settings; where the source file lies is not what a page shows
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings", "source_path"})
# Where things lie on this machine: what the build reads from there is hashed (the theme's
# files, the sources file as DOSSIER_SOURCE_MAP), and a template that prints one of these
# settings reads it from the context, which its page's digest covers.
PATH_SETTINGS = frozenset(
    {
        "PATH",
        "OUTPUT_PATH",
        "CACHE_PATH",
        "THEME",
        "DOSSIER_ROOT",
        "DOSSIER_STATE",
        "DOSSIER_SOURCES",
    }
)
_PLAIN = (int, float, bool, complex, type(None), Decimal, datetime, date, time, PurePath)
_REPR_SAFE = frozenset({str, int, float, bool, type(None)})
_ACTIVE: list[IncrementalWriter] = []


def get_writer(_pelican) -> type[Writer]:
    """get_writer handler: Pelican writes through the incremental writer."""
    return IncrementalWriter


def finalized(pelican) -> None:
    """finalized handler: remove outputs no longer written and record this build's digests."""
    for writer in [w for w in _ACTIVE if w.output_path == pelican.output_path]:
        _ACTIVE.remove(writer)
        writer.finish()


class Hasher:
    """Digests of template context values; every object's digest memoised for the build."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[object, bytes]] = {}
        self._active: set[int] = set()

    def digest(self, value: object, depth: int = 0) -> bytes:
        """A digest of a value and everything reachable from it."""
        h = hashlib.sha256()
        self._feed(h, value, depth)
        return h.digest()

    def _feed(self, h, value: object, depth: int) -> None:
        kind = type(value)
        if kind in _REPR_SAFE:  # the common case first: repr is exact for these
            h.update(repr(value).encode("utf-8", "surrogatepass"))
            return
        if kind is tuple or kind is list:
            if all(type(v) in _REPR_SAFE for v in value):
                h.update(repr(value).encode("utf-8", "surrogatepass"))
                return
            h.update(b"%s[%d" % (kind.__name__.encode(), len(value)))
            for item in value:
                self._feed(h, item, depth)
            return
        if kind is dict:
            self._feed_dict(h, value, depth)
            return
        memoised = self._memo.get((id(value), min(depth, 2)))
        if memoised is not None:  # an object seen before in this build (see _object)
            h.update(memoised[1])
            return
        h.update(kind.__qualname__.encode())
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"%d:" % len(data) + data)
        elif isinstance(value, bytes):
            h.update(b"%d:" % len(value) + value)
        elif isinstance(value, _PLAIN):
            h.update(repr(value).encode())
        elif isinstance(value, (list, tuple)):
            h.update(b"[%d" % len(value))
            for item in value:
                self._feed(h, item, depth)
        elif isinstance(value, dict):
            self._feed_dict(h, value, depth)
        elif isinstance(value, (set, frozenset)):
            h.update(b"".join(sorted(self.digest(item, depth) for item in value)))
        elif callable(value) and hasattr(value, "__qualname__"):
            # code is part of the build digest; a function stands for itself by name
            h.update(f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
        else:
            h.update(self._object(value, depth))

    def _feed_dict(self, h, value: dict, depth: int) -> None:
        h.update(b"{%d" % len(value))
        plain, rest = [], []
        for index, (key, item) in enumerate(value.items()):
            if type(key) in _REPR_SAFE and type(item) in _REPR_SAFE:
                plain.append((index, key, item))
            else:
                rest.append((index, key, item))
        h.update(repr(plain).encode("utf-8", "surrogatepass"))  # with positions: order kept
        for index, key, item in rest:
            if type(key) is str:
                h.update(b"%d%s" % (index, repr(key).encode("utf-8", "surrogatepass")))
            else:
                h.update(b"%d" % index)
                self._feed(h, key, depth)
            self._feed(h, item, depth)

    def _object(self, value: object, depth: int) -> bytes:
        content = isinstance(value, Content)
        if content and depth >= 2:
            # a linked text's own links: stand for them by where they are
            return repr((value.relative_source_path, getattr(value, "save_as", ""))).encode()
        # Pages are written after every generator has built its context, and nothing changes
        # an object after that: an object's digest is computed once per build.
        memo_key = (id(value), min(depth, 2))  # deeper, content is a reference
        if memo_key in self._memo:
            return self._memo[memo_key][1]
        if id(value) in self._active:  # a cycle through mutable objects
            return b"cycle"
        self._active.add(id(value))
        try:
            h = hashlib.sha256()
            attributes = _attributes(value)
            if attributes is None:
                text = repr(value)
                # an address in the repr changes every build: such a page is always rendered
                h.update(text.encode())
                if " at 0x" in text:
                    log.debug("dossier.incremental: no stable digest for %s", type(value))
            else:
                self._feed(h, attributes, depth + 1 if content else depth)
            if content:
                self._feed(h, str(value.content), depth + 1)  # links to other texts resolved
            result = h.digest()
        finally:
            self._active.discard(id(value))
        self._memo[memo_key] = (value, result)  # the reference keeps id(value) unique
        return result


_FIELDS: dict[type, tuple[str, ...]] = {}


def _attributes(value: object) -> dict | None:
    kind = type(value)
    if kind not in _FIELDS and is_dataclass(value) and not isinstance(value, type):
        _FIELDS[kind] = tuple(f.name for f in fields(value))
    if kind in _FIELDS:
        return {name: getattr(value, name) for name in _FIELDS[kind]}
    if hasattr(value, "__dict__"):
        # sorted: the order attributes were set in is no input (and varies with set order)
        return {k: v for k, v in sorted(vars(value).items()) if k not in SKIPPED_ATTRIBUTES}
    slots = getattr(type(value), "__slots__", None)
    if slots:
        names = [slots] if isinstance(slots, str) else list(slots)
        return {n: getattr(value, n, None) for n in names}
    return None


def build_digest(settings: dict, hasher: Hasher) -> str:
    """A digest of the code, catalogues, theme, library versions and settings of this build."""
    h = hashlib.sha256()
    for folder in (PACKAGE, Path(settings.get("THEME", ""))):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(name.encode())
    h.update(hasher.digest({k: v for k, v in settings.items() if k not in PATH_SETTINGS}))
    return h.hexdigest()


def template_inputs(template) -> tuple[bytes, frozenset[str] | None]:
    """The sources of a template and of those it extends, includes or imports, and the names
    they read from the context (None when a template name is computed at render time)."""
    env, h = template.environment, hashlib.sha256()
    names: set[str] = set()
    todo, seen, dynamic = [template.name], set(), False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source, filename, _ = env.loader.get_source(env, name)
        h.update(f"{name}\0{filename}\0{source}\0".encode())
        ast = env.parse(source)
        names |= meta.find_undeclared_variables(ast)
        for referenced in meta.find_referenced_templates(ast):
            if referenced is None:
                dynamic = True
            else:
                todo.append(referenced)
    return h.digest(), None if dynamic else frozenset(names)


class IncrementalWriter(Writer):
    """Pelican's writer, skipping pages whose digest matches the last build's."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings)
        self.enabled = bool(self.settings.get("DOSSIER_INCREMENTAL", True))
        self.hasher = Hasher()
        self.build = build_digest(self.settings, self.hasher) if self.enabled else ""
        self.manifest_path = manifest_path(self.settings, Path(output_path))
        self.previous = load_manifest(self.manifest_path)
        # until this build finishes, no digest of the last one may be trusted: a crash midway
        # would leave pages newer than their records
        pending = {k: (None, files) for k, (_, files) in self.previous.items()}
        save_manifest(self.manifest_path, self.output_path, pending)
        self.records: dict[str, tuple[str | None, list[str]]] = {}
        self.rendered = self.unchanged = 0
        self.digest_seconds = 0.0
        self._templates: dict[str, tuple[bytes, frozenset[str] | None]] = {}
        self._opened: list[str] | None = None
        # a writer left by a build that failed before `finalized` must not finish later
        _ACTIVE[:] = [w for w in _ACTIVE if w.output_path != output_path]
        _ACTIVE.append(self)

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ) -> None:
        """Render and write a page unless its digest is the one recorded for it."""
        options = {
            "relative_urls": relative_urls,
            "paginated": paginated,
            "template_name": template_name,
            "override_output": override_output,
            "url": url,
        }
        if not name:
            return super().write_file(name, template, context, **options, **kwargs)
        started = perf_counter()
        digest = (
            self._file_digest(name, template, context, options, kwargs) if self.enabled else None
        )
        self.digest_seconds += perf_counter() - started
        self._write(
            f"file:{name}",
            digest,
            override_output,
            lambda: super(IncrementalWriter, self).write_file(
                name, template, context, **options, **kwargs
            ),
        )
        return None

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        """Write a Pelican feed unless its digest is the one recorded for it."""
        if not path:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        used = {n: context.get(n) for n in ("SITENAME", "SITEURL", "FEED_DOMAIN", "SITESUBTITLE")}
        shown = list(elements[: self.settings["FEED_MAX_ITEMS"]])
        digest = None
        if self.enabled:
            digest = self._digest(
                "feed", path, url, feed_type, override_output, feed_title, used, shown
            )
        return self._write(
            f"feed:{path}",
            digest,
            override_output,
            lambda: super(IncrementalWriter, self).write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            ),
        )

    def _file_digest(self, name, template, context, options, kwargs) -> str:
        if template.name not in self._templates:
            self._templates[template.name] = template_inputs(template)
        source, names = self._templates[template.name]
        if names is None:  # cannot tell what it reads: everything it could
            names = frozenset(context) | frozenset(kwargs)
        used = {n: kwargs[n] if n in kwargs else context.get(n) for n in sorted(names)}
        paginated = options.get("paginated")
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        return self._digest(
            "file", name, source, used, options, paginated, context.get("localsiteurl")
        )

    def _digest(self, *parts) -> str:
        return hashlib.sha256(self.build.encode() + self.hasher.digest(parts)).hexdigest()

    def _write(self, key: str, digest: str | None, override: bool, render):
        old = self.previous.get(key)
        if key in self.records:  # written twice in one build: Pelican decides; never skipped
            digest, files = None, self.records[key][1]
        elif digest and old and old[0] == digest and self._exist(old[1]):
            self.records[key] = old
            self.unchanged += 1
            for relative in old[1]:  # as if written: Pelican's overwrite rules stay the same
                full = os.path.join(self.output_path, relative)
                self._written_files.add(full)
                if override:
                    self._overridden_files.add(full)
            return None
        else:
            files = []
        self._opened = []
        try:
            result = render()
        finally:
            opened, self._opened = self._opened, None
        self.rendered += 1
        self.records[key] = (digest, sorted({*files, *opened}))
        return result

    def _exist(self, files: list[str]) -> bool:
        return bool(files) and all(os.path.isfile(os.path.join(self.output_path, f)) for f in files)

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        if self._opened is not None and handle.name != os.devnull:
            self._opened.append(os.path.relpath(filename, self.output_path))
        return handle

    def finish(self) -> None:
        """Remove outputs of the last build that this one did not write; save the records."""
        kept = {f for _, files in self.records.values() for f in files}
        stale = {f for _, files in self.previous.values() for f in files} - kept
        root = Path(self.output_path).resolve()
        for relative in sorted(stale):
            path = (root / relative).resolve()
            if root in path.parents and path.is_file():
                path.unlink()
                _prune(path.parent, root)
        counts = {"rendered": self.rendered, "unchanged": self.unchanged, "removed": len(stale)}
        save_manifest(self.manifest_path, self.output_path, self.records, counts)
        log.info(
            "dossier.incremental: %d page(s) rendered, %d unchanged, %d removed (digests %.2f s)",
            self.rendered,
            self.unchanged,
            len(stale),
            self.digest_seconds,
        )


_WRITE_OPTIONS = frozenset(
    {"relative_urls", "paginated", "template_name", "override_output", "url"}
)


def _prune(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def manifest_path(settings: dict, output: Path) -> Path:
    """Where the digests of the pages written into one output folder are kept.

    Named by the output's place relative to the state folder, so a project moved or copied
    whole (content, state and output) keeps its records.
    """
    state = state_dir(settings)
    place = os.path.relpath(output.resolve(), state.resolve())
    return state / "pages" / f"{hashlib.sha256(place.encode()).hexdigest()[:16]}.json"


def load_manifest(path: Path) -> dict[str, tuple[str | None, list[str]]]:
    """The records of the last build (output key -> digest and files); empty when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION:
            return {}
        return {k: (v["digest"], list(v["files"])) for k, v in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        if path.exists():
            log.warning("dossier.incremental: ignoring %s: %s", path, error)
        return {}


def save_manifest(path: Path, output, records: dict, counts: dict | None = None) -> None:
    """Write the records atomically (a record without a digest is never skipped).

    counts: what the finished build did (pages rendered, unchanged and removed); none while a
    build is running.
    """
    pages = {}
    for key, record in records.items():
        digest, files = record if record is not None else (None, [])
        pages[key] = {"digest": digest, "files": files}
    data = {"version": MANIFEST_VERSION, "output": str(output), "pages": pages, "last": counts}
    atomic_write(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
