"""The content model: kinds of content file, their metadata keys, slugs, dates, atomic writes.

Shared by the Pelican plugin, `invoke check`, `invoke new` and the scrapers, so that every part
reads and writes content/ the same way.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

# Folder under content/ -> kind of content it holds.
KIND_FOLDERS: dict[str, str] = {
    "articles": "article",
    "notes": "note",
    "events": "event",
    "people": "person",
    "organisations": "organisation",
    "pages": "page",
}

# The top-level folders the site writes itself (pelicanconf.py, dossier/config.py, the plugin):
# a page (content/pages/, at /<slug>/) may not take one of these addresses
SITE_FOLDERS = frozenset(
    "aendringer arkiv artikler begivenheder data feeds kilder kladder netvaerk noter "
    "organisationer pagefind personer problemer soeg theme tidslinje udtalelser".split()
)

COMMON_KEYS = {"title", "slug", "summary", "status", "modified"}
KEYS_BY_KIND: dict[str, set[str]] = {
    "article": COMMON_KEYS
    | {
        "date",
        "source",
        "sourcename",  # the source's name when it was scraped (kept if the source is removed)
        "original",
        "copies",
        "authors",
        "publish",
        "scraped",
        "fingerprint",
        "people",
        "organisations",
        "unlink",
        "precision",
        "approximate",  # the month or year is estimated ("ca."), as an event's may be
        # the history of the source's page (scrapers/backfill.py, recheck.py)
        "captured",
        "archived",
        "changed",
        "removed",
    },
    "note": COMMON_KEYS | {"date", "sources", "people", "organisations", "unlink", "authors"},
    "event": COMMON_KEYS
    | {"date", "end", "kind", "sources", "people", "organisations", "precision", "approximate"},
    "person": COMMON_KEYS | {"aliases", "roles", "discovered", "website"},
    "organisation": COMMON_KEYS | {"aliases", "type", "parent", "website", "discovered"},
    "page": COMMON_KEYS | {"date", "search"},
}
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    "article": ("title", "date", "source", "original"),
    "note": ("title", "date"),
    "event": ("title", "date"),
    "person": ("title",),
    "organisation": ("title", "type"),
    "page": ("title",),
}
LIST_KEYS = {"people", "organisations", "sources", "aliases", "copies", "unlink", "authors"}
# characters XML 1.0 does not allow (the feeds are XML): C0 controls but tab, line feed, return
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
URL_KEYS = {"original", "copies", "sources", "website", "archived"}
PUBLISH_VALUES = ("excerpt", "full")
APPROXIMATE_YES = ("ja", "yes", "true")  # an estimated date: "ca." on the pages
APPROXIMATE_VALUES = ("ja", "nej", "yes", "no", "true", "false")  # what Approximate may say
SEARCH_VALUES = ("ja", "nej", "yes", "no")  # a page's Search: nej keeps it out of the search
PRECISION_VALUES = ("day", "month", "year")
# the Danish words an editor may write for them (Precision: måned)
PRECISION_WORDS = {"dag": "day", "maaned": "month", "aar": "year"}
# what Status may say (Pelican skips a file whose Status it does not know: kladde, udkast)
STATUS_VALUES = ("draft", "published")
# the kinds that can be drafts: a person's or organisation's page is published as its mentions are
DRAFT_KINDS = ("article", "note", "event", "page")
EVENT_KINDS = ("begivenhed", "udbud", "afgoerelse", "klage", "politik", "moede", "fase")
ORGANISATION_TYPES = (
    "kommune",
    "region",
    "forening",
    "brancheforening",
    "virksomhed",
    "myndighed",
    "ministerium",
    "parti",
    "medie",
    "klub",
)

_SLUG_SUBS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "u"))


def slugify(text: str) -> str:
    """Make an ASCII URL slug from Danish text: æ -> ae, ø -> oe, å -> aa."""
    value = unicodedata.normalize("NFKC", text).lower()
    for src, dst in _SLUG_SUBS:
        value = value.replace(src, dst)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:80].rstrip("-") or "uden-titel"


# Danish alphabetical order: æ, ø and å come after z, in that order (ä and ö as æ and ø);
# other accented letters as their base letter. Stand-ins after "z" in ASCII, in that order.
_DANISH_LAST = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def danish_key(text: str) -> tuple[str, str]:
    """A sort key in Danish alphabetical order, regardless of case (ITEK, Indenrigsministeriet,
    Itwatch; Ærø after Zealand); ties in the order of the text itself."""
    value = unicodedata.normalize("NFC", text).casefold().translate(_DANISH_LAST)
    value = unicodedata.normalize("NFKD", value)
    return "".join(c for c in value if not unicodedata.combining(c)), text


def kind_of(relative_path: str | Path) -> str | None:
    """Return the kind of a content file from its path relative to content/ (None if unknown)."""
    parts = Path(relative_path).parts
    return KIND_FOLDERS.get(parts[0]) if len(parts) > 1 else None


@dataclass(frozen=True)
class Field:
    """One metadata key of a content file with its raw value and 1-based line number."""

    key: str
    value: str
    line: int


def parse_header(text: str) -> tuple[list[Field], int]:
    """Read the `Key: value` header of a Markdown file as Python-Markdown's meta extension does.

    Continuation lines are indented by four spaces or a tab and joined with newlines. Returns the
    fields and the 1-based line number where the body starts.
    """
    fields: list[Field] = []
    lines = text.removeprefix("\ufeff").splitlines()  # a BOM, as Pelican's reader drops it
    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip():
            return fields, number + 1
        match = re.match(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$", line)
        if match and not (index == 0 and line.startswith("---")):
            fields.append(Field(match.group(1).lower(), match.group(2).strip(), number))
        elif fields and re.match(r"^(    |\t)", line):
            last = fields[-1]
            joined = f"{last.value}\n{line.strip()}" if last.value else line.strip()
            fields[-1] = Field(last.key, joined, last.line)
        else:
            return fields, number
    return fields, len(lines) + 1


# a blank line between two paragraphs, or ending a header, as Pelican reads one: spaces allowed
BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")


def split_header(text: str) -> tuple[str, str]:
    """The header lines and the body of a content file, split at its first blank line as
    Pelican splits it (a line of only spaces is blank too); the body is "" when there is none."""
    match = BLANK_LINE.search(text)
    return (text[: match.start()], text[match.end() :]) if match else (text, "")


def split_file(text: str) -> tuple[list[Field], str]:
    """The header fields and the body (everything after the header) of a content file."""
    fields, body_line = parse_header(text)
    return fields, "\n".join(text.splitlines()[body_line - 1 :])


# One item of a list value: a URL runs on through commas that are not followed by a space, a
# comma, a new URL or the end (so https://a.dk/x,y is one URL, "a, b" and "x,https://..." two);
# anything else runs to the next comma. Possessive, so it is linear on any text.
_LIST_ITEM = re.compile(r"\s*+(?:https?://[^\s,]*+(?:,(?![\s,]|https?://|$)[^\s,]*+)*+|[^,\n]++)")
_URL_SEPARATOR = re.compile(r",(?=[\s,]|https?://|$)")


def split_list(value: str) -> list[str]:
    """Split a list value given on one line with commas or on continuation lines."""
    lines = (line for line in value.split("\n") if line.strip())
    items = (match.group(0).strip() for line in lines for match in _items(line))
    return [item for item in items if item]


def _items(line: str):
    return _LIST_ITEM.finditer(line.strip())


def list_safe_url(url: str) -> str:
    """A URL with the commas split_list would split on percent-encoded (%2C)."""
    return _URL_SEPARATOR.sub("%2C", url)


def join_urls(urls: list[str] | tuple[str, ...]) -> str:
    """A list value of URLs that split_list reads back as the same URLs."""
    return ", ".join(map(list_safe_url, urls))


_DANISH_MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}


DAY_FIRST = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:,?[ T]+(?:kl\.?\s*)?(\d{1,2})[.:](\d{2}))?"
)
DANISH_MONTH_DATE = re.compile(
    r"(\d{1,2})\.\s*([a-zæøå]+)\.?\s+(\d{4})(?:,?\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2}))?"
)


def parse_date(value: str) -> datetime | None:
    """Parse an ISO date (2012-11-12 10:31, 2012-11) or a Danish one; None if invalid."""
    value = value.strip()
    if not value:  # most texts have no End or Removed: no format to try
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(value[:19], fmt)
        except ValueError:
            pass
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if match:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        return _safe_datetime(year, month, day)
    # Danish dates are day-first (12.11.2012 is 12 November), whatever the separator.
    match = DAY_FIRST.fullmatch(value)
    if match:
        day, month, year, hour, minute = match.groups()
        return _with_time(_safe_datetime(int(year), int(month), int(day)), hour, minute)
    match = DANISH_MONTH_DATE.fullmatch(value.lower())
    if match:
        day, month_name, year, hour, minute = match.groups()
        month = next((n for name, n in _DANISH_MONTHS.items() if name.startswith(month_name)), 0)
        return _with_time(_safe_datetime(int(year), month, int(day)), hour, minute)
    return None


def is_danish_date(value: str) -> bool:
    """True for a day-first date (12.11.2012, 12. november 2012 kl. 10:31), valid or not."""
    value = value.strip()
    return bool(DAY_FIRST.fullmatch(value) or DANISH_MONTH_DATE.fullmatch(value.lower()))


def _with_time(parsed: datetime | None, hour: str | None, minute: str | None) -> datetime | None:
    if parsed and hour:
        if int(hour) > 23 or int(minute or 0) > 59:  # "kl. 99:99" is no time, not 03:39
            return None
        return parsed.replace(hour=int(hour), minute=int(minute or 0))
    return parsed


_OFFSET = re.compile(r"\d[ T]\d{2}:\d{2}(?::\d{2})?([+-])(\d{2}):?(\d{2})$")


def impossible_offset(value: str) -> str | None:
    """The time zone of an ISO time that no clock has (+25:00, +99:99: Python and Pelican
    refuse a day or more), else None."""
    match = _OFFSET.search(value.strip())
    if match and (int(match.group(2)) > 23 or int(match.group(3)) > 59):
        return f"{match.group(1)}{match.group(2)}:{match.group(3)}"
    return None


def _safe_datetime(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime.combine(date(year, month, day), datetime.min.time())
    except ValueError:
        return None


def precision_of(value: object) -> str:
    """A Precision value as the content model spells it: `måned` -> `month` (unknown: as is)."""
    text = str(value).strip().lower()
    return PRECISION_WORDS.get(slugify(text), text) if text else "day"


def choice(value: str) -> str:
    """A Kind or Type value as the content model spells it: `afgørelse` -> `afgoerelse`."""
    return slugify(value) if value.strip() else ""


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace."""
    return bool(re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#]\S*)?", value.strip()))


@dataclass(frozen=True)
class Role:
    """A role a person held: title at an organisation (id) from one year or date to another."""

    title: str
    organisation: str
    start: str
    end: str


def parse_roles(value: str) -> list[Role]:
    """Parse `Roles:` lines of the form `title | organisation-id | from | to` (to may be empty)."""
    roles = []
    for line in value.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")] + ["", "", ""]
        roles.append(Role(parts[0], parts[1], parts[2], parts[3]))
    return roles


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write text (UTF-8) or bytes to path atomically: a temporary file in the same folder, then
    rename.

    The file gets the permissions a plain open() would give it (mkstemp's are owner-only):
    a published data file must be readable by the web server that serves the copy.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as stream:
                stream.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def format_header(fields: list[tuple[str, str]]) -> str:
    """Format metadata as a Pelican header; multi-line values become indented continuations."""
    lines = []
    for key, value in fields:
        first, *rest = str(value).split("\n") or [""]
        lines.append(f"{key}: {first}".rstrip())
        lines.extend(f"    {line}" for line in rest)
    return "\n".join(lines) + "\n\n"
