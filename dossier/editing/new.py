"""`invoke new`: start a note, event, person or organisation from a Danish template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content import atomic_write, slugify
from ..errors import DossierError

TEMPLATES = {
    "note": (
        "notes/{slug}.md",
        "Title: {title}\nDate: {today}\nSources:\nPeople:\nOrganisations:\n"
        "Summary: Én sætning om, hvad noten handler om.\n\n"
        "Skriv noten her. Henvis til kilder med links, fx [Computerworld](https://...).\n",
    ),
    "event": (
        "events/{today}-{slug}.md",
        "Title: {title}\nDate: {today}\nKind: begivenhed\nPrecision: day\nSources:\n"
        "People:\nOrganisations:\nSummary: Én sætning om, hvad der skete.\n\n"
        "Beskriv begivenheden med egne ord og link til kilden.\n",
    ),
    "person": (
        "people/{slug}.md",
        "Title: {title}\nAliases:\nRoles:\n"
        "Summary: Én sætning om personens rolle i debatten.\n\n"
        "To til fire sætninger om personen med links til kilderne.\n",
    ),
    "organisation": (
        "organisations/{slug}.md",
        "Title: {title}\nAliases:\nType: forening\n"
        "Summary: Én sætning om organisationens rolle i debatten.\n\n"
        "En kort beskrivelse af organisationen med links til kilderne.\n",
    ),
}


def new_file(content: Path, kind: str, title: str, today: date | None = None) -> Path:
    """Write a new content file of the given kind; never overwrite an existing one."""
    if kind not in TEMPLATES:
        raise DossierError(f"unknown kind '{kind}': use one of {', '.join(TEMPLATES)}")
    if not title.strip():
        raise DossierError("give the new file a title")
    pattern, template = TEMPLATES[kind]
    values = {"title": title.strip(), "slug": slugify(title), "today": (today or date.today())}
    path = content / pattern.format(**values)
    if path.exists():
        raise DossierError(f"{path} already exists")
    atomic_write(path, template.format(**values))
    return path
