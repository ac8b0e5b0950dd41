"""The registry of people and organisations, read from content/people and content/organisations."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from ..content import CONTROL_CHARACTERS, Role, parse_roles, split_file, split_list
from .evidence import ACRONYMS_FILE, load_acronyms

log = logging.getLogger(__name__)

_YES = frozenset({"ja", "yes", "true", "1"})


@dataclass(frozen=True)
class Person:
    """A person of the registry; id is the file's slug."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    bio: str = ""
    summary: str = ""
    discovered: bool = False


@dataclass(frozen=True)
class Organisation:
    """An organisation of the registry; id is the file's slug, parent another organisation's id."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""
    parent: str = ""
    bio: str = ""
    summary: str = ""
    discovered: bool = False


@dataclass(frozen=True)
class Registry:
    """All known people and organisations, in id order."""

    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    acronyms: frozenset[str] = frozenset()  # editors' organisation acronyms (content/acronyms.txt)

    def person(self, person_id: str) -> Person | None:
        """The person with this id, or None."""
        return self._index[0].get(person_id)

    def organisation(self, organisation_id: str) -> Organisation | None:
        """The organisation with this id, or None."""
        return self._index[1].get(organisation_id)

    @cached_property
    def _index(self) -> tuple[dict[str, Person], dict[str, Organisation]]:
        return {p.id: p for p in self.people}, {o.id: o for o in self.organisations}


def registry_from_records(
    people: Iterable[Person] = (), organisations: Iterable[Organisation] = ()
) -> Registry:
    """Build a registry from records (tests, or a plugin that already read the files)."""
    return Registry(
        tuple(sorted(people, key=lambda p: p.id)),
        tuple(sorted(organisations, key=lambda o: o.id)),
    )


def _read(path: Path) -> tuple[dict[str, str], str] | None:
    """Header fields and body of a registry file, or None (logged) when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        log.warning("cannot read %s: %s", path, error)
        return None
    if CONTROL_CHARACTERS.search(text):  # names go into XML feeds
        log.warning("%s: control characters removed", path)
        text = CONTROL_CHARACTERS.sub("", text)
    fields, body = split_file(text)
    meta = {f.key: f.value for f in fields}
    if not meta.get("title", "").strip():
        log.warning("%s has no Title; skipped", path)
        return None
    return meta, body.strip()


def load_person(path: Path) -> Person | None:
    """Read one people/<id>.md file (None when it is unusable)."""
    read = _read(path)
    if read is None:
        return None
    meta, body = read
    return Person(
        id=path.stem,
        name=meta["title"].strip(),
        aliases=tuple(split_list(meta.get("aliases", ""))),
        roles=tuple(r for r in parse_roles(meta.get("roles", "")) if r.title or r.organisation),
        bio=body,
        summary=meta.get("summary", "").strip(),
        discovered=meta.get("discovered", "").strip().lower() in _YES,
    )


def load_organisation(path: Path) -> Organisation | None:
    """Read one organisations/<id>.md file (None when it is unusable)."""
    read = _read(path)
    if read is None:
        return None
    meta, body = read
    return Organisation(
        id=path.stem,
        name=meta["title"].strip(),
        aliases=tuple(split_list(meta.get("aliases", ""))),
        type=meta.get("type", "").strip().lower(),
        parent=meta.get("parent", "").strip(),
        bio=body,
        summary=meta.get("summary", "").strip(),
        discovered=meta.get("discovered", "").strip().lower() in _YES,
    )


def load_registry(content_dir: Path) -> Registry:
    """Read content/people/*.md and content/organisations/*.md; bad files are logged and skipped."""
    people = [load_person(p) for p in sorted((content_dir / "people").glob("*.md"))]
    orgs = [load_organisation(p) for p in sorted((content_dir / "organisations").glob("*.md"))]
    registry = registry_from_records(
        (p for p in people if p is not None), (o for o in orgs if o is not None)
    )
    try:
        acronyms = load_acronyms(content_dir)
    except (OSError, UnicodeDecodeError) as error:
        log.warning("cannot read %s: %s", content_dir / ACRONYMS_FILE, error)
        acronyms = frozenset()
    return replace(registry, acronyms=acronyms)
