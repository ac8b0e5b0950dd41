"""The Internet Archive: find a page's closest 200 snapshot with the CDX API, fetch it raw (id_)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from .errors import BodyTooLarge, FetchError, RobotsDisallowed
from .fetch import Fetcher, Response

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One capture of a URL in the Wayback Machine."""

    timestamp: str  # yyyymmddhhmmss
    original: str
    status: str


def cdx_url(base: str, url: str) -> str:
    """The CDX API query for every capture of a URL (JSON rows, header row first)."""
    return f"{base}/cdx/search/cdx?url={quote(url, safe='')}&output=json"


def snapshot_url(base: str, snapshot: Snapshot) -> str:
    """The raw bytes of a capture, without the archive's toolbar or rewritten links."""
    return f"{base}/web/{snapshot.timestamp}id_/{snapshot.original}"


def parse_cdx(data: bytes) -> list[Snapshot]:
    """Captures from a CDX JSON answer; rows that do not fit are skipped, bad JSON gives []."""
    try:
        rows = json.loads(data.decode("utf-8") or "[]")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        log.warning("wayback: bad CDX answer: %s", error)
        return []
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], list):
        return []
    header = [str(name) for name in rows[0]]
    if not {"timestamp", "original", "statuscode"} <= set(header):
        return []
    position = {name: header.index(name) for name in ("timestamp", "original", "statuscode")}
    found = []
    for row in rows[1:]:
        if isinstance(row, list) and len(row) == len(header):
            values = {name: str(row[index]) for name, index in position.items()}
            if values["timestamp"].isdigit():
                found.append(
                    Snapshot(values["timestamp"], values["original"], values["statuscode"])
                )
    return found


def closest(snapshots: list[Snapshot], when: datetime | None = None) -> Snapshot | None:
    """The 200 capture closest to a moment (the newest when none is given)."""
    good = [s for s in snapshots if s.status == "200"]
    if not good:
        return None
    if when is None:
        return max(good, key=lambda s: s.timestamp)
    target = when.strftime("%Y%m%d%H%M%S")
    return min(good, key=lambda s: abs(int(s.timestamp.ljust(14, "0")) - int(target)))


def lookup(fetcher: Fetcher, base: str, url: str, when: datetime | None = None) -> str | None:
    """The address of a URL's closest 200 snapshot, or None (no capture, or the CDX API failed)."""
    try:
        answer = fetcher.get(cdx_url(base, url))
    except FetchError as error:
        log.warning("wayback: %s", error)
        return None
    snapshot = closest(parse_cdx(answer.content), when)
    if snapshot is None:
        log.info("wayback: no snapshot of %s", url)
        return None
    return snapshot_url(base, snapshot)


def recover(
    fetcher: Fetcher, base: str, url: str, when: datetime | None = None
) -> tuple[Response, str] | None:
    """A dead page from its closest snapshot: the response (under the real URL) and its address."""
    address = lookup(fetcher, base, url, when)
    if address is None:
        return None
    try:
        page = fetcher.get(address)
    except FetchError as error:
        log.warning("wayback: %s", error)
        return None
    return Response(url, 200, page.headers, page.content), address


def is_dead(error: FetchError) -> bool:
    """True for a page that is gone (404, 410) or cannot be reached; not for robots or size."""
    if isinstance(error, RobotsDisallowed | BodyTooLarge):
        return False
    return error.status in (404, 410) or error.status is None


def fetch_or_recover(fetcher: Fetcher, base: str | None, url: str) -> tuple[Response, str]:
    """A page, or the closest snapshot of a dead one with its address; raise when neither."""
    try:
        return fetcher.get(url), ""
    except FetchError as error:
        recovered = recover(fetcher, base, url) if base and is_dead(error) else None
        if recovered is None:
            raise
        return recovered
