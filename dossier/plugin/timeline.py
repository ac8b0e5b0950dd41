"""The timeline: articles, notes, events and statements in date order, with the editors' phases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from ..documents import Document, Quote, is_editorial
from .language import Gettext, danish


def kind_labels(_: Gettext = danish) -> dict[str, str]:
    """What the timeline calls each kind of entry."""
    return {
        "article": _("Article"),
        "event": _("Event"),
        "statement": _("Statement"),
    }


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    date: datetime
    title: str
    kind: str
    page: str
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    precision: str = "day"
    approximate: bool = False
    source_name: str = ""
    person: str | None = None


@dataclass(frozen=True)
class Phase:
    """A phase of the debate that editors defined as an event of kind `fase`."""

    title: str
    start: datetime
    end: datetime
    page: str


def build_entries(documents: list[Document], quotes: list[Quote]) -> list[Entry]:
    """Every article and event but phases, and every attributed statement, sorted by date.

    The editors' notes and phases summarise part of the debate and are dated when written or by
    the part they cover: placed among the debate's texts, they look like something that
    happened that day (phases are the timeline's bands)."""
    entries = [
        Entry(
            d.date,
            d.title,
            d.kind,
            d.page,
            d.people,
            d.organisations,
            d.precision,
            d.approximate,
            d.source_name,
        )
        for d in documents
        if not is_editorial(d)
    ]
    by_id = {d.id: d for d in documents}
    for quote in quotes:
        if quote.person:
            doc = by_id[quote.article]
            entries.append(
                Entry(
                    quote.date,
                    quote.text,
                    "statement",
                    quote.page,
                    (quote.person,),
                    doc.organisations,
                    doc.precision,
                    doc.approximate,
                    doc.source_name,
                    quote.person,
                )
            )
    return sorted(entries, key=lambda e: (e.date, e.kind != "event", e.title))


def build_phases(documents: list[Document]) -> list[Phase]:
    """The phases, in order of their start; one that ends before it starts (check says so)
    lasts its first day."""
    return sorted(
        (Phase(d.title, d.date, _end(d), d.page) for d in documents if d.event_kind == "fase"),
        key=lambda p: p.start,
    )


def _end(document: Document) -> datetime:
    end = document.end
    return end if end and end.date() >= document.date.date() else document.date


def phases_of(entry: Entry, phases: list[Phase]) -> list[Phase]:
    """The phases an entry's date falls in."""
    day = entry.date.date()
    return [p for p in phases if p.start.date() <= day <= p.end.date()]


def phase_starts(
    phases: list[Phase], months: list[tuple[int, int]]
) -> dict[tuple[int, int], list[Phase]]:
    """Each phase under the first (year, month) group of the timeline that falls within it."""
    starts: dict[tuple[int, int], list[Phase]] = {}
    for phase in phases:
        first = (phase.start.year, phase.start.month)
        last = (phase.end.year, phase.end.month)
        shown = next((m for m in months if first <= m <= last), None)
        if shown:
            starts.setdefault(shown, []).append(phase)
    return starts


def group_by_month(entries: list[Entry]) -> list[tuple[int, list[tuple[int, list[Entry]]]]]:
    """Entries grouped by year, then by month (month 0 first: only the year is known)."""
    years = []
    for year, in_year in groupby(entries, key=lambda e: e.date.year):
        in_year = sorted(in_year, key=lambda e: (e.precision != "year", e.date))
        months = [(m, list(es)) for m, es in groupby(in_year, key=_month)]
        years.append((year, months))
    return years


def _month(entry: Entry) -> int:
    """The month group of an entry; 0 when only the year is known."""
    return 0 if entry.precision == "year" else entry.date.month


def export_rows(entries: list[Entry]) -> list[dict]:
    """data/timeline.json: date (with its precision and whether it is approximate), title, kind,
    page, people, organisations, sorted by date."""
    return [
        {
            "date": e.date.isoformat(),
            "precision": e.precision,
            "approximate": e.approximate,
            "title": e.title,
            "kind": e.kind,
            "page": e.page,
            "people": list(e.people),
            "organisations": list(e.organisations),
        }
        for e in entries
    ]


def _js_date(value: datetime, precision: str = "day") -> dict:
    date = {"year": value.year}
    if precision in ("day", "month"):
        date["month"] = value.month
    if precision == "day":
        date["day"] = value.day
    return date


def timelinejs(
    entries: list[Entry], phases: list[Phase], title: str, site_url: str, _: Gettext = danish
) -> dict:
    """The timeline in TimelineJS3's JSON format (events, eras for phases)."""
    labels = kind_labels(_)
    events = [
        {
            "start_date": _js_date(e.date, e.precision),
            "text": {
                "headline": f'<a href="{site_url}/{e.page}">{_escape(e.title)}</a>',
                "text": _escape(
                    labels.get(e.kind, e.kind) + (f" · {e.source_name}" if e.source_name else "")
                ),
            },
            "group": labels.get(e.kind, e.kind),
            "unique_id": f"{i}-{e.kind}",
        }
        for i, e in enumerate(entries)
    ]
    eras = [
        {
            "start_date": _js_date(p.start),
            "end_date": _js_date(p.end),
            "text": {"headline": _escape(p.title)},
        }
        for p in phases
    ]
    return {"title": {"text": {"headline": _escape(title)}}, "events": events, "eras": eras}


def _escape(text: str) -> str:
    """Text for TimelineJS, which shows headlines and texts as HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
