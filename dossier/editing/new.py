"""`invoke new`: start a note, event, person or organisation from a Danish template.

Notes and events start as drafts (`Status: draft`): previewed locally under /kladder/<slug>/,
never published until the editor removes the line. The template's placeholder sentences are
listed in PLACEHOLDERS, so that `invoke check` refuses to publish a file that still has them;
an organisation's Type is left empty for the editor to choose (check asks for one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content import atomic_write, slugify
from ..errors import DossierError
from .messages import _
from .names import owners, registry_names

NOTE_SUMMARY = "Én sætning om, hvad noten handler om."
NOTE_BODY = "Skriv noten her. Henvis til kilder med links, fx [Computerworld](https://...)."
EVENT_SUMMARY = "Én sætning om, hvad der skete."
EVENT_BODY = "Beskriv begivenheden med egne ord og link til kilden."
PERSON_SUMMARY = "Én sætning om personens rolle i debatten."
PERSON_BODY = "To til fire sætninger om personen med links til kilderne."
ORGANISATION_SUMMARY = "Én sætning om organisationens rolle i debatten."
ORGANISATION_BODY = "En kort beskrivelse af organisationen med links til kilderne."
PLACEHOLDERS = (
    NOTE_SUMMARY,
    NOTE_BODY,
    EVENT_SUMMARY,
    EVENT_BODY,
    PERSON_SUMMARY,
    PERSON_BODY,
    ORGANISATION_SUMMARY,
    ORGANISATION_BODY,
)

TEMPLATES = {
    "note": (
        "notes/{slug}.md",
        "Title: {title}\nDate: {today}\nStatus: draft\nSources:\nPeople:\nOrganisations:\n"
        f"Summary: {NOTE_SUMMARY}\n\n{NOTE_BODY}\n",
    ),
    "event": (
        "events/{today}-{slug}.md",
        "Title: {title}\nDate: {today}\nStatus: draft\nKind: begivenhed\nPrecision: day\n"
        f"Sources:\nPeople:\nOrganisations:\nSummary: {EVENT_SUMMARY}\n\n{EVENT_BODY}\n",
    ),
    "person": (
        "people/{slug}.md",
        f"Title: {{title}}\nAliases:\nRoles:\nSummary: {PERSON_SUMMARY}\n\n{PERSON_BODY}\n",
    ),
    "organisation": (
        "organisations/{slug}.md",
        "Title: {title}\nAliases:\nType:\n"
        f"Summary: {ORGANISATION_SUMMARY}\n\n{ORGANISATION_BODY}\n",
    ),
}


def shown(path: Path) -> Path:
    """A path as the editor typed from the project's folder, when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def new_file(content: Path, kind: str, title: str, today: date | None = None) -> Path:
    """Write a new content file of the given kind; never overwrite an existing one."""
    if kind not in TEMPLATES:
        message = _("unknown kind '{kind}': use one of {kinds}")
        raise DossierError(message.format(kind=kind, kinds=", ".join(TEMPLATES)))
    if not title.strip():
        raise DossierError(_("give the new file a title"))
    if kind in ("person", "organisation"):
        # a second entity with a known name would split its mentions between the two
        for name in owners(registry_names(content), title):
            message = _("'{title}' is already a name of {path} ({kind} '{id}'): edit that file")
            raise DossierError(
                message.format(
                    title=title.strip(), path=name.path.as_posix(), kind=name.kind, id=name.id
                )
            )
    pattern, template = TEMPLATES[kind]
    values = {"title": title.strip(), "slug": slugify(title), "today": (today or date.today())}
    path = content / pattern.format(**values)
    if kind == "event" and not path.exists():
        # an event's file is named by its date, which the editor sets after it is made: one of
        # another date with this title is the same event
        path = next(iter(sorted(path.parent.glob(f"????-??-??-{values['slug']}.md"))), path)
    if path.exists():
        message = _("{path} already exists: edit that file, or give the new one another title")
        raise DossierError(message.format(path=shown(path)))
    atomic_write(path, template.format(**values))
    return path
