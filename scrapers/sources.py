"""Read and validate the sources file (TOML): the topic query, fetch settings and the sources."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dossier.content import is_http_url, slugify

from .errors import SourcesError
from .sanitize import Limits

KINDS = ("feed", "site", "page")
PUBLISH_VALUES = ("excerpt", "full")
FETCH_KEYS = {
    "delay": float,
    "connect_timeout": float,
    "timeout": float,
    "source_budget": float,
    "max_bytes": int,
    "max_redirects": int,
}
# [fetch] keys of the change tracking (scrapers/changes.py), not of the fetcher itself.
RECHECK_KEYS = {"recheck_days": int, "recheck_budget": int, "recheck_hours": int}
# [fetch] keys of how much of an article is stored (scrapers/sanitize.py Limits), at least 1.
STORE_KEYS = {"max_text": int, "max_authors": int, "max_author_length": int, "max_copies": int}
# [fetch] keys of seconds a request or a source may take: 0 would fail every request
POSITIVE_KEYS = {"connect_timeout", "timeout", "source_budget"}
HISTORY_KEYS = ("archive", "sitemap", "urls")
WAYBACK = "https://web.archive.org"


@dataclass(frozen=True)
class Source:
    """One source to follow: how to find its items and how to publish them."""

    id: str
    name: str
    kind: str  # feed, site or page
    url: str
    publish: str = "excerpt"
    selector: str | None = None
    max_items: int = 50
    retired: bool = False  # still known (its articles stay published) but no longer scraped
    archive: tuple[str, ...] = ()  # history: listing, tag or search pages (paginated)
    sitemap: tuple[str, ...] = ()  # history: XML sitemaps, indexes, gzipped, news sitemaps
    urls: tuple[str, ...] = ()  # history: single articles
    wayback: bool = False  # use Wayback snapshots for the archive pages too
    hosts: tuple[str, ...] = ()  # other hosts of the same outlet, trusted in canonical links


@dataclass(frozen=True)
class SourcesFile:
    """The parsed sources file."""

    path: Path
    query: str
    sources: tuple[Source, ...]
    fetch: dict[str, float]
    recheck_days: int = 30  # articles younger than this are re-checked for changes
    recheck_budget: int = 50  # at most this many re-checks per run
    recheck_hours: int = 6  # an article is re-checked at most once in this many hours
    wayback: str = WAYBACK  # [backfill] wayback: base URL of the Wayback Machine
    limits: Limits = Limits()  # how much of an article is stored


def load_sources(path: Path) -> SourcesFile:
    """Parse and validate a sources file; raise SourcesError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(path, 0, f"cannot read the sources file: {error}") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise SourcesError(
            path, int(match.group(1)) if match else 1, f"invalid TOML: {error}"
        ) from error
    lines = text.splitlines()
    topic = data.get("topic")
    if not isinstance(topic, dict) or not str(topic.get("query", "")).strip():
        raise SourcesError(path, _table_line(lines, "topic", 0), "[topic] needs a query")
    fetch = data.get("fetch", {})
    if not isinstance(fetch, dict):
        raise SourcesError(path, _table_line(lines, "fetch", 0), "[fetch] must be a table")
    for key, value in fetch.items():
        problem = _fetch_problem(key, value)
        if problem:
            raise SourcesError(path, _key_line(lines, "fetch", 0, key), problem)
    wayback = _read_backfill(path, lines, data.get("backfill", {}))
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise SourcesError(path, 1, "no [[source]] tables")
    sources: list[Source] = []
    for index, raw in enumerate(raw_sources):
        source = _read_source(path, lines, index, raw)
        if any(other.id == source.id for other in sources):
            line = _key_line(lines, "source", index, "id")
            raise SourcesError(path, line, f"duplicate source id {source.id!r}")
        sources.append(source)
    fetch_settings = {
        key: FETCH_KEYS[key](value) for key, value in fetch.items() if key in FETCH_KEYS
    }
    recheck = {key: int(value) for key, value in fetch.items() if key in RECHECK_KEYS}
    limits = Limits(**{key: int(value) for key, value in fetch.items() if key in STORE_KEYS})
    query = str(topic["query"])
    return SourcesFile(
        path, query, tuple(sources), fetch_settings, **recheck, wayback=wayback, limits=limits
    )


def _fetch_problem(key: str, value: object) -> str:
    """What is wrong with one [fetch] key and its value ("" when nothing is)."""
    types = {**FETCH_KEYS, **RECHECK_KEYS, **STORE_KEYS}
    if key not in types:
        return f"bad fetch key {key}: unknown (the keys are {', '.join(sorted(types))})"
    if isinstance(value, float) and not math.isfinite(value):
        return f"bad fetch key {key}: {value!r} is not a finite number"
    whole = types[key] is int
    number = not isinstance(value, bool) and isinstance(value, int if whole else int | float)
    if number and key in POSITIVE_KEYS and value <= 0:
        return f"bad fetch key {key}: {value!r} is not a number of seconds more than 0"
    least = 1 if key in STORE_KEYS else 0
    if not number or value < least:
        kind = "a whole number" if whole else "a number"
        return f"bad fetch key {key}: {value!r} is not {kind} of at least {least}"
    return ""


def _read_backfill(path: Path, lines: list[str], table: object) -> str:
    """The [backfill] table: the Wayback Machine's base URL (tests point it at 127.0.0.1)."""
    if not isinstance(table, dict):
        raise SourcesError(path, _table_line(lines, "backfill", 0), "[backfill] must be a table")
    for key in table:
        if key != "wayback":
            raise SourcesError(
                path, _key_line(lines, "backfill", 0, key), f"bad backfill key {key}"
            )
    wayback = table.get("wayback", WAYBACK)
    if not isinstance(wayback, str) or not is_http_url(wayback):
        line = _key_line(lines, "backfill", 0, "wayback")
        raise SourcesError(path, line, f"[backfill] wayback is not an http(s) URL: {wayback!r}")
    return wayback.rstrip("/")


def _read_source(path: Path, lines: list[str], index: int, raw: dict) -> Source:
    def fail(key: str | None, message: str) -> SourcesError:
        line = _key_line(lines, "source", index, key or "id") if key else 0
        line = line or _table_line(lines, "source", index)
        return SourcesError(path, line, message)

    source_id = raw.get("id")
    if not isinstance(source_id, str) or not source_id:
        raise fail(None, "source without id")
    if slugify(source_id) != source_id:
        raise fail("id", f"source id {source_id!r} is not a slug (try {slugify(source_id)!r})")
    kinds = [kind for kind in KINDS if kind in raw]
    if len(kinds) != 1:
        raise fail(None, f"source {source_id!r} needs exactly one of feed, site or page")
    url = raw[kinds[0]]
    if not isinstance(url, str) or not is_http_url(url):
        raise fail(kinds[0], f"source {source_id!r}: {kinds[0]} is not an http(s) URL: {url!r}")
    publish = raw.get("publish", "excerpt")
    if publish not in PUBLISH_VALUES:
        raise fail("publish", f"source {source_id!r}: publish must be excerpt or full")
    selector = raw.get("selector")
    if selector is not None and (not isinstance(selector, str) or not selector.strip()):
        raise fail("selector", f"source {source_id!r}: selector must be a CSS selector")
    max_items = raw.get("max_items", 50)
    if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
        raise fail("max_items", f"source {source_id!r}: max_items must be a positive integer")
    name = raw.get("name", source_id)
    if not isinstance(name, str):
        raise fail("name", f"source {source_id!r}: name must be a string")
    retired = raw.get("retired", False)
    if not isinstance(retired, bool):
        raise fail("retired", f"source {source_id!r}: retired must be true or false")
    history = {}
    for key in HISTORY_KEYS:
        value = raw.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(
            isinstance(v, str) and is_http_url(v) for v in value
        ):
            raise fail(key, f"source {source_id!r}: {key} must be a list of http(s) URLs")
        history[key] = tuple(value)
    wayback = raw.get("wayback", False)
    if not isinstance(wayback, bool):
        raise fail("wayback", f"source {source_id!r}: wayback must be true or false")
    hosts = raw.get("hosts", [])
    if not isinstance(hosts, list) or not all(_is_host(host) for host in hosts):
        raise fail("hosts", f"source {source_id!r}: hosts must be a list of host names")
    return Source(
        source_id,
        name,
        kinds[0],
        url,
        publish,
        selector,
        max_items,
        retired,
        **history,
        wayback=wayback,
        hosts=tuple(host.lower() for host in hosts),
    )


def _is_host(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9.-]+", value) is not None


def _table_line(lines: list[str], table: str, index: int) -> int:
    """Return the 1-based line of the index-th [table] or [[table]] header (1 if not found)."""
    found = _table_lines(lines, table)
    return found[index] if index < len(found) else 1


def _table_lines(lines: list[str], table: str) -> list[int]:
    pattern = re.compile(rf"^\s*\[\[?\s*{table}\s*\]\]?\s*(#.*)?$")
    return [number for number, line in enumerate(lines, 1) if pattern.match(line)]


def _key_line(lines: list[str], table: str, index: int, key: str) -> int:
    """Return the line of key inside the index-th table: where it is set, also as a dotted key
    (key.part = ...) or a table of its own ([table.key]); the table's header line if absent."""
    headers = _table_lines(lines, table)
    start = headers[index] if index < len(headers) else 0
    name = rf"[\"']?{re.escape(key)}[\"']?"
    own = re.compile(rf"^\s*{name}\s*[.=]")
    for number in range(start + 1, len(lines) + 1) if start else ():
        line = lines[number - 1]
        if re.match(r"^\s*\[", line):
            break
        if own.match(line):
            return number
    # [table.key], or table.key = ... before any table: after the index-th header, if any
    elsewhere = re.compile(
        rf"^\s*(\[\s*{table}\s*\.\s*{name}\s*[\].]|{table}\s*\.\s*{name}\s*[.=])"
    )
    for number in range(start + 1, len(lines) + 1):
        if elsewhere.match(lines[number - 1]):
            return number
    return start or 1
