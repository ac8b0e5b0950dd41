"""The scrapers' exception hierarchy: library code raises these, tasks.py turns them into exits."""

from __future__ import annotations

from pathlib import Path


class ScrapeError(Exception):
    """Base class of every error the scrapers raise on purpose."""


class SourcesError(ScrapeError):
    """The sources file is invalid; the message names the file and the line."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


class FetchError(ScrapeError):
    """A URL could not be fetched (network failure, HTTP error, too large, not allowed)."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class RobotsDisallowed(FetchError):
    """robots.txt of the host does not allow our user agent to fetch the URL."""


class BodyTooLarge(FetchError):
    """The response body is larger than the configured limit."""


class AddressRefused(FetchError):
    """The URL's host is on an address the source may not lead to (loopback, private, ...)."""


class BudgetSpent(FetchError):
    """The source has used up its time budget for this run."""
