"""`invoke check`: validate every content file and report problems as path:line: message."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..config import load_sources
from ..content import (
    KIND_FOLDERS,
    Field,
    kind_of,
    parse_header,
)
from .fields import check_file, check_future, check_source, check_unlinked, pelican_can_build
from .files import (
    check_duplicate_names,
    check_duplicate_slugs,
    check_event_name,
    check_links,
    check_parent_circles,
    check_placeholders,
    check_slug,
    drafted,
)
from .messages import _
from .names import registry_names
from .problem import Known, Problem


def content_files(content: Path, odd: Iterable[Path] | None = None) -> list[Path]:
    """Every Markdown file under content/, skipping hidden and temporary files and what is no
    file to read (odd: odd_entries' paths, looked up when not given)."""
    odd = {path for path, _ in odd_entries(content)} if odd is None else set(odd)
    return sorted(
        path
        for path in content.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in path.relative_to(content).parts)
        and path.is_file()
        and path not in odd
    )


def odd_entries(content: Path) -> list[tuple[Path, str]]:
    """What under content/ is no Markdown file to read, with why: a link to a folder (read
    twice, or in a loop), a .md link to nothing or out of content/, a pipe or device named .md
    (reading it would wait forever). The build leaves them all out (build.left_out)."""
    found = []
    top = content.resolve()
    for folder, dirs, files in os.walk(content):
        here = Path(folder)
        dirs[:] = [name for name in dirs if not name.startswith((".", "_"))]  # .git, _drafts
        for name in sorted(dirs):
            if (here / name).is_symlink():
                found.append(
                    (
                        here / name,
                        _("a link to a folder: left out (put the files themselves in content/)"),
                    )
                )
        for name in sorted(files):
            path = here / name
            if not name.endswith(".md") or name.startswith((".", "_")):
                continue
            if not path.exists():
                found.append((path, _("a link to a file that does not exist: left out")))
            elif path.is_symlink() and not path.resolve().is_relative_to(top):
                found.append((path, _("a link to a file outside the content folder: left out")))
            elif not path.is_file():
                found.append((path, _("not a file that can be read (a pipe or device): left out")))
    return found


def check_content(
    content: Path, sources: Path | None = None, today: date | None = None
) -> list[Problem]:
    """Check every content file; return the problems in path and line order (today: the day
    a text's date may not be after, this machine's by default)."""
    today = today or date.today()
    odd = odd_entries(content)
    files = content_files(content, [path for path, _ in odd])
    known = Known(
        people=frozenset(p.stem for p in (content / "people").glob("*.md")),
        organisations=frozenset(p.stem for p in (content / "organisations").glob("*.md")),
        sources=frozenset(load_sources(sources)) if sources and sources.exists() else None,
        names=tuple(registry_names(content)),
    )
    problems = [Problem(path, 1, message, blocking=True) for path, message in odd]
    slugs: dict[tuple[str, str], list[Path]] = {}
    parents: dict[str, tuple[Path, int, str]] = {}  # organisation id -> its Parent's line, id
    for path in files:
        relative = path.relative_to(content)
        kind = kind_of(relative)
        if kind is None:
            folders = ", ".join(KIND_FOLDERS)
            message = _("file is outside the content folders ({folders})").format(folders=folders)
            problems.append(Problem(path, 1, message, blocking=True))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:  # no permission, a disk error
            message = _("cannot be read ({reason}): left out").format(reason=error.strerror)
            problems.append(Problem(path, 1, message, blocking=True))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1  # the line of the first bad byte
            column = error.start - data.rfind(b"\n", 0, error.start)  # 1-based, in bytes
            message = _(
                "not UTF-8 text (byte 0x{byte:02x} at position {column} of the line): save"
                " the file as UTF-8"
            ).format(byte=data[error.start], column=column)
            problems.append(Problem(path, line, message, blocking=True))
            continue
        fields, body_line = parse_header(text)
        stray = stray_line(text, fields, body_line)
        if stray:
            message = _("not a 'Key: value' line: the metadata header ends here")
            problems.append(Problem(path, stray, message))
            fields = [*fields, *header_after(text, stray)]
        skipped = not pelican_can_build(kind, fields)  # the preview lists the file as missing
        problems.extend(
            Problem(path, line, msg, skipped) for line, msg in check_file(kind, fields, known)
        )
        problems.extend(check_source(path, fields, known))
        problems.extend(check_future(path, kind, fields, today))
        problems.extend(check_unlinked(path, fields))
        problems.extend(
            Problem(path, line, msg)
            for line, msg in check_links(path, content, text, body_line, files, drafted(fields))
        )
        values = {f.key: f.value for f in fields}
        lines = {f.key: f.line for f in reversed(fields)}  # a key given twice: its first line
        problems.extend(check_slug(path, kind, values, lines, slugs))
        if kind == "organisation" and values.get("parent", "").strip():
            parents[path.stem] = (path, lines["parent"], values["parent"].strip())
        problems.extend(check_event_name(path, kind, values, lines))
        placeholders = check_placeholders(text, values, kind)
        problems.extend(Problem(path, line, msg) for line, msg in placeholders)
    problems.extend(check_duplicate_slugs(content, slugs))
    problems.extend(check_duplicate_names(content, known.names))
    problems.extend(check_parent_circles(parents))
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def stray_line(text: str, fields: list[Field], body_line: int) -> int | None:
    """The line that ended a header without a blank line (Pelican reads the rest as body)."""
    lines = text.splitlines()
    if not fields or body_line < 2 or body_line > len(lines):
        return None
    ended_by_blank = not lines[body_line - 2].strip()
    return None if ended_by_blank or not lines[body_line - 1].strip() else body_line


def header_after(text: str, stray: int) -> list[Field]:
    """The metadata lines after a stray line, so they are checked and not reported missing."""
    rest, _ = parse_header("\n".join(text.splitlines()[stray:]))
    return [Field(field.key, field.value, field.line + stray) for field in rest]


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are not warnings: they fail `invoke check` and stop a publish."""
    return [problem for problem in problems if not problem.warning]
