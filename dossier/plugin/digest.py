"""Digests of what a page is rendered from: the build, a template's sources and names, values.

Used by incremental.py. A value's digest covers everything reachable from it: content objects
with all they carry (the context and settings they point to are hashed on their own) and the
content objects they link to with everything but their own links; dict order counts, the order
attributes were set in does not. Each object is walked once a build however often it is shown.
A dataclass field marked as shown on no page (documents.NOT_SHOWN: a text's plain text, which
the analysis reads) is left out; tests/site/test_incremental.py checks that no page shows it.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from types import BuiltinFunctionType, FunctionType, MethodType

from jinja2 import meta
from pelican.contents import Content

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]  # the dossier package: code and catalogues
LIBRARIES = ("pelican", "jinja2", "markdown", "markupsafe", "babel", "feedgenerator")
# covered by the context and the settings; where the source file lies is not what a page shows
# _dossier_urls: the URLs a text's other attributes give (model.py), remembered when first asked;
# _dossier_plain: its title and body as plain text, which its HTML gives (documents.py)
SKIPPED_ATTRIBUTES = frozenset(
    {"_context", "settings", "source_path", "_dossier_urls", "_dossier_plain"}
)
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
# What a build is handed for some of its pages, covered where it is used: the problem list of a
# local build (problems.py puts what pages show of it into the context, which their digests
# cover) and the files left out of the build (reading a text depends on whether it is one,
# which its snapshot's stamp holds: snapshot.py). In the build's digest, a slip an editor makes
# or mends in one file would render every page again and read every text again.
PAGE_DATA_SETTINGS = frozenset({"DOSSIER_PROBLEMS", "DOSSIER_SKIP"})
# How a build runs, or what publishing does with it, not what its pages hold: how many
# processes write (split.py), whether texts are restored or read again (the same texts,
# snapshot.py), Pelican's cache of read files, the search's parts, and the publishing and
# alert settings, which only dossier.publish reads. Changing one renders no page again (a
# template that prints one reads it from the context, which its page's digest covers).
RUN_SETTINGS = frozenset(
    {
        "DOSSIER_SPLIT",
        "DOSSIER_MEMORY_MB",
        "DOSSIER_SNAPSHOT",
        "DOSSIER_SWEEP",
        "DOSSIER_SEARCH_PART_PAGES",
        "DOSSIER_REQUIRED_FILES",
        "DOSSIER_SHRINK_THRESHOLD",
        "DOSSIER_KEEP_RELEASES",
        "DOSSIER_COMMIT_CONTENT",
        "DOSSIER_ALERT_FAILURES",
        "DOSSIER_ALERT_HOURS",
        "DOSSIER_NOTIFY",
        "DOSSIER_NOTIFY_REPEAT_HOURS",
        "LOAD_CONTENT_CACHE",
        "CACHE_CONTENT",
        "CONTENT_CACHING_LAYER",
        "CHECK_MODIFIED_METHOD",
        "GZIP_CACHE",
    }
)
_PLAIN = (int, float, bool, complex, type(None), Decimal, datetime, date, time, PurePath)


class Hasher:
    """Digests of template context values; every object is walked once per build.

    A text (a Pelican content object) has two digests: its own (everything it carries, the
    texts it links to standing for themselves by where they are) and its full one (its own and
    the own digests of the texts it links to). A value's digest is its walk with every text in
    it replaced by the text's full digest, so a page shows no linked text's data the digest does
    not cover, and a text's links' links are references only (cycles end there).

    The walk is pickle's (C, without its memo, so a value shared or copied pickles the same),
    fed into the hash. Strings, numbers, None, lists, tuples, dicts and sets are pickled as
    they are; every other object stands in as a short tuple (_stand_in): a text by where it is,
    a function by its name, any other object by its own digest, so no pickle of an arbitrary
    class is ever hashed. An object whose attributes are only strings, numbers, dates and
    lists, tuples and dicts of them (most of the dossier's records) has the repr of its
    attributes as its own digest's input, at a tenth of the walk's cost. A set is pickled in
    its order, which for strings varies between processes: a page whose data hold a set of
    strings is rendered again on every build (still correctly); the plugin's page data hold
    none.
    """

    def __init__(self) -> None:
        # id -> (the object, its own digest, the texts it links to): the reference keeps the
        # id unique for the build. Pages are written after every generator has built its
        # context, and nothing changes an object after that.
        # digests inside a walk are hex strings: pickle's protocol 0 writes bytes by reducing
        # them to a call of codecs.encode, which would reach reducer_override every time
        self._own: dict[int, tuple[object, str, tuple[Content, ...]]] = {}
        self._full: dict[int, str] = {}
        self._refs: dict[int, tuple[Content, str]] = {}
        # the objects being walked (id -> depth) and, for each depth, the lowest depth a walk
        # below it cut a cycle at: a digest whose walk cut one above it is not kept (_own_digest)
        self._active: dict[int, int] = {}
        self._lowest: list[int] = []
        self._picklers: list[_Pickler] = []

    def digest(self, value: object) -> bytes:
        """A digest of a value and everything reachable from it."""
        h = hashlib.sha256()
        for content in self._walk(h, value):
            h.update(self._full_digest(content).encode())
        return h.digest()

    def _walk(self, h, value: object) -> list[Content]:
        """Feed a value into h; return the texts it contains, at any depth, in order."""
        # a walk inside a walk (an object's own digest) needs a pickler of its own; picklers
        # are kept for the next walk (most walks are of one small object)
        pickler = self._picklers.pop() if self._picklers else _Pickler(self)
        pickler.sink.h, pickler.links = h, []
        pickler.dump(value)  # a pickler that failed midway is not kept
        links, pickler.sink.h, pickler.links = pickler.links, None, []
        self._picklers.append(pickler)
        return links

    def prepare(self, roots: list, part: int, parts: int) -> None:
        """Walk the roots at positions part, part + parts, ... ahead of the pages that show them
        (split.py shares the work out between processes). A root that cannot be walked is left
        to the page that shows it, which fails as it would have."""
        for value in roots[part::parts]:
            try:
                if isinstance(value, Content):
                    self._full_digest(value)
                else:
                    self._own_digest(value)
            except Exception as error:  # noqa: BLE001 - walked again where a page shows it
                log.debug("dossier.incremental: %s left to its page (%s)", type(value), error)

    def known(self, roots: list) -> list[tuple[int, str, tuple[int, ...]]]:
        """The own digests known of the roots, by position: (position, digest, the positions
        of the texts it links to). One whose links are not all roots is left out."""
        position = {id(value): n for n, value in enumerate(roots)}
        entries = []
        for n, value in enumerate(roots):
            known = self._own.get(id(value))
            if known is not None and all(id(link) in position for link in known[2]):
                entries.append((n, known[1], tuple(position[id(link)] for link in known[2])))
        return entries

    def adopt(self, roots: list, entries: list[tuple[int, str, tuple[int, ...]]]) -> None:
        """Take the own digests another process computed for the same roots (known()): the
        roots are the objects that process walked, inherited by fork, so their ids agree."""
        for n, own, links in entries:
            value = roots[n]
            if id(value) not in self._own:
                self._own[id(value)] = (value, own, tuple(roots[i] for i in links))

    def _full_digest(self, content: Content) -> str:
        full = self._full.get(id(content))
        if full is None:
            own, links = self._own_digest(content)
            linked = "".join(self._own_digest(c)[0] for c in links)
            full = self._full[id(content)] = hashlib.sha256((own + linked).encode()).hexdigest()
        return full

    def _reference(self, content: Content) -> str:
        known = self._refs.get(id(content))
        if known is None:  # where it comes from and where it is written: a property, computed
            place = (content.relative_source_path, getattr(content, "save_as", ""))
            known = self._refs[id(content)] = (content, repr(place))
        return known[1]

    def _own_digest(self, value: object) -> tuple[str, tuple[Content, ...]]:
        known = self._own.get(id(value))
        if known is not None:
            return known[1], known[2]
        depth = self._active.get(id(value))
        if depth is not None:  # a cycle through mutable objects: cut here
            self._lowest[-1] = min(self._lowest[-1], depth)
            return "cycle", ()
        depth = self._active[id(value)] = len(self._lowest)
        self._lowest.append(depth)
        try:
            h, links = hashlib.sha256(type(value).__qualname__.encode()), []
            attributes = _attributes(value)
            if attributes is None:
                text = repr(value)
                # an address in the repr changes every build: such a page is always rendered
                h.update(text.encode("utf-8", "surrogatepass"))
                if " at 0x" in text:
                    log.debug("dossier.incremental: no stable digest for %s", type(value))
            elif not isinstance(value, Content) and _exact(attributes):
                # only strings, numbers and dates (a timeline line, a quote): their repr is
                # exact and costs a tenth of the walk; the marker keeps it apart from a pickle
                h.update(b"repr\0" + repr(attributes).encode("utf-8", "surrogatepass"))
            else:
                if isinstance(value, Content):  # with links to other texts resolved
                    attributes = (attributes, str(value.content))
                links = self._walk(h, attributes)
            result = h.hexdigest(), tuple(links)
        finally:
            del self._active[id(value)]
            lowest = self._lowest.pop()
        if lowest < depth:
            # cut where it re-entered an object still being walked: what it misses is that
            # object's, which that object's own digest covers; kept, it would stand for itself
            # elsewhere without it (a page showing it would miss a change)
            self._lowest[-1] = min(self._lowest[-1], lowest)
            return result
        self._own[id(value)] = (value, *result)
        return result

    def _stand_in(self, value: object, links: list) -> tuple:
        """What a value that is not a plain string, number, list, tuple or dict is pickled as."""
        kind = type(value)
        way = _WAYS.get(kind) or _WAYS.setdefault(kind, _way(kind))
        if way == "object":  # the common case first: dataclasses, links, Pelican's wrappers
            own, own_links = self._own_digest(value)
            links.extend(own_links)
            return ("object", own)
        if way == "text":  # stands for itself here; its data joins the digest
            links.append(value)
            return ("text", self._reference(value))
        if way == "plain":  # repr is exact for these
            return ("plain", kind.__qualname__, repr(value))
        if way == "chars":  # Markup and other subclasses: their characters
            return ("chars", kind.__qualname__, str(value))
        if way == "bytes":
            return ("bytes", kind.__qualname__, bytes(value).hex())
        if way == "items":
            return ("items", kind.__qualname__, list(value))
        if way == "mapping":
            return ("mapping", kind.__qualname__, dict(value))
        if way == "partial":  # its function and arguments live outside its __dict__
            return ("partial", value.func, value.args, value.keywords)
        if way == "set":
            items = []
            for item in value:  # in the order of their digests: a set's order varies by run
                item_h = hashlib.sha256()
                item_links = self._walk(item_h, item)
                items.append((item_h.hexdigest(), item_links))
            items.sort(key=lambda pair: pair[0])
            for _, item_links in items:
                links.extend(item_links)
            return ("set", [digest for digest, _ in items])
        # code is part of the build digest; a function or class stands for itself by name
        return ("code", f"{getattr(value, '__module__', '')}.{value.__qualname__}")


_WAYS: dict[type, str] = {}  # how each type stands in (_way), decided once per type
_EXACT = frozenset({str, int, float, bool, type(None)})  # repr tells every value apart


def _exact(value: object) -> bool:
    """Whether value is strings, numbers, dates, None and lists, tuples and dicts of them
    (keys strings): values whose repr is exact, holding no text and no other object."""
    kind = type(value)
    if kind in _EXACT:
        return True
    if kind is tuple or kind is list:
        return all(map(_exact, value))
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_exact, value.values()))
    return (_WAYS.get(kind) or _WAYS.setdefault(kind, _way(kind))) == "plain"


_CODE = (FunctionType, BuiltinFunctionType, MethodType, type)


def _way(kind: type) -> str:
    """How a value of this type stands in a digest's pickle (see Hasher._stand_in)."""
    for way, types in (
        ("text", Content),
        ("plain", _PLAIN),
        ("chars", str),
        ("bytes", bytes),
        ("items", (list, tuple)),
        ("mapping", dict),
        ("set", (set, frozenset)),
        ("partial", partial),
        ("code", _CODE),
    ):
        if issubclass(kind, types):
            return way
    return "object"


class _Pickler(pickle.Pickler):
    """Pickles into a hash; what is not a native value goes through Hasher._stand_in."""

    def __init__(self, hasher: Hasher) -> None:
        self.sink = _HashSink()
        # protocol 0 writes strings escaped; the binary protocols write them as UTF-8, which
        # CPython then keeps beside every non-ASCII string for its lifetime (all texts, twice)
        super().__init__(self.sink, protocol=0)
        self.fast = True  # no memo: the same data pickles the same whether shared or copied
        self.hasher, self.links = hasher, []

    def reducer_override(self, obj):
        """pickle's hook, for every object but None, booleans and exact ints, floats, strings,
        bytes, lists, tuples, dicts and sets (which pickle walks in C)."""
        if obj is _stood_in:  # the stand-in's marker itself: pickled by name
            return NotImplemented
        return _stood_in, self.hasher._stand_in(obj, self.links)


def _stood_in(*_parts) -> None:
    """Marks a stand-in in a digest's pickle (never called: the pickle is hashed, not loaded)."""


class _HashSink:
    """A file for pickle that feeds what is written into the hash of the current walk."""

    __slots__ = ("h",)

    def __init__(self) -> None:
        self.h = None

    def write(self, data) -> None:  # protocol 0 has no frames: once, at the end of a dump
        """Feed written bytes into the hash."""
        self.h.update(data)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _attributes(value: object) -> dict | None:
    kind = type(value)
    if kind not in _FIELDS and is_dataclass(value) and not isinstance(value, type):
        # a field marked as shown on no page (documents.NOT_SHOWN) is no page's input
        _FIELDS[kind] = tuple(f.name for f in fields(value) if f.metadata.get("shown", True))
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
    kept = PATH_SETTINGS | PAGE_DATA_SETTINGS | RUN_SETTINGS
    h.update(hasher.digest({k: v for k, v in settings.items() if k not in kept}))
    return h.hexdigest()


def template_inputs(
    template, known: dict | None = None, parsed: dict | None = None
) -> tuple[bytes, frozenset[str] | None]:
    """The sources of a template and of those it extends, includes or imports, and the names
    they read from the context (None when a template name is computed at render time).

    What parsing finds in a source (the names it reads and the templates it names, None for a
    computed name) is recorded by the sha256 of the source and the environment's extensions:
    known holds the records of earlier builds, parsed receives those of the sources read now.
    """
    env, h = template.environment, hashlib.sha256()
    known = {} if known is None else known
    parsed = {} if parsed is None else parsed
    names: set[str] = set()
    todo, seen, dynamic = [template.name], set(), False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source, filename, _ = env.loader.get_source(env, name)
        h.update(f"{name}\0{filename}\0{source}\0".encode())
        key = hashlib.sha256(f"{sorted(env.extensions)}\0{source}".encode()).hexdigest()
        if key not in parsed:
            parsed[key] = known.get(key) or _parse(env, source)
        names.update(parsed[key]["names"])
        for referenced in parsed[key]["templates"]:
            if referenced is None:
                dynamic = True
            else:
                todo.append(referenced)
    return h.digest(), None if dynamic else frozenset(names)


def _parse(env, source: str) -> dict:
    ast = env.parse(source)
    return {
        "names": sorted(meta.find_undeclared_variables(ast)),
        "templates": list(meta.find_referenced_templates(ast)),
    }
