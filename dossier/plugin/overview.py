"""The overview atop /tidslinje/: a row per year, phases as bands, events, texts per month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from html import escape

from .language import Gettext, Ngettext, danish, danish_plural
from .timeline import Entry, Phase

WIDTH = 400  # viewBox units; about the width of a phone, so the 12-unit text stays readable there
LABEL = 44  # the year column
TOP = 18  # the row of month names
ROW = 30
BAR = 18  # the tallest bar
MONTH = (WIDTH - LABEL - 4) / 12
TEXT_KINDS = ("article",)  # notes are not on the timeline (timeline.build_entries)


@dataclass(frozen=True)
class YearRow:
    """One year of the overview, also its line in the text alternative."""

    year: int
    until: int  # the last year of a run of empty years drawn as one row; else the year itself
    texts: int  # articles
    undated: int  # of which only the year is known (no bar of their own)
    events: int
    phases: tuple[Phase, ...]
    linked: bool  # the timeline has a section for the year


@dataclass(frozen=True)
class Words:
    """The overview's words, in the site's language."""

    title: str
    desc: str
    ngettext: Ngettext  # for the labels with a count (texts_label, events_label)


def words(_: Gettext = danish, ngettext: Ngettext = danish_plural) -> Words:
    """The overview's words from the plugin's catalogue."""
    return Words(
        title=_("The debate year by year"),
        desc=_(
            "Each year is a row of its twelve months. Bands show the phases of the debate, dots "
            "show months with events and bars show the number of articles a month."
        ),
        ngettext=ngettext,
    )


def texts_label(wording: Words, month: str, year: int, count: int) -> str:
    """The hover text of a month's bar."""
    text = wording.ngettext(
        "%(month)s %(year)d: %(count)d article",
        "%(month)s %(year)d: %(count)d articles",
        count,
    )
    return text % {"month": month, "year": year, "count": count}


def events_label(wording: Words, month: str, year: int, count: int) -> str:
    """The hover text of a month's event mark."""
    text = wording.ngettext(
        "%(month)s %(year)d: %(count)d event", "%(month)s %(year)d: %(count)d events", count
    )
    return text % {"month": month, "year": year, "count": count}


def year_rows(entries: list[Entry], phases: list[Phase], linked: set[int]) -> list[YearRow]:
    """Every year from the first to the last entry or phase; a run of empty years is one row."""
    years = [e.date.year for e in entries] + [y for p in phases for y in (p.start.year, p.end.year)]
    if not years:
        return []
    rows: list[YearRow] = []
    for year in range(min(years), max(years) + 1):
        mine = [e for e in entries if e.date.year == year]
        texts = [e for e in mine if e.kind in TEXT_KINDS]
        row = YearRow(
            year=year,
            until=year,
            texts=len(texts),
            undated=sum(1 for e in texts if e.precision == "year"),
            events=sum(1 for e in mine if e.kind == "event"),
            phases=tuple(p for p in phases if p.start.year <= year <= p.end.year),
            linked=year in linked,
        )
        if rows and _empty(row) and _empty(rows[-1]):
            rows[-1] = replace(rows[-1], until=year)  # ten quiet years need not take ten rows
        else:
            rows.append(row)
    return rows


def _empty(row: YearRow) -> bool:
    return not (row.texts or row.events or row.phases or row.linked)


def lanes(phases: list[Phase]) -> dict[Phase, int]:
    """A lane for each phase so that phases that overlap in time are drawn one above the other."""
    ends: list = []  # the end of the last phase in each lane
    lane_of = {}
    # calendar days: editors' dates may or may not carry a time zone
    for phase in sorted(phases, key=lambda p: p.start.date()):
        lane = next((i for i, end in enumerate(ends) if end < phase.start.date()), len(ends))
        if lane == len(ends):
            ends.append(phase.end.date())
        ends[lane] = phase.end.date()
        lane_of[phase] = lane
    return lane_of


def month_counts(entries: list[Entry], kinds: tuple[str, ...]) -> Counter[tuple[int, int]]:
    """How many entries of these kinds fall in each (year, month); year-only dates are left out."""
    return Counter(
        (e.date.year, e.date.month) for e in entries if e.kind in kinds and e.precision != "year"
    )


def overview_svg(
    rows: list[YearRow],
    entries: list[Entry],
    phases: list[Phase],
    month_names: dict[int, str],
    wording: Words | None = None,
) -> str:
    """The overview as an inline SVG with a title, a description and a link per year."""
    if not rows:
        return ""
    wording = wording or words()
    texts = month_counts(entries, TEXT_KINDS)
    events = month_counts(entries, ("event",))
    most = max(texts.values(), default=0) or 1
    height = TOP + ROW * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="overview" role="group" aria-labelledby="overblik-titel" '
        f'aria-describedby="overblik-beskrivelse">',
        f'<title id="overblik-titel">{escape(wording.title)}</title>',
        f'<desc id="overblik-beskrivelse">{escape(wording.desc)}</desc>',
        '<g class="ov-months" aria-hidden="true">',
    ]
    for month in range(1, 13):
        x = LABEL + (month - 0.5) * MONTH
        name = escape(month_names[month][:3])
        parts.append(f'<text x="{x:.1f}" y="12" text-anchor="middle">{name}</text>')
    parts.append("</g>")
    order = {p: i for i, p in enumerate(phases)}
    lane_of = lanes(phases)
    lane_height = (ROW - 2) / (max(lane_of.values(), default=0) + 1)
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        parts.append(f'<g class="ov-year" data-year="{row.year}">')
        for phase in row.phases:
            first = phase.start.month if phase.start.year == row.year else 1
            last = phase.end.month if phase.end.year == row.year else 12
            x = LABEL + (first - 1) * MONTH
            top = y + 1 + lane_of[phase] * lane_height
            parts.append(
                f'<rect class="ov-phase ov-phase-{order[phase] % 3}" x="{x:.1f}" y="{top:.1f}" '
                f'width="{(last - first + 1) * MONTH:.1f}" height="{lane_height:.1f}">'
                f"<title>{escape(phase.title)}</title></rect>"
            )
        for month in range(1, 13):
            x = LABEL + (month - 1) * MONTH
            name = month_names[month]
            count = texts.get((row.year, month), 0)
            if count:
                h = max(2.0, count / most * BAR)
                label = texts_label(wording, name, row.year, count)
                parts.append(
                    f'<rect class="ov-bar" x="{x + 4:.1f}" y="{y + ROW - 2 - h:.1f}" '
                    f'width="{MONTH - 8:.1f}" height="{h:.1f}">'
                    f"<title>{escape(label)}</title></rect>"
                )
            count = events.get((row.year, month), 0)
            if count:
                label = events_label(wording, name, row.year, count)
                parts.append(
                    f'<circle class="ov-event" cx="{x + MONTH / 2:.1f}" cy="{y + 6}" r="3.5">'
                    f"<title>{escape(label)}</title></circle>"
                )
        if row.until != row.year:
            text = f'<text x="2" y="{y + ROW / 2 + 4}" class="ov-gap">{row.year}–{row.until}</text>'
            parts.append(f"{text}</g>")
            continue
        text = f'<text x="2" y="{y + ROW / 2 + 5}" class="ov-label">{row.year}</text>'
        # a year without a section of its own has nothing to link to
        parts.append(f'<a href="#aar-{row.year}">{text}</a>' if row.linked else text)
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
