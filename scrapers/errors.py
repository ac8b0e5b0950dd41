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


# What went wrong, machine-readable: source_status.error_kind and item_failures.error_kind in
# state/scrape.sqlite3 (README, "Scraping"); the /kilder/ page words each kind for readers.
UNREACHABLE = "unreachable"  # no connection: DNS, refused, reset, closed without an answer
TIMEOUT = "timeout"
NOT_FOUND = "not_found"  # HTTP 404
GONE = "gone"  # HTTP 410
SERVER_ERROR = "server_error"  # HTTP 5xx
HTTP_ERROR = "http_error"  # any other HTTP status that is not a success
MALFORMED = "malformed"  # the bytes are no feed we can read, or a site announces none
ROBOTS = "robots"  # robots.txt disallows us
OTHER = "other"
ERROR_KINDS = (
    UNREACHABLE, TIMEOUT, NOT_FOUND, GONE, SERVER_ERROR, HTTP_ERROR, MALFORMED, ROBOTS, OTHER,
)  # fmt: skip


def kind_of_status(status: int | None) -> str:
    """The error kind of an HTTP status that is not a success (OTHER without a status)."""
    if status is None:
        return OTHER
    if status == 404:
        return NOT_FOUND
    if status == 410:
        return GONE
    return SERVER_ERROR if status >= 500 else HTTP_ERROR


class FetchError(ScrapeError):
    """A URL could not be fetched (network failure, HTTP error, too large, not allowed)."""

    default_kind = OTHER

    def __init__(
        self, url: str, reason: str, status: int | None = None, kind: str | None = None
    ) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.kind = kind or (kind_of_status(status) if status else self.default_kind)
        super().__init__(f"{url}: {reason}")


class RobotsDisallowed(FetchError):
    """robots.txt of the host does not allow our user agent to fetch the URL."""

    default_kind = ROBOTS


class BodyTooLarge(FetchError):
    """The response body is larger than the configured limit."""


class AddressRefused(FetchError):
    """The URL's host is on an address the source may not lead to (loopback, private, ...)."""


class BudgetSpent(FetchError):
    """The source has used up its time budget for this run.

    Said as the source's problem, not the URL's: the time may have gone on earlier requests or
    on reading its feed, and the URL is only the one that was next."""

    default_kind = TIMEOUT

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        Exception.__init__(self, f"{reason} (the next request was {url})")
