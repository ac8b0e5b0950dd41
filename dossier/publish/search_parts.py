"""Readers' search in parts: the indexed pages split by folder into groups indexed one at a time.

Pagefind keeps everything it indexes in memory until it writes its bundle: about 800 bytes for
every distinct word of every page, 1.3 GB for a site of 20,000 articles. Split into parts of at
most DOSSIER_SEARCH_PART_PAGES indexed pages, each run holds one part, and a part whose pages
did not change keeps its bundle. The search page merges the parts (Pagefind's mergeIndex).
Pure: pagefind.py scans the site and runs Pagefind.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BODY = b"data-pagefind-body"  # a page Pagefind indexes (once any page of a run has it)
MAX_GLOB = 96_000  # bytes: Linux takes at most 128 KiB in one command-line argument
GLOB_SPECIAL = frozenset("{}[]*?,!\\")  # characters with a meaning in Pagefind's --glob


@dataclass(frozen=True)
class Page:
    """One HTML file of the built site."""

    folder: tuple[str, ...]  # its folder's parts, relative to the site
    name: str
    digest: bytes
    indexed: bool


@dataclass(frozen=True)
class Group:
    """A folder with everything under it (deep), or only the pages directly in it."""

    folder: tuple[str, ...]
    deep: bool
    pages: int  # indexed pages in it

    def glob(self) -> str:
        """Pagefind's --glob for this group, relative to the site."""
        base = "/".join(self.folder)
        pattern = "**/*.html" if self.deep else "*.html"
        return f"{base}/{pattern}" if base else pattern

    def covers(self, folder: tuple[str, ...]) -> bool:
        """Whether a page in this folder belongs to the group."""
        if self.deep:
            return folder[: len(self.folder)] == self.folder
        return folder == self.folder


@dataclass(frozen=True)
class Part:
    """Groups Pagefind indexes in one run, into one bundle."""

    groups: tuple[Group, ...]

    @property
    def pages(self) -> int:
        """Indexed pages in the part."""
        return sum(g.pages for g in self.groups)

    def glob(self) -> str:
        """Pagefind's --glob for the whole part."""
        globs = [g.glob() for g in self.groups]
        return globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"

    def covers(self, page: Page) -> bool:
        """Whether Pagefind reads this page when it indexes the part."""
        return any(g.covers(page.folder) for g in self.groups)


def read_page(site: Path, path: Path) -> Page:
    """A page of the site with the digest of its bytes."""
    data = path.read_bytes()
    relative = path.relative_to(site)
    return Page(relative.parent.parts, relative.name, hashlib.sha256(data).digest(), BODY in data)


def plan(pages: Iterable[Page], limit: int) -> list[Part]:
    """The parts of a site: folders in name order, none with more than limit indexed pages
    unless a single folder holds more; the whole site as one part when it is small enough (or
    when a folder's name has a character Pagefind's glob would read as a pattern)."""
    folders = [p.folder for p in pages if p.indexed]
    if any(GLOB_SPECIAL.intersection(name) for folder in folders for name in folder):
        return [Part((Group((), True, len(folders)),))]  # no glob could name such a folder
    parts: list[list[Group]] = []
    for group in _split(folders, (), max(1, limit)):
        current = parts[-1] if parts else None
        if current is None or _full(current, group, limit):
            parts.append([group])
        else:
            current.append(group)
    return [Part(tuple(groups)) for groups in parts] or [Part((Group((), True, 0),))]


def part_digest(part: Part, pages: Iterable[Page], command: Iterable[str]) -> str:
    """A digest of what indexing a part reads: its glob, the command and its pages' bytes."""
    h = hashlib.sha256(repr((part.glob(), list(command))).encode())
    for page in sorted((p for p in pages if part.covers(p)), key=lambda p: (p.folder, p.name)):
        h.update("/".join((*page.folder, page.name)).encode() + b"\0" + page.digest)
    return h.hexdigest()


def _split(folders: list[tuple[str, ...]], prefix: tuple[str, ...], limit: int) -> list[Group]:
    depth = len(prefix)
    if len(folders) <= limit or all(len(f) == depth for f in folders):
        return [Group(prefix, True, len(folders))]
    own = sum(1 for f in folders if len(f) == depth)
    groups = [Group(prefix, False, own)] if own else []
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for folder in folders:
        if len(folder) > depth:
            children[folder[: depth + 1]].append(folder)
    for child in sorted(children):
        groups += _split(children[child], child, limit)
    return groups


def _full(groups: list[Group], group: Group, limit: int) -> bool:
    pages = sum(g.pages for g in groups) + group.pages
    glob = sum(len(g.glob().encode()) + 1 for g in groups) + len(group.glob().encode())
    return pages > limit or glob > MAX_GLOB
