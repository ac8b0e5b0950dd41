"""`invoke check`: validate every content file and report problems as path:line: message."""

from __future__ import annotations

import re
import subprocess
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
    choice,
    is_http_url,
    kind_of,
    parse_date,
    parse_header,
    parse_roles,
    slugify,
    split_list,
)
from .messages import _
from .names import Name, duplicate_names, registry_names, suggestions
from .new import PLACEHOLDERS

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
    warning: bool = False  # reported, but neither `invoke check` nor a publish fails on it

    def format(self, base: Path | None = None) -> str:
        """Render as `path:line: message`, the path relative to base when inside it."""
        path = self.path
        if base is not None and self.path.resolve().is_relative_to(base.resolve()):
            path = self.path.resolve().relative_to(base.resolve())
        return f"{path}:{self.line}: {_('warning: ') if self.warning else ''}{self.message}"


@dataclass(frozen=True)
class Known:
    """Ids that content files may refer to."""

    people: frozenset[str]
    organisations: frozenset[str]
    sources: frozenset[str] | None  # None when there is no sources file to check against
    names: tuple[Name, ...] = ()  # titles and aliases: "mente du ...?"


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
        names=tuple(registry_names(content)),
    )
    problems: list[Problem] = []
    slugs: dict[tuple[str, str], list[Path]] = {}
    for path in files:
        relative = path.relative_to(content)
        kind = kind_of(relative)
        if kind is None:
            folders = ", ".join(KIND_FOLDERS)
            message = _("file is outside the content folders ({folders})").format(folders=folders)
            problems.append(Problem(path, 1, message, blocking=True))
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1  # the line of the first bad byte
            message = _("not UTF-8 text: {reason}").format(reason=error.reason)
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
        problems.extend(
            Problem(path, line, msg) for line, msg in check_links(path, content, text, body_line)
        )
        values = {f.key: f.value for f in fields}
        problems.extend(check_slug(path, relative, kind, values, slugs))
        problems.extend(Problem(path, line, msg) for line, msg in check_placeholders(text, values))
    problems.extend(check_duplicate_slugs(content, slugs))
    problems.extend(check_duplicate_names(content, known.names))
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
        yield 1, _("missing metadata header (Title: ... lines before the first blank line)")
        return
    seen: set[str] = set()
    for field in fields:
        if field.key not in KEYS_BY_KIND[kind]:
            message = _("unknown metadata key '{key}' for {kind}")
            yield field.line, message.format(key=field.key.capitalize(), kind=kind)
        elif field.key in seen:
            message = _("duplicate metadata key '{key}'")
            yield field.line, message.format(key=field.key.capitalize())
        seen.add(field.key)
        for message in check_field(kind, field, known):
            yield line_of(field, message), message
    for key in REQUIRED_BY_KIND[kind]:
        if key not in seen:
            yield 1, _("missing {key}").format(key=key.capitalize())
    values = {f.key: f for f in fields}
    if "date" in values and "end" in values:
        start, end = parse_date(values["date"].value), parse_date(values["end"].value)
        if start and end and end < start:
            yield values["end"].line, _("End is before Date")


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
                yield _("malformed URL '{url}' in {key}").format(url=url, key=key.capitalize())
    elif key in ("people", "organisations", "unlink"):
        for item in split_list(value):
            yield from check_id(key, item, known)
    elif key == "publish" and value.lower() not in PUBLISH_VALUES:
        yield one_of("Publish", PUBLISH_VALUES, value)
    elif key == "precision" and value.lower() not in PRECISION_VALUES:
        yield one_of("Precision", PRECISION_VALUES, value)
    elif key == "kind" and choice(value) not in EVENT_KINDS:
        yield one_of("Kind", EVENT_KINDS, value)
    elif key == "type" and choice(value) not in ORGANISATION_TYPES:
        yield one_of("Type", ORGANISATION_TYPES, value)
    elif key == "parent" and value not in known.organisations:
        message = _("unknown organisation id '{id}' in {key}").format(id=value, key="Parent")
        yield message + did_you_mean(value, known.organisations, known)
    elif key == "roles":
        for role in parse_roles(value):
            if not role.title or not role.organisation:
                yield _("a role needs 'title | organisation-id | from | to'")
            elif role.organisation not in known.organisations:
                message = _("unknown organisation id '{id}' in {key}")
                yield message.format(id=role.organisation, key="Roles") + did_you_mean(
                    role.organisation, known.organisations, known
                )


def check_source(path: Path, fields: list[Field], known: Known) -> Iterator[Problem]:
    """An unknown source id is only a warning: a source removed from the file keeps its articles."""
    for field in fields:
        if field.key == "source" and known.sources is not None and field.value not in known.sources:
            ids = ", ".join(sorted(known.sources)) or "-"
            message = _("unknown source id '{id}' (not in the sources file; it knows {ids})")
            message = message.format(id=field.value, ids=ids)
            yield Problem(path, field.line, message, warning=True)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are not warnings: they fail `invoke check` and stop a publish."""
    return [problem for problem in problems if not problem.warning]


def check_date(key: str, value: str) -> Iterator[str]:
    """A date must be ISO; a Danish date is reported with the ISO form to write."""
    if ISO_DATE.fullmatch(value.strip()) and parse_date(value):
        return
    parsed = parse_date(value)
    if parsed and not re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):
        iso = parsed.strftime("%Y-%m-%d %H:%M" if parsed.hour or parsed.minute else "%Y-%m-%d")
        yield _("{key} '{value}' is not ISO: write {iso}").format(
            key=key.capitalize(), value=value, iso=iso
        )
    else:
        message = _("cannot parse {key} '{value}' (write YYYY-MM-DD)")
        yield message.format(key=key.capitalize(), value=value)


def check_id(key: str, item: str, known: Known) -> Iterator[str]:
    """An id in People, Organisations or Unlink must name a registry file."""
    if key == "people" and item not in known.people:
        message = _("unknown person id '{id}' in {key}").format(id=item, key="People")
        yield message + did_you_mean(item, known.people, known)
    elif key == "organisations" and item not in known.organisations:
        message = _("unknown organisation id '{id}' in {key}").format(id=item, key="Organisations")
        yield message + did_you_mean(item, known.organisations, known)
    elif key == "unlink" and item not in known.people | known.organisations:
        message = _("unknown id '{id}' in Unlink").format(id=item)
        yield message + did_you_mean(item, known.people | known.organisations, known)


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
                yield number, _("broken link {{filename}}{target}").format(target=target)


def check_slug(
    path: Path, relative: Path, kind: str, values: dict[str, str], slugs: dict
) -> Iterator[Problem]:
    """Slugs are ASCII (ae, oe, aa); collects the URL each file would get (for duplicates)."""
    slug = values.get("slug") or path.stem
    if slug != slugify(slug):
        message = _("'{slug}' is not a slug: use '{suggestion}'")
        yield Problem(path, 1, message.format(slug=slug, suggestion=slugify(slug)))
    date = parse_date(values.get("date", "")) if kind in ("article", "event") else None
    slugs.setdefault((kind, f"{date.year if date else ''}/{slug}"), []).append(path)


def one_of(key: str, allowed: tuple[str, ...], value: str) -> str:
    """The message for a value outside its list (Kind, Type, Publish, Precision)."""
    message = _("{key} must be one of {allowed}, not '{value}'")
    return message.format(key=key, allowed=", ".join(allowed), value=value)


def did_you_mean(value: str, ids: frozenset[str], known: Known) -> str:
    """The suffix "; mente du 'x'?" for an unknown id with close ids or names, else nothing."""
    found = suggestions(value, ids, known.names)
    if not found:
        return ""
    listed = _(" or ").join(f"'{item}'" for item in found)
    return _("; did you mean {ids}?").format(ids=listed)


def check_placeholders(text: str, values: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Text `invoke new` wrote as a placeholder may not be published (a draft may keep it)."""
    if values.get("status", "").strip().lower() == "draft":
        return
    for number, line in enumerate(text.splitlines(), start=1):
        for placeholder in PLACEHOLDERS:
            if placeholder in line:
                message = _(
                    "placeholder text from invoke new: '{text}'; write your own text, "
                    "or keep Status: draft until it is done"
                )
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
    for (_kind, url), paths in slugs.items():
        if len(paths) < 2:
            continue
        owner, *newcomers = sorted(paths, key=lambda path: (first_published(path), str(path)))
        slug = url.rsplit("/", 1)[-1]
        for path in newcomers:
            message = _(
                "duplicate slug '{slug}': {owner} has this address already; give this file "
                "another Slug: (e.g. {suggestion}); left out of the build"
            )
            owner_name = owner.relative_to(content).as_posix()
            yield Problem(
                path,
                1,
                message.format(slug=slug, owner=owner_name, suggestion=f"{slug}-2"),
                blocking=True,
            )


def check_duplicate_names(content: Path, names: tuple[Name, ...]) -> Iterator[Problem]:
    """A name or alias may belong to one person or organisation only (mentions need to know)."""
    for name, other in duplicate_names(list(names)):
        message = _(
            "the name '{name}' is also a name of {other}; remove it from one of the two files"
        )
        text = message.format(name=name.text, other=other.path.as_posix())
        yield Problem(content / name.path, name.line, text)


def pelican_can_build(kind: str, fields: list[Field]) -> bool:
    """False when the build skips the file: no Title, or a dated kind without a readable Date."""
    values = {f.key: f.value for f in fields}
    if not values.get("title", "").strip():
        return False
    if kind not in ("article", "note", "event"):
        return True
    return parse_date(values.get("date", "")) is not None
