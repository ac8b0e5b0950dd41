"""What every feed parser returns: the entries of a feed and the problems met reading it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Entry:
    """One feed item: its link, title, date (UTC, aware) and the HTML the feed carries."""

    url: str
    title: str
    published: datetime | None
    authors: tuple[str, ...]
    html: str


@dataclass(frozen=True)
class Feed:
    """The newest entries of a feed; error when nothing could be read, warnings when some was."""

    title: str
    entries: tuple[Entry, ...]
    error: str | None = None  # not a feed at all: the source failed
    warnings: tuple[str, ...] = ()  # read anyway: not well-formed, wrong charset, items salvaged


OLDEST = datetime.min.replace(tzinfo=UTC)  # where an entry without a date sorts


def iso_date(value: str) -> datetime | None:
    """An RFC 3339 (ISO 8601) date as an aware UTC datetime (naive dates are taken as UTC)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # not RFC 3339, or no UTC time (9999-12-31T23:59-23:59)
        return None


_URL_BREAKS = re.compile(r"[\t\r\n]")  # left out of a URL, as the URL standard says
# invisible characters around a URL (zero-width space, byte order mark, direction marks: what
# copying an address out of a CMS's editor leaves) and spaces: no address starts or ends so
_URL_ENDS = re.compile(
    r"^[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+|[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+$"
)


def written_url(value: str) -> str:
    """A URL as a browser reads what a feed wrote: tabs and line breaks left out, a space inside
    it as %20 ("https://a.dk/nyheder/ny sag" is the address of an article), and what is
    invisible around it (a zero-width space before "https:") left out."""
    return _URL_BREAKS.sub("", _URL_ENDS.sub("", value)).replace(" ", "%20")


def plain_value(value: object) -> str:
    """Plain text of a feed value that may hold HTML (feedparser unescapes titles); else ""."""
    if not isinstance(value, str):
        return ""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    return " ".join(BeautifulSoup(value, "html.parser").get_text(" ").split())
