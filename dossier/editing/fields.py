"""The checks of one file's header: keys, values, dates, ids, and what Pelican needs."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from babel.dates import get_month_names

from ..content import (
    APPROXIMATE_VALUES,
    DAY_FIRST,
    DRAFT_KINDS,
    EVENT_KINDS,
    KEYS_BY_KIND,
    ORGANISATION_TYPES,
    PRECISION_VALUES,
    PUBLISH_VALUES,
    REQUIRED_BY_KIND,
    SEARCH_VALUES,
    STATUS_VALUES,
    URL_KEYS,
    Field,
    choice,
    impossible_offset,
    is_http_url,
    parse_date,
    parse_roles,
    precision_of,
    split_list,
)
from .messages import _, language
from .names import suggestions
from .problem import Known, Problem

DATE_KEYS = ("date", "end", "modified", "scraped")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?")


def check_file(kind: str, fields: list[Field], known: Known) -> Iterator[tuple[int, str]]:
    """Problems in the metadata header of one file of the given kind."""
    if not fields:
        yield 1, _("missing metadata header (Title: ... lines before the first blank line)")
        return
    seen: set[str] = set()
    told: set[str] = set()  # keys whose value check_field found wrong already
    for field in fields:
        if field.key not in KEYS_BY_KIND[kind]:
            message = _("unknown metadata key '{key}' for {kind}")
            yield field.line, message.format(key=field.key.capitalize(), kind=kind)
        elif field.key in seen:
            message = _("duplicate metadata key '{key}'")
            yield field.line, message.format(key=field.key.capitalize())
        seen.add(field.key)
        for message in check_field(kind, field, known):
            told.add(field.key)
            yield line_of(field, message), message
    values = {f.key: f for f in fields}
    for key in REQUIRED_BY_KIND[kind]:
        if key not in seen:
            message = _("missing {key}: add a line '{key}: ...' to the header")
            yield 1, message.format(key=key.capitalize())
        elif not values[key].value.strip() and key not in told:  # "Title:": as good as none
            message = _("missing {key}: write it after '{key}:'")
            yield values[key].line, message.format(key=key.capitalize())
    if "date" in values and "end" in values:
        start, end = parse_date(values["date"].value), parse_date(values["end"].value)
        whole_day = bool(re.fullmatch(r"[\d-]+", values["end"].value.strip()))  # End: 2012-11-12
        if start and end and (end.date() < start.date() if whole_day else end < start):
            yield values["end"].line, _("End is before Date")
    kind_field = values.get("kind")
    if (
        kind == "event"
        and kind_field
        and choice(kind_field.value) == "fase"
        and "end" not in values
    ):
        message = _("a phase (Kind: fase) needs End: the day it ended, e.g. 'End: 2013-06-30'")
        yield kind_field.line, message


def line_of(field: Field, message: str) -> int:
    """The line of a multi-line field on which the value quoted in the message stands."""
    quoted = re.search(r"'([^']+)'", message)
    for offset, line in enumerate(field.value.splitlines()):
        if quoted and quoted.group(1) in line:
            return field.line + offset
    return field.line


def check_field(kind: str, field: Field, known: Known) -> Iterator[str]:
    """Problems in the value of one metadata field."""
    key, value = field.key, field.value
    hidden = next((c for c in value if unicodedata.category(c) == "Cf"), None)
    if hidden:  # a name with a zero-width joiner matches no text, and no other file finds it
        name = unicodedata.name(hidden, f"U+{ord(hidden):04X}").lower()
        message = _("{key} holds an invisible character (U+{code:04X}, {name}): delete it")
        yield message.format(key=key.capitalize(), code=ord(hidden), name=name)
    if key in DATE_KEYS:
        yield from check_date(key, value)
    elif key in URL_KEYS:
        for url in split_list(value) if key != "original" else [value]:
            if not is_http_url(url):
                yield _("malformed URL '{url}' in {key}").format(url=url, key=key.capitalize())
    elif key in ("people", "organisations", "unlink"):
        for item in split_list(value):
            yield from check_id(key, item, known)
    elif key == "publish" and value.lower() not in PUBLISH_VALUES:
        yield one_of("Publish", PUBLISH_VALUES, value)
    elif key == "search" and value.strip().lower() not in SEARCH_VALUES:
        yield one_of("Search", SEARCH_VALUES, value)
    elif key == "precision" and precision_of(value) not in PRECISION_VALUES:
        yield one_of("Precision", (*PRECISION_VALUES, "dag", "måned", "år"), value)
    elif key == "approximate" and value.strip().lower() not in APPROXIMATE_VALUES:
        yield one_of("Approximate", APPROXIMATE_VALUES, value)
    elif key == "status" and value.strip().lower() not in STATUS_VALUES:
        yield _(
            "Status must be draft (a draft) or left out, not '{value}'; the build leaves the "
            "file out until it is"
        ).format(value=value.strip())
    elif key == "status" and value.strip().lower() == "draft" and kind not in DRAFT_KINDS:
        yield _(
            "Status: draft does not work for people and organisations: the page is published "
            "all the same, without its summary and text; remove the line"
        )
    elif key == "title" and (markup := MARKUP.search(value)):
        # a title is printed as HTML (the page, its <title>, feeds): "<2013>" would be a tag
        message = _("Title holds markup '{markup}': write &lt; for a '<' that is text")
        yield message.format(markup=markup.group(0))
    elif key == "kind" and choice(value) not in EVENT_KINDS:
        yield one_of("Kind", EVENT_KINDS, value)
    elif key == "type" and choice(value) not in ORGANISATION_TYPES:
        yield one_of("Type", ORGANISATION_TYPES, value)
    elif key == "parent" and value not in known.organisations:
        message = _("unknown organisation id '{id}' in {key}").format(id=value, key="Parent")
        yield message + did_you_mean(value, known.organisations, known)
    elif key == "roles":
        for role in parse_roles(value):
            if not role.title or not role.organisation:
                yield _("a role needs 'title | organisation-id | from | to'")
            elif role.organisation not in known.organisations:
                message = _("unknown organisation id '{id}' in {key}")
                yield message.format(id=role.organisation, key="Roles") + did_you_mean(
                    role.organisation, known.organisations, known
                )
            yield from check_role_years(role.start, role.end)


MARKUP = re.compile(r"<[A-Za-z/!?][^<>]{0,40}>?")
ROLE_YEAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_role_years(start: str, end: str) -> Iterator[str]:
    """A role's from and to are a year, a month or a day (or empty), from not after to."""
    for value in (start, end):
        if value and not (ROLE_YEAR.fullmatch(value) and parse_date(value)):
            yield _(
                "a role's from and to are a year (2012), a month (2012-05) or a day, not '{value}'"
            ).format(value=value)
            return
    if start and end and parse_date(start) > parse_date(end):
        yield _("a role ends ('{end}') before it begins ('{start}')").format(start=start, end=end)


def check_source(path: Path, fields: list[Field], known: Known) -> Iterator[Problem]:
    """An unknown source id is only a warning: a source removed from the file keeps its articles."""
    for field in fields:
        if field.key == "source" and known.sources is not None and field.value not in known.sources:
            ids = ", ".join(sorted(known.sources)) or "-"
            message = _("unknown source id '{id}' (not in the sources file; it knows {ids})")
            message = message.format(id=field.value, ids=ids)
            yield Problem(path, field.line, message, warning=True)


def check_unlinked(path: Path, fields: list[Field]) -> Iterator[Problem]:
    """An id both linked (People, Organisations) and unlinked: Unlink wins, so the text is not
    linked to it after all. A warning: an editor may mean to undo an automatic link and not see
    the id in the list the scraper wrote."""
    values = {f.key: f for f in fields}
    unlink = values.get("unlink")
    if unlink is None:
        return
    unlinked = set(split_list(unlink.value))
    for key in ("people", "organisations"):
        if key not in values:
            continue
        for item in split_list(values[key].value):
            if item in unlinked:
                message = _(
                    "'{id}' is in both {key} and Unlink: Unlink wins, the text is not linked to it"
                )
                message = message.format(id=item, key=key.capitalize())
                yield Problem(path, line_of(unlink, message), message, warning=True)


def check_future(path: Path, kind: str, fields: list[Field], today: date) -> Iterator[Problem]:
    """An article or note dated after today is most likely a slip of the year (2071 for 2017),
    and would lead the front page for years: an error. An event may be planned, and is not
    checked. Two days' grace: the scrapers take a date up to a day ahead of Danish time, and
    Danish time is ahead of a machine that keeps UTC."""
    if kind not in ("article", "note"):
        return
    for field in fields:
        parsed = parse_date(field.value) if field.key == "date" else None
        if parsed and parsed.date() > today + timedelta(days=2):
            message = _("Date '{value}' is more than two days after today: is the year right?")
            yield Problem(path, field.line, message.format(value=field.value.strip()))


def check_date(key: str, value: str) -> Iterator[str]:
    """A date must be ISO; a Danish date is reported with the ISO form to write."""
    offset = impossible_offset(value)
    if offset:
        message = _(
            "{key} '{value}' has the time zone {offset}, which no clock has: write +01:00"
            " or +02:00, or none"
        )
        yield message.format(key=key.capitalize(), value=value, offset=offset)
        return
    if ISO_DATE.fullmatch(value.strip()) and parse_date(value):
        return
    parsed = parse_date(value)
    partial = re.fullmatch(r"\d{4}(-\d{2})?", value.strip())
    if parsed and partial:  # the build reads it as its first day (plugin/dates.py)
        message = _("{key} '{value}' has no day: write {iso} with Precision: {precision}")
        yield message.format(
            key=key.capitalize(),
            value=value,
            iso=parsed.strftime("%Y-%m-%d"),
            precision="month" if partial.group(1) else "year",
        )
    elif parsed:
        iso = parsed.strftime("%Y-%m-%d %H:%M" if parsed.hour or parsed.minute else "%Y-%m-%d")
        yield _("{key} '{value}' is not ISO: write {iso}").format(
            key=key.capitalize(), value=value, iso=iso
        )
    elif (impossible := not_in_calendar(value)) is not None:
        yield impossible.format(key=key.capitalize(), value=value)
    else:
        message = _("cannot parse {key} '{value}' (write YYYY-MM-DD)")
        yield message.format(key=key.capitalize(), value=value)


def not_in_calendar(value: str) -> str | None:
    """For a value written as a date (ISO or day-first) that no calendar has (31.02.2024,
    2024-13-01), the message saying why, with {key} and {value} left to fill in; else None."""
    value = value.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", value)
    day_first = DAY_FIRST.fullmatch(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups()[:3])
    else:
        return None
    if not 1 <= month <= 12:
        return _("{key} '{value}' is no date: there is no month {month}").replace(
            "{month}", str(month)
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        message = _("{key} '{value}' is no date: {month} {year} has {days} days")
        named = get_month_names("wide", locale=language())[month]
        for name, part in (("{month}", named), ("{year}", str(year)), ("{days}", str(days))):
            message = message.replace(name, part)
        return message
    return None


def check_id(key: str, item: str, known: Known) -> Iterator[str]:
    """An id in People, Organisations or Unlink must name a registry file."""
    if key == "people" and item not in known.people:
        message = _("unknown person id '{id}' in {key}").format(id=item, key="People")
        yield message + did_you_mean(item, known.people, known)
    elif key == "organisations" and item not in known.organisations:
        message = _("unknown organisation id '{id}' in {key}").format(id=item, key="Organisations")
        yield message + did_you_mean(item, known.organisations, known)
    elif key == "unlink" and item not in known.people | known.organisations:
        message = _("unknown id '{id}' in Unlink").format(id=item)
        yield message + did_you_mean(item, known.people | known.organisations, known)


def one_of(key: str, allowed: tuple[str, ...], value: str) -> str:
    """The message for a value outside its list (Kind, Type, Publish, Precision)."""
    if not value.strip():
        message = _("{key} is empty: write one of {allowed}")
    else:
        message = _("{key} must be one of {allowed}, not '{value}'")
    return message.format(key=key, allowed=", ".join(allowed), value=value)


def did_you_mean(value: str, ids: frozenset[str], known: Known) -> str:
    """The suffix "; mente du 'x'?" for an unknown id with close ids or names, else nothing."""
    found = suggestions(value, ids, known.names)
    if not found:
        return ""
    listed = _(" or ").join(f"'{item}'" for item in found)
    return _("; did you mean {ids}?").format(ids=listed)


def pelican_can_build(kind: str, fields: list[Field]) -> bool:
    """False when the build skips the file: no Title, a Status Pelican does not know, or a
    dated kind without a readable Date."""
    values = {f.key: f.value for f in fields}
    if not values.get("title", "").strip():
        return False
    if values.get("status", "draft").strip().lower() not in STATUS_VALUES:
        return False
    if any(impossible_offset(values.get(key, "")) for key in ("date", "modified")):
        return False  # Pelican stops the whole build on it
    if kind not in ("article", "note", "event"):
        return True
    return parse_date(values.get("date", "")) is not None
