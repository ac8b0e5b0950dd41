"""The registry's names: who is called what, names used twice, and "mente du ...?" suggestions.

Read straight from the headers of content/people/ and content/organisations/ (with line numbers,
so `invoke check` can point at the alias), for `invoke check`, `invoke new` and `invoke search`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content import parse_header, slugify, split_list

REGISTRY_FOLDERS = {"people": "person", "organisations": "organisation"}


@dataclass(frozen=True)
class Name:
    """A name (Title) or alias (Aliases) of one person or organisation, where it is written."""

    text: str
    kind: str  # person or organisation
    id: str
    path: Path  # relative to content/
    line: int


def name_key(text: str) -> str:
    """The form two names are compared in: case, spaces, hyphens and æ/ae spellings aside."""
    return slugify(text)


def registry_names(content: Path) -> list[Name]:
    """Every Title and alias of the registry files, in path order."""
    names: list[Name] = []
    for folder, kind in REGISTRY_FOLDERS.items():
        for path in sorted((content / folder).glob("*.md")):
            try:
                fields, _body = parse_header(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue  # invoke check reports the file itself
            relative = path.relative_to(content)
            for field in fields:
                if field.key == "title" and field.value.strip():
                    names.append(Name(field.value.strip(), kind, path.stem, relative, field.line))
                elif field.key == "aliases":
                    for offset, line in enumerate(field.value.splitlines()):
                        for alias in split_list(line):
                            names.append(
                                Name(alias, kind, path.stem, relative, field.line + offset)
                            )
    return names


def owners(names: Iterable[Name], text: str) -> list[Name]:
    """The names (of any entity) that are written like text."""
    key = name_key(text)
    return [name for name in names if name_key(name.text) == key]


def duplicate_names(names: list[Name]) -> list[tuple[Name, Name]]:
    """(name, the same name of another entity) for every name two entities use, both ways."""
    by_key: dict[str, list[Name]] = {}
    for name in names:
        by_key.setdefault(name_key(name.text), []).append(name)
    repeated = []
    for group in by_key.values():
        for name in group:
            other = next((o for o in group if (o.kind, o.id) != (name.kind, name.id)), None)
            if other is not None:
                repeated.append((name, other))
    return repeated


def suggestions(value: str, ids: Iterable[str], names: Iterable[Name] = ()) -> list[str]:
    """Ids an editor may have meant by value: its slug, the id of a name, close spellings."""
    ids = sorted(set(ids))
    slug = slugify(value)
    found = [slug] if slug in ids else []
    found += [name.id for name in owners(names, value) if name.id in ids]
    found += difflib.get_close_matches(slug, ids, n=3, cutoff=0.75)
    # words left out: egedal -> egedal-kommune, joergen-rasch -> joergen-kristensen-rasch
    words = set(slug.split("-"))
    found += [item for item in ids if words < set(item.split("-"))]
    return [item for item in dict.fromkeys(found) if item != value][:3]
