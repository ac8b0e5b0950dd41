"""Readers' search in parts: the indexed pages split by folder into groups indexed one at a time.

Pagefind keeps everything it indexes in memory until it writes its bundle: about 800 bytes for
every distinct word of every page, 1.3 GB for a site of 20,000 articles. Split into parts of at
most DOSSIER_SEARCH_PART_PAGES indexed pages, each run holds one part, and a part whose pages
did not change keeps its bundle. The search page merges the parts (Pagefind's mergeIndex).

New texts land in the newest year's folder (artikler/2026/): on a site of RECENT_FROM indexed
pages or more, that folder is a part of its own, so the cron job's new article re-indexes one
year's pages, not the site's (5,600 pages: 1.6 s instead of 8-10 s). Each part costs a reader's
query a word chunk of its own (15-20 KB on the dossier's pages), so the other parts stay large.
Pure: pagefind.py scans the site and runs Pagefind.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BODY = b"data-pagefind-body"  # a page Pagefind indexes (once any page of a run has it)
MAX_GLOB = 96_000  # bytes: Linux takes at most 128 KiB in one command-line argument
GLOB_SPECIAL = frozenset("{}[]*?,!\\")  # characters with a meaning in Pagefind's --glob
RECENT_FROM = 2_000  # indexed pages; a smaller site is indexed whole in a few seconds
YEAR = re.compile(r"\d{4}")


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


def plan(pages: Iterable[Page], limit: int, recent_from: int | None = None) -> list[Part]:
    """The parts of a site: folders in name order, none with more than limit indexed pages
    unless a single folder holds more, and last the newest year's folder (recent_folder) alone
    when the site has recent_from (RECENT_FROM) indexed pages or more; the whole site as one
    part when it is small enough (or when a folder's name has a character Pagefind's glob would
    read as a pattern)."""
    folders = [p.folder for p in pages if p.indexed]
    if any(GLOB_SPECIAL.intersection(name) for folder in folders for name in folder):
        return [Part((Group((), True, len(folders)),))]  # no glob could name such a folder
    recent_from = RECENT_FROM if recent_from is None else recent_from
    recent = recent_folder(folders) if len(folders) >= recent_from else None
    if recent is not None:
        apart = [f for f in folders if f[: len(recent)] == recent]
        folders = [f for f in folders if f[: len(recent)] != recent]
    parts: list[list[Group]] = []
    for group in _split(folders, (), max(1, limit), recent or ()):
        current = parts[-1] if parts else None
        if current is None or _full(current, group, limit):
            parts.append([group])
        else:
            current.append(group)
    if recent is not None:
        parts.append([Group(recent, True, len(apart))])
    return [Part(tuple(groups)) for groups in parts] or [Part((Group((), True, 0),))]


def recent_folder(folders: Iterable[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The newest year's folder (a name of four digits) of the folder whose year folders hold
    the most pages: where new texts land. None when no folder is named by a year."""
    pages: dict[tuple[str, ...], int] = defaultdict(int)
    newest: dict[tuple[str, ...], str] = {}
    for folder in folders:
        for depth, name in enumerate(folder):
            if YEAR.fullmatch(name):
                parent = folder[:depth]
                pages[parent] += 1
                newest[parent] = max(newest.get(parent, name), name)
                break
    if not pages:
        return None
    parent = max(pages, key=lambda p: (pages[p], p))
    return (*parent, newest[parent])


def part_digest(part: Part, pages: Iterable[Page], command: Iterable[str]) -> str:
    """A digest of what indexing a part reads: its glob, the command and its pages' bytes."""
    h = hashlib.sha256(repr((part.glob(), list(command))).encode())
    for page in sorted((p for p in pages if part.covers(p)), key=lambda p: (p.folder, p.name)):
        h.update("/".join((*page.folder, page.name)).encode() + b"\0" + page.digest)
    return h.hexdigest()


def _split(
    folders: list[tuple[str, ...]], prefix: tuple[str, ...], limit: int, around: tuple[str, ...]
) -> list[Group]:
    """Groups of the folders under prefix, none above limit unless a folder is; split down to
    around's parent whatever their size, so that no group reaches into around (the recent part,
    whose folders are not among these)."""
    depth = len(prefix)
    if not folders:
        return []
    on_the_way = around[:depth] == prefix and len(around) > depth
    if all(len(f) == depth for f in folders):  # pages directly in prefix only
        return [Group(prefix, not on_the_way, len(folders))]
    if len(folders) <= limit and not on_the_way:
        return [Group(prefix, True, len(folders))]
    own = sum(1 for f in folders if len(f) == depth)
    groups = [Group(prefix, False, own)] if own else []
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for folder in folders:
        if len(folder) > depth:
            children[folder[: depth + 1]].append(folder)
    for child in sorted(children):
        groups += _split(children[child], child, limit, around)
    return groups


def _full(groups: list[Group], group: Group, limit: int) -> bool:
    pages = sum(g.pages for g in groups) + group.pages
    glob = sum(len(g.glob().encode()) + 1 for g in groups) + len(group.glob().encode())
    return pages > limit or glob > MAX_GLOB
