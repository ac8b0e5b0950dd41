"""The dossier's exceptions; tasks.py turns them into a one-line message and an exit code."""

from __future__ import annotations


class DossierError(Exception):
    """Base class of every error the dossier reports to the user."""


class ContentError(DossierError):
    """Content files have errors (invoke check lists them; so does problems)."""

    def __init__(self, message: str, problems: tuple = ()) -> None:
        super().__init__(message)
        self.problems = problems


class BuildError(DossierError):
    """The site could not be built."""
