"""One problem in one content file, and the ids content files may refer to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .messages import _
from .names import Name


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
        # its folder resolved, not the file: a link to a file elsewhere is named where it is
        here = self.path.parent.resolve() / self.path.name
        if base is not None and here.is_relative_to(base.resolve()):
            path = here.relative_to(base.resolve())
        return f"{path}:{self.line}: {_('warning: ') if self.warning else ''}{self.message}"


@dataclass(frozen=True)
class Known:
    """Ids that content files may refer to."""

    people: frozenset[str]
    organisations: frozenset[str]
    sources: frozenset[str] | None  # None when there is no sources file to check against
    names: tuple[Name, ...] = ()  # titles and aliases: "mente du ...?"
