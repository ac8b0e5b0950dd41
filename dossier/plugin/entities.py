"""What a person's or an organisation's page shows: roles, statements, articles, company kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape

from ..documents import Document, Quote, is_editorial
from .language import Gettext, danish


@dataclass
class Profile:
    """The computed part of one person's or organisation's page."""

    key: str
    documents: list[Document] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    people: list[tuple[str, int]] = field(default_factory=list)
    organisations: list[tuple[str, int]] = field(default_factory=list)
    dated: list[Document] = field(default_factory=list)  # articles and events, newest first
    editorial: list[Document] = field(default_factory=list)  # notes and phases, newest first
    first: Document | None = None
    last: Document | None = None
    per_year: list[tuple[int, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many texts mention the entity."""
        return len(self.documents)


def build_profiles(
    documents: list[Document], quotes: list[Quote], top: int = 8
) -> dict[str, Profile]:
    """Profiles keyed "person:<id>" and "organisation:<id>" from the linked documents."""
    profiles: dict[str, Profile] = {}
    for doc in documents:
        keys = [f"person:{p}" for p in doc.people] + [
            f"organisation:{o}" for o in doc.organisations
        ]
        for key in keys:
            profiles.setdefault(key, Profile(key)).documents.append(doc)
    for quote in quotes:
        if quote.person:
            profiles.setdefault(
                f"person:{quote.person}", Profile(f"person:{quote.person}")
            ).quotes.append(quote)
    for key, profile in profiles.items():
        own = key.split(":", 1)[1]
        profile.documents.sort(key=lambda d: d.date, reverse=True)
        profile.quotes.sort(key=lambda q: q.date)
        # Notes and phases are the editors' summaries: their dates say nothing about the debate,
        # and an overview names everyone. The page lists these two apart, so its first and last
        # mention agree with the list, and the company it keeps is that of the debate's texts.
        dated = [d for d in profile.documents if not is_editorial(d)]
        people = Counter(p for d in dated for p in d.people if p != own)
        orgs = Counter(o for d in dated for o in d.organisations if o != own)
        profile.people = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        profile.organisations = sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        profile.dated = dated
        profile.editorial = [d for d in profile.documents if is_editorial(d)]
        if dated:  # newest first, ties in the order the list shows them
            profile.first, profile.last = dated[-1], dated[0]
            years = Counter(d.date.year for d in dated)
            profile.per_year = [(y, years.get(y, 0)) for y in range(min(years), max(years) + 1)]
    return profiles


LABEL = 'font-size="11" text-anchor="middle"'


def bar_chart_svg(per_year: list[tuple[int, int]], name: str, _: Gettext = danish) -> str:
    """Mentions per year as a small inline SVG bar chart with text labels."""
    if not per_year:
        return ""
    most = max(count for _, count in per_year) or 1
    bar, gap, height = 34, 8, 120
    width = len(per_year) * (bar + gap)
    label = _("%(name)s: mentions per year") % {"name": name}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 36}" '
        f'width="{width}" height="{height + 36}" role="img" class="bars" '
        f'aria-label="{escape(label)}">'
    ]
    for i, (year, count) in enumerate(per_year):
        h = round(count / most * height)
        x = i * (bar + gap)
        parts.append(
            f"<g><title>{year}: {count}</title>"
            f'<rect x="{x}" y="{height - h + 14}" width="{bar}" height="{h}" fill="#0a6ebd"/>'
            f'<text x="{x + bar / 2}" y="{height - h + 10}" {LABEL}>{count}</text>'
            f'<text x="{x + bar / 2}" y="{height + 30}" {LABEL}>{year}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
