"""Parse RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed (jsonfeed.py) from downloaded bytes.

The bytes decide what a feed is, never the Content-Type: servers send feeds as text/html,
application/octet-stream or with no type at all. feedparser's bozo flag is a problem only when the
XML itself failed, and even then what it read is kept. Nothing feedparser raises escapes.
"""

from __future__ import annotations

import bisect
import calendar
import html
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
from feedparser.exceptions import NonXMLContentType

from dossier.content import is_http_url

from .entries import OLDEST, Entry, Feed, iso_date, plain_value, written_url
from .jsonfeed import looks_like_json, parse_json_feed
from .pages import mostly_utf8

log = logging.getLogger(__name__)
__all__ = ["Entry", "Feed", "parse_feed"]

_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([\w.:-]+)", re.I)
_UTF8 = ("utf-8", "utf8")
# XML 1.0 forbids these characters; corrupted feeds carry them and break the parsers
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# bounded repetitions only: a hostile feed of unclosed tags must not make these quadratic
_LITERAL_ID = re.compile(
    r"<(?:[\w.-]+:)?(?:guid|id)\b[^>]{0,512}>\s*(<!\[CDATA\[[^\]]{0,4096}\]\]>|[^<]{0,4096})"
    r"\s*</(?:[\w.-]+:)?(?:guid|id)\s*>",
    re.I,
)
_ITEM_START = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)\b", re.I)
_ITEM_END = re.compile(r"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.I)
_ROOT = re.compile(r"<((?:[\w.-]+:)?(?:rss|feed|RDF))\b", re.I)
SALVAGE_ITEMS = 500  # items parsed one by one at most (each is a parse of its own)
# an attribute of a root or channel tag an item needs: a namespace (xmlns:dc="...") or version
KEPT_ATTRIBUTE = re.compile(
    r"""\s+(?:xmlns(?::[\w.-]+)?|version)\s*=\s*(?:"[^"]{0,500}"|'[^']{0,500}')"""
)
_HIDDEN = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)  # text that only looks like tags
_ITEM_DATE = re.compile(
    r"<(?:pubDate|(?:atom:)?published|(?:atom:)?updated|dc:date)\b[^>]*>([^<]{1,100})<", re.I
)
_TITLE = re.compile(
    r"<title\b[^>]{0,200}>(?:<!\[CDATA\[.{0,2000}?\]\]>|[^<]{0,2000})</title>", re.I | re.S
)
# invisible characters (zero-width space, direction marks, word joiners, byte order mark, soft
# hyphen) and no-break spaces, in UTF-8 or as character references, which copying an address
# out of a CMS's editor leaves around it: before "https:" feedparser takes it for a relative link
_INVISIBLE = (
    rb"(?:\xe2\x80[\x8b-\x8f]|\xe2\x81[\xa0-\xa4]|\xef\xbb\xbf|\xc2[\xa0\xad]"
    rb"|&#(?:820[3-7]|828[89]|829[0-2]|65279|160|173);"
    rb"|&#x(?:200[b-f]|206[0-4]|feff|a0|ad);)"
)
_LINK_OPEN = re.compile(
    rb"(<(?:[\w.-]+:)?(?:link|guid|id)\b[^<>]{0,2000}>|\bhref\s*=\s*[\"'])\s*(?:"
    + _INVISIBLE
    + rb"\s*)+",
    re.I,
)
SALVAGE_HEAD = 64 * 1024  # characters of the feed's head parsed again around each item


@dataclass
class _Parsed:
    """What feedparser read: the feed's title and version, its raw entries, its bozo exception."""

    title: str = ""
    version: str = ""
    entries: list = field(default_factory=list)
    problem: Exception | None = None


def parse_feed(data: bytes, headers: Mapping[str, str], url: str, limit: int = 50) -> Feed:
    """Parse feed bytes; headers give charset and Content-Location, url is the fallback base."""
    lower = {key.lower(): value for key, value in headers.items()}
    base = _base(lower.get("content-location"), url)
    if looks_like_json(data):
        return parse_json_feed(data, base, limit)
    xml_headers = _xml_headers(lower, base)
    warnings: list[str] = []
    data, replaced = _repaired_utf8(data, lower.get("content-type", ""))
    if replaced:
        warnings.append(f"{replaced} invalid UTF-8 sequence(s) replaced")
    data = _LINK_OPEN.sub(rb"\1", data)  # what is invisible before a link (after it: _link)
    parsed, crash = _feedparser(data, xml_headers)
    if crash is not None:  # feedparser itself raised: try cleaned bytes, then item by item
        warnings.append(f"the feed parser failed ({crash}); read what could be salvaged")
        text = _cleaned(data, lower.get("content-type", ""))
        utf8 = {**xml_headers, "content-type": "application/xml; charset=utf-8"}
        parsed, crash = _feedparser(text.encode("utf-8"), utf8)
        if crash is not None:
            parsed = _item_by_item(text, utf8)
            if not parsed.entries:
                return Feed("", (), f"the feed parser failed on every item ({crash})")
    problem = _problem(parsed.problem)
    if not parsed.version and not parsed.entries:
        return Feed("", (), problem or "not a feed", tuple(warnings))
    if problem:
        warnings.append(f"read despite a problem: {problem}")
    literal_ids = _literal_ids(data)
    entries, unlinked = [], []
    for raw in parsed.entries:
        try:
            entry = _entry(raw, literal_ids, parsed.version)
        except (AttributeError, KeyError, TypeError, ValueError) as error:  # one odd item only
            warnings.append(f"an item could not be read: {type(error).__name__}: {error}")
            continue
        if entry is not None:
            entries.append(entry)
        else:
            unlinked.append(plain_value(raw.get("title", "")))
    if unlinked:
        first = repr(unlinked[0][:100]) if unlinked[0] else "untitled"
        warnings.append(
            f"{len(unlinked)} item(s) without an http(s) link left out (the first: {first})"
        )
    entries.sort(key=lambda entry: entry.published or OLDEST, reverse=True)
    return Feed(plain_value(parsed.title), tuple(entries[:limit]), None, tuple(warnings))


def _base(content_location: str | None, url: str) -> str:
    """The base of relative links: the server's Content-Location (itself relative to url)."""
    if content_location and content_location.strip():
        candidate = urljoin(url, content_location.strip())
        if is_http_url(candidate):
            return candidate
    return url


def _xml_headers(headers: Mapping[str, str], base: str) -> dict[str, str]:
    """Headers for feedparser: any media type becomes XML (the charset kept), and the base."""
    result = dict(headers)
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if not (
        kind == "application/xml" or (kind.startswith("application/") and kind.endswith("+xml"))
    ):
        # feedparser reads a text/* body without charset (text/xml too, after RFC 3023) as
        # US-ASCII and one without type as ISO-8859-1; as application/xml the document's own
        # declaration decides, as RFC 7303 says
        charset = _CHARSET.search(headers.get("content-type", ""))
        result["content-type"] = "application/xml" + (f"; charset={charset[1]}" if charset else "")
    result["content-location"] = base
    return result


def _feedparser(data: bytes, headers: Mapping[str, str]) -> tuple[_Parsed, str | None]:
    """feedparser.parse without exceptions: (what it read, the crash as text or None)."""
    try:
        result = feedparser.parse(data, response_headers=dict(headers), sanitize_html=True)
    except Exception as error:  # feedparser raises many kinds on corrupted bytes; none may escape
        log.debug("feedparser raised on %s bytes", len(data), exc_info=True)
        return _Parsed(), f"{type(error).__name__}: {error}"
    problem = result.get("bozo_exception") if result.get("bozo") else None
    title = result.feed.get("title", "") if isinstance(result.get("feed"), Mapping) else ""
    return _Parsed(str(title), result.get("version") or "", list(result.entries), problem), None


def _repaired_utf8(data: bytes, content_type: str) -> tuple[bytes, int]:
    """A feed declared (or by default) UTF-8 with its few invalid bytes replaced, and how many.

    feedparser reads the whole feed as Windows-1252 when one byte is not UTF-8; a feed that
    declares another charset is left to it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 or UTF-32
        return data, 0
    declared = _CHARSET.findall(content_type)
    declaration = _XML_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    if declaration:
        declared.append(declaration[1].decode("ascii"))
    if any(name.lower().replace("_", "-") not in _UTF8 for name in declared):
        return data, 0
    try:
        data.decode("utf-8")
        return data, 0
    except UnicodeDecodeError:
        pass
    utf8 = mostly_utf8(data)
    return (data, 0) if utf8 is None else (utf8[0].encode("utf-8"), utf8[1])


def _problem(error: Exception | None) -> str | None:
    """The bozo exception as a message, unless it only complains about the media type."""
    if error is None or isinstance(error, NonXMLContentType):
        return None
    return f"{type(error).__name__}: {error}"


def _cleaned(data: bytes, content_type: str) -> str:
    """Feed bytes as text: decoded leniently, without characters XML forbids, declared UTF-8."""
    data = _XML_DECLARATION.sub(b"", data.removeprefix(b"\xef\xbb\xbf"), count=1)
    charsets = ["utf-8", *(_CHARSET.findall(content_type))]
    for charset in charsets:
        try:
            text = data.decode(charset)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:  # Windows-1252: what a Danish feed that is not UTF-8 most likely is
        text = data.decode("cp1252", errors="replace")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + _NOT_XML.sub("", text)


def _items(text: str) -> list[str]:
    """The <item>/<entry> elements of a feed's text, each up to its last closing tag."""
    hidden = [match.span() for match in _HIDDEN.finditer(text)]  # "<item>" as text is no item
    openings = [start for start, _ in hidden]
    starts = [
        match.start()
        for match in _ITEM_START.finditer(text)
        if not _inside(match.start(), hidden, openings)
    ]
    found = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=False):
        closings = list(_ITEM_END.finditer(text, start, end))
        if closings:
            found.append(text[start : closings[-1].end()])
    return found


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when position lies in one of the spans (sorted, not overlapping; starts: theirs)."""
    at = bisect.bisect_right(starts, position) - 1
    return at >= 0 and position < spans[at][1]


def _item_by_item(text: str, headers: Mapping[str, str]) -> _Parsed:
    """Parse each <item>/<entry> on its own inside the feed's head; keep those that parse."""
    start = _ITEM_START.search(text)
    head = text[: start.start() if start else len(text)]
    root = _ROOT.search(head)
    closing = ("</channel>" if re.search(r"<channel\b", head, re.I) else "") + (
        f"</{root[1]}>" if root else ""
    )
    around = head if len(head) <= SALVAGE_HEAD else _skeleton(head)
    # the feed's own title: the head's, or beside the skeleton of a long one (a comment of
    # megabytes before the root element, a description before the title)
    title = None if around is head else _TITLE.search(head, root.end() if root else 0)
    shell_head = around + (title[0] if title else "")
    shell, _ = _feedparser((shell_head + closing).encode("utf-8"), headers)
    items = _items(text)
    entries = []
    for item in newest_items(items, SALVAGE_ITEMS):
        one, crash = _feedparser((around + item + closing).encode("utf-8"), headers)
        if crash is None:
            entries.extend(one.entries[:1])
    problem = ValueError(f"{len(entries)} of {len(items)} items read one by one")
    return _Parsed(shell.title, shell.version or ("rss" if entries else ""), entries, problem)


def newest_items(items: list[str], limit: int) -> list[str]:
    """The limit newest of a feed's item texts, in feed order: a feed may list its items oldest
    first. By the date each gives (pubDate, published, updated, dc:date); an item without one
    that can be read counts as older than every dated item, and equal dates keep feed order."""
    if len(items) <= limit:
        return items
    dated = [(_item_date(item) or OLDEST, -n) for n, item in enumerate(items)]
    chosen = sorted(range(len(items)), key=lambda n: dated[n], reverse=True)[:limit]
    return [items[n] for n in sorted(chosen)]


def _item_date(item: str) -> datetime | None:
    match = _ITEM_DATE.search(item)
    if match is None:
        return None
    written = html.unescape(match[1]).strip()
    try:  # RSS: RFC 822; Atom and dc:date: RFC 3339
        moment = parsedate_to_datetime(written)
    except (TypeError, ValueError, IndexError):
        return iso_date(written)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _skeleton(head: str) -> str:
    """Of a head too long to parse again around every item (a channel description of
    megabytes), what an item needs: the XML declaration, the root element with its namespaces
    and the channel's opening tag. A head cut at SALVAGE_HEAD would leave an element open that
    swallows the item."""
    declaration = re.match(r"\s*<\?xml[^>]{0,200}\?>", head)
    tags = (
        re.search(r"<((?:[\w.-]+:)?(?:rss|feed|RDF))\b([^>]*)>", head, re.I),
        re.search(r"<(channel)\b([^>]*)>", head, re.I),
    )
    # of their attributes only the namespaces and the version: a tag of megabytes (an attribute
    # of junk) parsed again around each of 500 items took a minute
    kept = [f"<{tag[1]}{''.join(KEPT_ATTRIBUTE.findall(tag[2])[:50])}>" for tag in tags if tag]
    return (declaration[0] if declaration else "") + "".join(kept)


def _literal_ids(data: bytes) -> set[str]:
    """The texts of every <guid> and <id> as written, to tell a URL from a resolved "1"."""
    text = data.decode("utf-8", errors="replace")
    found = set()
    for match in _LITERAL_ID.finditer(text):
        value = match[1].strip()
        if value.startswith("<![CDATA[") and value.endswith("]]>"):
            value = value[9:-3]
        found.add(written_url(html.unescape(value)).casefold())
    return found


def _link(raw: Mapping, literal_ids: set[str], version: str) -> str | None:
    """The item's URL: its <link>, or a permalink guid / Atom id that is itself an http(s) URL."""
    link = written_url(str(raw.get("link") or ""))
    identifier = written_url(str(raw.get("id") or ""))
    if raw.get("guidislink") and link == identifier:
        # feedparser resolved the guid against the base: "1" became http://host/1
        written = link.casefold() in literal_ids
        return link if written and is_http_url(link) else None
    if not link and version == "rss10" and is_http_url(identifier):
        return identifier  # an RSS 1.0 item's rdf:about is its URL (never resolved by feedparser)
    return link if is_http_url(link) else None


def _entry(raw: Mapping, literal_ids: set[str], version: str = "") -> Entry | None:
    link = _link(raw, literal_ids, version)
    if link is None:
        return None
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    try:
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    except (OverflowError, ValueError, TypeError):  # a year 99999 in a corrupted date
        published = None
    authors = tuple(
        name
        for name in (plain_value(author.get("name", "")) for author in raw.get("authors", []))
        if name
    )
    if not authors and raw.get("author"):
        authors = (plain_value(raw["author"]),)
    content = raw.get("content") or []
    body = content[0].get("value", "") if content else raw.get("summary", "")
    body = body if isinstance(body, str) else ""
    return Entry(link, plain_value(raw.get("title", "")), published, authors, body)
