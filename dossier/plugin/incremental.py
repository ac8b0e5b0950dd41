"""Write only what changed: a Pelican writer that skips pages whose inputs are unchanged.

Each write_file/write_feed call gets a digest (digest.py) of what the page is rendered from: the
build (the plugin's code and catalogues, the theme, the library versions, the settings), the
template and every template it extends or includes, and the values of the names those templates
read (jinja2.meta finds them), taken from the call's keyword arguments or the global context.
When the digest equals the one recorded for the same output in state/pages/ and the files exist,
the page is not rendered again. Outputs recorded by the previous build that this build did not
produce (a deleted text's page) are removed. Set DOSSIER_INCREMENTAL = False to render every
page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from time import perf_counter

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer

from ..config import state_dir
from ..content import atomic_write
from . import split
from .digest import Hasher, build_digest, template_inputs
from .prune import remove_empty_parents

log = logging.getLogger(__name__)
MANIFEST_VERSION = 1
_ACTIVE: list[IncrementalWriter] = []


def get_writer(_pelican) -> type[Writer]:
    """get_writer handler: Pelican writes through the incremental writer."""
    return IncrementalWriter


def stop_helpers(_pelican) -> None:
    """initialized handler: a helper left by a build that failed in its own share (it never
    reached finalized) is stopped before this build writes anything (split.py)."""
    for writer in _ACTIVE:
        split.abandon(writer)


def helper_finished(pelican) -> None:
    """finalized handler, before the plugin's bookkeeping: the helper's pages are this build's
    (split.py)."""
    for writer in _ACTIVE:
        if writer.output_path == pelican.output_path and writer.helper_process is not None:
            writer.take_over(split.join(writer))


def finalized(pelican) -> None:
    """finalized handler: remove outputs no longer written and record this build's digests."""
    for writer in [w for w in _ACTIVE if w.output_path == pelican.output_path]:
        _ACTIVE.remove(writer)
        writer.finish()


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
        # what parsing each template source found, by the source's hash (parsing costs more
        # than reading the record): the last build's records, and this build's
        self.parsed_path = state_dir(self.settings) / "templates.json"
        self.parsed_before = load_parsed(self.parsed_path) if self.enabled else {}
        self.parsed: dict[str, dict] = {}
        self._opened: list[str] | None = None
        self._chosen: dict[str, str] = {}  # file -> the page that chose it with Save_as
        self.fragments = self.manifest_path.with_suffix(".fragments")  # see fragment()
        self._fragments_used: set[str] = set()
        # a writer left by a build that failed before `finalized` must not finish later
        _ACTIVE[:] = [w for w in _ACTIVE if w.output_path != output_path]
        _ACTIVE.append(self)
        # which pages this process writes: all (None), or the build's or the helper's share
        self.part: int | None = None
        self.helper_process = None
        split.start(self)  # in the helper, does not return

    def owns(self, name: str) -> bool:
        """Whether this process writes the page written to name (split.py)."""
        return self.part is None or split.owner(name) == self.part

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
        if not self.owns(name):  # the other process writes it
            return None
        if not self._may_take(name, kwargs.get("page")):
            return None
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
        if not self.owns(path):
            return None
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

    def write_data(self, name: str, make, *inputs) -> None:
        """Write the file name (an export, the sitemap) holding make(*inputs), a pure function
        of its inputs, unless the digest of its name and inputs (and the build's, which covers
        the code) is the one recorded for it: a file the dossier writes without a template."""
        if not self.owns(name):
            return
        full = os.path.join(self.output_path, name)
        digest = None
        if self.enabled:
            started = perf_counter()
            digest = self._digest("data", name, make.__module__, make.__qualname__, inputs)
            self.digest_seconds += perf_counter() - started

        def render() -> None:
            atomic_write(Path(full), make(*inputs))
            self._opened.append(name)
            self.announce(full)

        self._write(f"data:{name}", digest, False, render)

    def fragment(self, template, **values) -> str:
        """A part of a page: template rendered with values alone (and the environment's globals),
        kept in state/ across builds and rendered again only when its digest changes."""
        if not self.enabled:
            return template.render(**values)
        source, _ = self._template_inputs(template)
        digest = self._digest("fragment", template.name, source, values)
        return self._kept(f"{digest}.html", lambda: template.render(**values))

    def computed(self, make, *inputs) -> str:
        """make(*inputs), a pure function of its inputs that returns text (a drawing), kept in
        state/ across builds like a fragment and computed again only when its digest changes."""
        if not self.enabled:
            return make(*inputs)
        digest = self._digest("computed", make.__module__, make.__qualname__, inputs)
        return self._kept(f"{digest}.txt", lambda: make(*inputs))  # beside the fragments

    def _kept(self, name: str, make) -> str:
        """The text kept in the fragments folder under name (a digest), or make()'s, kept there;
        a kept text this build does not ask for is removed when it finishes."""
        self._fragments_used.add(Path(name).stem)
        path = self.fragments / name
        try:
            return path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            text = make()
            atomic_write(path, text)
            return text

    def _template_inputs(self, template) -> tuple[bytes, frozenset[str] | None]:
        if template.name not in self._templates:
            inputs = template_inputs(template, self.parsed_before, self.parsed)
            self._templates[template.name] = inputs
        return self._templates[template.name]

    def _file_digest(self, name, template, context, options, kwargs) -> str:
        source, names = self._template_inputs(template)
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
                self.announce(full)  # and prune.py keeps the pages it hears of
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

    def _may_take(self, name: str, page) -> bool:
        """Whether this write may have the file: a page whose own Save_as names a file another
        page writes (the front page, say) is not written, whichever comes first."""
        chosen = getattr(page, "chosen_save_as", "") if page is not None else ""
        full = os.path.join(self.output_path, name)
        if chosen and chosen == name:
            if f"file:{name}" in self.records:
                log.warning(
                    "%s: Save_as %s is another page's file; not written",
                    page.relative_source_path,
                    name,
                )
                return False
            self._chosen[name] = page.relative_source_path
        elif name in self._chosen:
            log.warning(
                "%s: Save_as %s is another page's file; that page is written instead",
                self._chosen.pop(name),
                name,
            )
            self._overridden_files.discard(full)
            self._written_files.discard(full)
        return True

    def _exist(self, files: list[str]) -> bool:
        return bool(files) and all(os.path.isfile(os.path.join(self.output_path, f)) for f in files)

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        if self._opened is not None and handle.name != os.devnull:
            self._opened.append(os.path.relpath(filename, self.output_path))
        return handle

    def announce(self, path) -> None:
        """A file this build produced without rendering it here (a kept page, the dossier's data
        files, the helper's files) counts as written, as the writer's pages do, and the plugin's
        bookkeeping (prune.py) hears of it."""
        full = str(path)
        self._written_files.add(full)
        signals.content_written.send(full, context={"OUTPUT_PATH": self.output_path})

    def handover(self) -> dict:
        """What the helper did, for the build to take over (split.py)."""
        return {
            "records": self.records,
            "counts": (self.rendered, self.unchanged, self.digest_seconds),
            "parsed": self.parsed,
            "fragments": sorted(self._fragments_used),
            "written": sorted(self._written_files),
            "overridden": sorted(self._overridden_files),
        }

    def take_over(self, done: dict) -> None:
        """Count the helper's pages as written by this writer: its records, Pelican's lists of
        written files and the plugin's bookkeeping (prune.py hears of each file)."""
        self.records.update(done["records"])
        rendered, unchanged, seconds = done["counts"]
        self.rendered, self.unchanged = self.rendered + rendered, self.unchanged + unchanged
        self.digest_seconds += seconds
        self.parsed.update(done["parsed"])
        self._fragments_used.update(done["fragments"])
        written = [f for f in done["written"] if f != os.devnull]  # Pelican's "not overwriting"
        twice = self._written_files.intersection(written)
        if twice:  # two names for one file, one in each process: which one is kept is not known
            raise FileOverwriteFailedError(f"written by both processes: {', '.join(sorted(twice))}")
        for full in written:
            self.announce(full)
        self._overridden_files.update(done["overridden"])

    def finish(self) -> None:
        """Remove outputs of the last build that this one did not write; save the records."""
        kept = {f for _, files in self.records.values() for f in files}
        stale = {f for _, files in self.previous.values() for f in files} - kept
        root = Path(self.output_path).resolve()
        for relative in sorted(stale):
            path = (root / relative).resolve()
            if root in path.parents and path.is_file():
                path.unlink()
                remove_empty_parents(path.parent, root)
        counts = {"rendered": self.rendered, "unchanged": self.unchanged, "removed": len(stale)}
        if self.parsed and self.parsed != self.parsed_before:  # the templates of this build
            atomic_write(self.parsed_path, json.dumps(self.parsed, sort_keys=True))
        save_manifest(self.manifest_path, self.output_path, self.records, counts)
        for path in self.fragments.glob("*.*") if self.fragments.is_dir() else ():
            if path.stem not in self._fragments_used:  # a fragment this build did not show
                path.unlink()
        log.info(
            "%d page(s) rendered, %d unchanged, %d removed (digests %.2f s)",
            self.rendered,
            self.unchanged,
            len(stale),
            self.digest_seconds,
        )


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


def load_parsed(path: Path) -> dict[str, dict]:
    """What earlier builds found parsing template sources; empty when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: entry
        for key, entry in data.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("names"), list)
        and isinstance(entry.get("templates"), list)
    }


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
