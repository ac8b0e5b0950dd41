"""The checks of a file's body and across files: links, slugs, placeholders, names."""

from __future__ import annotations

import difflib
import posixpath
import re
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from ..content import (
    DRAFT_KINDS,
    SITE_FOLDERS,
    Field,
    parse_date,
    parse_header,
    slugify,
)
from .messages import _
from .names import Name, duplicate_names
from .new import PLACEHOLDERS, TEMPLATES
from .problem import Problem

# A {filename}, {static} or {attach} link where Markdown and Pelican read one: after a "]("
# whose bracket is not escaped ("\](" is text, as the scrapers write a source's brackets), or in
# the href or src of a raw HTML tag ("&lt;a href=" and a bare href= are text).
FILENAME_LINK = re.compile(
    r"(?:(?<!\\)(?:\\\\)*+\]\(|<[a-z][^<>]*?\s(?:href|src)\s*=\s*[\"'])"
    r"\{(filename|static|attach)\}([^\s)\"'#?]+)",
    re.I,
)


def check_links(
    path: Path,
    content: Path,
    text: str,
    body_line: int,
    files: Sequence[Path] = (),
    draft: bool = False,
) -> Iterator[tuple[int, str]]:
    """Every {filename}, {static} and {attach} link must point at an existing file inside the
    content folder (code blocks aside); a broken {filename} link is told the Markdown file among
    files it probably meant; a text that is no draft may not link to a draft."""
    if not any(f"{{{kind}}}" in text.lower() for kind in ("filename", "static", "attach")):
        return  # most texts have none: no line to read
    known: set[str] = set()  # the content files from the content folder, once a link is broken
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or (number >= body_line and line.startswith(("    ", "\t"))):
            continue
        for match in FILENAME_LINK.finditer(line):
            kind, target = match.group(1).lower(), match.group(2)
            base = content if target.startswith("/") else path.parent
            linked = base / target.lstrip("/").replace("%20", " ")
            if not linked.resolve().is_relative_to(content.resolve()):
                # Pelican would copy the file it leads to into the site; the build leaves it out
                message = _("link outside the content folder: {{{kind}}}{target}")
                yield number, message.format(kind=kind, target=target)
                continue
            if not linked.is_file():
                message = _("broken link {{{kind}}}{target}").format(kind=kind, target=target)
                known = known or {"/" + f.relative_to(content).as_posix() for f in files}
                folder = path.parent.relative_to(content).as_posix()
                meant = meant_file(target, folder, known) if kind == "filename" else None
                if meant:
                    message += _("; did you mean {ids}?").format(ids=f"'{{filename}}{meant}'")
                yield number, message
            elif kind == "filename" and not draft and is_draft(linked):
                # published, the link leads to /kladder/..., which the site does not have
                message = _(
                    "link to a draft: {{filename}}{target} is not published (Status: draft)"
                )
                yield number, message.format(target=target)


def is_draft(path: Path) -> bool:
    """Whether a content file is a draft (Status: draft)."""
    if path.suffix != ".md":
        return False
    return drafted(parse_header(path.read_text(encoding="utf-8", errors="replace"))[0])


def drafted(fields: list[Field]) -> bool:
    """Whether a header makes its file a draft (Status: draft)."""
    return any(f.key == "status" and f.value.strip().lower() == "draft" for f in fields)


def meant_file(target: str, folder: str, known: set[str]) -> str | None:
    """The file of known ("/people/x.md", from the content folder) a broken link to target,
    written in folder, probably meant: a link that lacks its leading "/", a name written with
    æ, ø, å, the same name in another folder, or a close spelling in the same folder."""
    wanted = PurePosixPath(posixpath.normpath(posixpath.join("/", folder, target)))
    rooted = PurePosixPath(posixpath.normpath(posixpath.join("/", target)))
    if not wanted.name or not rooted.name:  # a link to a folder ("{filename}/", "../"): no file
        return None
    slugged = _slugged(wanted)
    for candidate in (rooted, _slugged(rooted), slugged):
        if str(candidate) in known:
            return str(candidate)
    elsewhere = [k for k in known if PurePosixPath(k).name in (wanted.name, slugged.name)]
    if len(elsewhere) == 1:
        return elsewhere[0]
    beside = {PurePosixPath(k).stem: k for k in known if PurePosixPath(k).parent == wanted.parent}
    close = difflib.get_close_matches(slugged.stem, sorted(beside), n=1, cutoff=0.85)
    return beside[close[0]] if close else None


def _slugged(path: PurePosixPath) -> PurePosixPath:
    """The path with its file name as a slug ("jørgen.md" -> "joergen.md"), if one is left."""
    stem = slugify(path.stem)
    return path.with_name(stem + path.suffix) if stem else path


def check_slug(
    path: Path, kind: str, values: dict[str, str], lines: dict[str, int], slugs: dict
) -> Iterator[Problem]:
    """Slugs are ASCII (ae, oe, aa); collects the URL each file would get, with the line that
    gives it (Slug:, else the first), for duplicates."""
    slug = values.get("slug") or path.stem
    line = lines.get("slug", 1) if values.get("slug") else 1
    page = kind == "page"  # at /<slug>/: a page's address can overwrite any other page
    if slug != slugify(slug):
        message = _("'{slug}' is not a slug: use '{suggestion}'")
        yield Problem(path, line, message.format(slug=slug, suggestion=slugify(slug)), page)
    elif page and slug in SITE_FOLDERS:
        message = _("/{slug}/ is the address of the site's own pages: give this page another Slug:")
        yield Problem(path, line, message.format(slug=slug), blocking=True)
    date = parse_date(values.get("date", "")) if kind in ("article", "event") else None
    slugs.setdefault((kind, f"{date.year if date else ''}/{slug}"), []).append((path, line))


EVENT_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-")


def check_event_name(
    path: Path, kind: str, values: dict[str, str], lines: dict[str, int]
) -> Iterator[Problem]:
    """An event's file name begins with its date (events/<yyyy>-<mm>-<dd>-<slug>.md), which is
    in its URL: a file name whose date is not Date's is a warning (renaming changes the URL)."""
    named = EVENT_NAME.match(path.name) if kind == "event" else None
    date = parse_date(values.get("date", "")) if named else None
    iso = f"{date.year:04d}-{date.month:02d}-{date.day:02d}" if date else ""  # year 1: 0001
    if named and date and named.group(1) != iso:
        message = _("the file name's date {named} is not Date {date}: rename the file to {name}")
        name = f"{iso}-{path.name[len(named.group(0)) :]}"
        text = message.format(named=named.group(1), date=iso, name=name)
        yield Problem(path, lines.get("date", 1), text, warning=True)


def check_placeholders(text: str, values: dict[str, str], kind: str) -> Iterator[tuple[int, str]]:
    """Text `invoke new` wrote as a placeholder may not be published (a note's or event's
    draft may keep it; a person or organisation has no drafts)."""
    drafts = kind in DRAFT_KINDS
    if kind not in TEMPLATES or (drafts and values.get("status", "").strip().lower() == "draft"):
        return  # only the kinds `invoke new` writes: an article's text is the source's
    if drafts:
        message = _(
            "placeholder text from invoke new: '{text}'; write your own text, "
            "or keep Status: draft until it is done"
        )
    else:
        message = _("placeholder text from invoke new: '{text}'; write your own text")
    for number, line in enumerate(text.splitlines(), start=1):
        for placeholder in PLACEHOLDERS:
            if placeholder in line:
                yield number, message.format(text=placeholder)


def first_published(path: Path) -> float:
    """When a file got its URL: the commit that added it (git), else its modification time."""
    try:
        done = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%at", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    stamps = done.stdout.split() if done is not None and done.returncode == 0 else []
    return float(stamps[-1]) if stamps else path.stat().st_mtime


def check_duplicate_slugs(content: Path, slugs: dict) -> Iterator[Problem]:
    """Of files sharing a URL, the one that had it first keeps it; the others are told to move."""
    for (_kind, url), places in slugs.items():
        if len(places) < 2:
            continue
        line_of = dict(places)
        owner, *newcomers = sorted(line_of, key=lambda path: (first_published(path), str(path)))
        slug = url.rsplit("/", 1)[-1]
        for path in newcomers:
            message = _(
                "duplicate slug '{slug}': {owner} has this address already; give this file "
                "another Slug: (e.g. {suggestion}); left out of the build"
            )
            owner_name = owner.relative_to(content).as_posix()
            yield Problem(
                path,
                line_of[path],
                message.format(slug=slug, owner=owner_name, suggestion=f"{slug}-2"),
                blocking=True,
            )


def check_parent_circles(parents: dict[str, tuple[Path, int, str]]) -> Iterator[Problem]:
    """An organisation may not be its own parent, nor its parent's parent and so on (id ->
    the file, the line of its Parent and the parent's id)."""
    for start, (path, line, parent) in sorted(parents.items()):
        chain, current = [start], parent
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current][2]
        if current == start:
            message = _("Parent makes a circle: {chain}; one of them has no parent")
            yield Problem(path, line, message.format(chain=" → ".join([*chain, start])))


def check_duplicate_names(content: Path, names: tuple[Name, ...]) -> Iterator[Problem]:
    """A name or alias may belong to one person or organisation only (mentions need to know)."""
    for name, other in duplicate_names(list(names)):
        message = _(
            "the name '{name}' is also a name of {other}; remove it from one of the two files"
        )
        text = message.format(name=name.text, other=other.path.as_posix())
        yield Problem(content / name.path, name.line, text)
