"""`invoke check`: validate every content file and report problems as path:line: message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import load_sources
from ..content import (
    EVENT_KINDS,
    KEYS_BY_KIND,
    KIND_FOLDERS,
    ORGANISATION_TYPES,
    PRECISION_VALUES,
    PUBLISH_VALUES,
    REQUIRED_BY_KIND,
    URL_KEYS,
    Field,
    is_http_url,
    kind_of,
    parse_date,
    parse_header,
    parse_roles,
    slugify,
    split_list,
)

DATE_KEYS = ("date", "end", "modified", "scraped")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?")
FILENAME_LINK = re.compile(r"(?:\]\(|href=[\"'])\{filename\}([^\s)\"'#?]+)")


@dataclass(frozen=True)
class Problem:
    """One problem in one content file."""

    path: Path
    line: int
    message: str
    blocking: bool = False  # Pelican cannot build the file (a local build leaves it out)

    def format(self, base: Path | None = None) -> str:
        """Render as `path:line: message`, the path relative to base when inside it."""
        path = self.path
        if base is not None and self.path.resolve().is_relative_to(base.resolve()):
            path = self.path.resolve().relative_to(base.resolve())
        return f"{path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Known:
    """Ids that content files may refer to."""

    people: frozenset[str]
    organisations: frozenset[str]
    sources: frozenset[str] | None  # None when there is no sources file to check against


def content_files(content: Path) -> list[Path]:
    """Every Markdown file under content/, skipping hidden and temporary files."""
    return sorted(
        path
        for path in content.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in path.relative_to(content).parts)
    )


def check_content(content: Path, sources: Path | None = None) -> list[Problem]:
    """Check every content file; return the problems in path and line order."""
    files = content_files(content)
    known = Known(
        people=frozenset(p.stem for p in (content / "people").glob("*.md")),
        organisations=frozenset(p.stem for p in (content / "organisations").glob("*.md")),
        sources=frozenset(load_sources(sources)) if sources and sources.exists() else None,
    )
    problems: list[Problem] = []
    slugs: dict[tuple[str, str], Path] = {}
    for path in files:
        relative = path.relative_to(content)
        kind = kind_of(relative)
        if kind is None:
            folders = ", ".join(KIND_FOLDERS)
            problems.append(Problem(path, 1, f"file is outside the content folders ({folders})"))
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1  # the line of the first bad byte
            problems.append(Problem(path, line, f"not UTF-8 text: {error.reason}"))
            continue
        fields, body_line = parse_header(text)
        stray = stray_line(text, fields, body_line)
        if stray:
            message = "not a 'Key: value' line: the metadata header ends here"
            problems.append(Problem(path, stray, message))
            fields = [*fields, *header_after(text, stray)]
        problems.extend(Problem(path, line, msg) for line, msg in check_file(kind, fields, known))
        problems.extend(
            Problem(path, line, msg) for line, msg in check_links(path, content, text, body_line)
        )
        values = {f.key: f.value for f in fields}
        problems.extend(check_slug(path, relative, kind, values, slugs))
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


def check_file(kind: str, fields: list[Field], known: Known) -> Iterator[tuple[int, str]]:
    """Problems in the metadata header of one file of the given kind."""
    if not fields:
        yield 1, "missing metadata header (Title: ... lines before the first blank line)"
        return
    seen: set[str] = set()
    for field in fields:
        if field.key not in KEYS_BY_KIND[kind]:
            yield field.line, f"unknown metadata key '{field.key.capitalize()}' for {kind}"
        elif field.key in seen:
            yield field.line, f"duplicate metadata key '{field.key.capitalize()}'"
        seen.add(field.key)
        for message in check_field(kind, field, known):
            yield line_of(field, message), message
    for key in REQUIRED_BY_KIND[kind]:
        if key not in seen:
            yield 1, f"missing {key.capitalize()}"
    values = {f.key: f for f in fields}
    if "date" in values and "end" in values:
        start, end = parse_date(values["date"].value), parse_date(values["end"].value)
        if start and end and end < start:
            yield values["end"].line, "End is before Date"


def line_of(field: Field, message: str) -> int:
    """The line of a multi-line field on which the value quoted in the message stands."""
    quoted = re.search(r"'([^']+)'", message)
    for offset, line in enumerate(field.value.splitlines()):
        if quoted and quoted.group(1) in line:
            return field.line + offset
    return field.line


def check_field(kind: str, field: Field, known: Known) -> Iterator[str]:
    """Problems in the value of one metadata field."""
    key, value = field.key, field.value
    if key in DATE_KEYS:
        yield from check_date(key, value)
    elif key in URL_KEYS:
        for url in split_list(value) if key != "original" else [value]:
            if not is_http_url(url):
                yield f"malformed URL '{url}' in {key.capitalize()}"
    elif key in ("people", "organisations", "unlink"):
        for item in split_list(value):
            yield from check_id(key, item, known)
    elif key == "source" and known.sources is not None and value not in known.sources:
        yield f"unknown source id '{value}' (not in the sources file)"
    elif key == "publish" and value.lower() not in PUBLISH_VALUES:
        yield f"Publish must be one of {', '.join(PUBLISH_VALUES)}, not '{value}'"
    elif key == "precision" and value.lower() not in PRECISION_VALUES:
        yield f"Precision must be one of {', '.join(PRECISION_VALUES)}, not '{value}'"
    elif key == "kind" and value.lower() not in EVENT_KINDS:
        yield f"Kind must be one of {', '.join(EVENT_KINDS)}, not '{value}'"
    elif key == "type" and value.lower() not in ORGANISATION_TYPES:
        yield f"Type must be one of {', '.join(ORGANISATION_TYPES)}, not '{value}'"
    elif key == "parent" and value not in known.organisations:
        yield f"unknown organisation id '{value}' in Parent"
    elif key == "roles":
        for role in parse_roles(value):
            if not role.title or not role.organisation:
                yield "a role needs 'title | organisation-id | from | to'"
            elif role.organisation not in known.organisations:
                yield f"unknown organisation id '{role.organisation}' in Roles"


def check_date(key: str, value: str) -> Iterator[str]:
    """A date must be ISO; a Danish date is reported with the ISO form to write."""
    if ISO_DATE.fullmatch(value.strip()) and parse_date(value):
        return
    parsed = parse_date(value)
    if parsed and not re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):
        iso = parsed.strftime("%Y-%m-%d %H:%M" if parsed.hour or parsed.minute else "%Y-%m-%d")
        yield f"{key.capitalize()} '{value}' is not ISO: write {iso}"
    else:
        yield f"cannot parse {key.capitalize()} '{value}' (write YYYY-MM-DD)"


def check_id(key: str, item: str, known: Known) -> Iterator[str]:
    """An id in People, Organisations or Unlink must name a registry file."""
    if key == "people" and item not in known.people:
        yield f"unknown person id '{item}' in People"
    elif key == "organisations" and item not in known.organisations:
        yield f"unknown organisation id '{item}' in Organisations"
    elif key == "unlink" and item not in known.people | known.organisations:
        yield f"unknown id '{item}' in Unlink"


def check_links(path: Path, content: Path, text: str, body_line: int) -> Iterator[tuple[int, str]]:
    """Every {filename} link must point at an existing content file (code blocks aside)."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or (number >= body_line and line.startswith(("    ", "\t"))):
            continue
        for match in FILENAME_LINK.finditer(line):
            target = match.group(1)
            base = content if target.startswith("/") else path.parent
            if not (base / target.lstrip("/")).is_file():
                yield number, f"broken link {{filename}}{target}"


def check_slug(
    path: Path, relative: Path, kind: str, values: dict[str, str], slugs: dict
) -> Iterator[Problem]:
    """Slugs are ASCII (ae, oe, aa) and unique among the pages they would share a URL with."""
    slug = values.get("slug") or path.stem
    if slug != slugify(slug):
        yield Problem(path, 1, f"'{slug}' is not a slug: use '{slugify(slug)}'")
    date = parse_date(values.get("date", "")) if kind in ("article", "event") else None
    key = (kind, f"{date.year if date else ''}/{slug}")
    if key in slugs:
        message = f"duplicate slug '{slug}' (also {slugs[key].as_posix()}); left out of the build"
        yield Problem(path, 1, message, blocking=True)
    else:
        slugs[key] = relative
