"""The /kilder/ page: every source followed, how many articles it gave and how fresh it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ..config import load_sources, project_path, state_dir
from ..scrapestate import SourceState, read_states

LOCAL = ZoneInfo("Europe/Copenhagen")
# Every Danish word of the page in one place (for the gettext catalogues).
# The scrapers' status words (scrapers/run.py _save_status).
STATUS = {"ok": "OK", "not_modified": "Ingen ændringer", "error": "Fejl"}
# What is wrong with a failing source, by the scrapers' error kind (dossier/scrapestate.py);
# readers never see the scrapers' own (English, technical) error text.
PROBLEM = {
    "unreachable": "Siden svarer ikke",
    "timeout": "Siden svarer for langsomt",
    "not_found": "Feedet findes ikke længere (404)",
    "gone": "Feedet er fjernet (410)",
    "server_error": "Serverfejl hos kilden",
    "http_error": "Kilden afviste hentningen",
    "malformed": "Feedet kan ikke læses",
    "robots": "Kilden tillader ikke automatisk hentning (robots.txt)",
    "other": "Hentningen mislykkedes",
}
NEVER = "aldrig hentet"
SINCE = "siden {when}"
RETIRED = "Følges ikke længere"
# The page's entry in the main menu (title, URL).
SOURCES_MENU = ("Kilder", "kilder/")


@dataclass(frozen=True)
class SourceRow:
    """One source on the /kilder/ page."""

    id: str
    name: str
    url: str
    kind: str  # feed, site or page
    publish: str
    articles: int
    last_success: str | None  # the last fetch without an error; ISO 8601 UTC
    last_success_text: str  # Danish, local time; "aldrig hentet" when never fetched without error
    status: str  # in Danish
    error: str | None  # what is wrong, in Danish (PROBLEM), with since when; None when fine
    failing_since: str | None = None  # ISO 8601 UTC of the first failure of the current streak
    retired: bool = False  # no longer scraped (retired = true, or gone from the sources file)


def source_rows(sources: Path, content: Path, state: Path) -> list[SourceRow]:
    """Every source of the sources file (and any gone from it with articles) and its last fetch."""
    states = read_states(state)
    known = load_sources(sources)
    folders = content / "articles"
    subfolders = sorted(folders.iterdir()) if folders.is_dir() else []
    gone = [p.name for p in subfolders if p.is_dir() and not p.name.startswith((".", "_"))]
    for source_id in sorted(set(gone) - set(known)):
        known[source_id] = {
            "id": source_id,
            "retired": True,
            "name": _stored_name(folders / source_id),
        }
    rows = []
    for source_id, source in known.items():
        kind = next((k for k in ("feed", "site", "page") if k in source), "feed")
        found = states.get(source_id, SourceState(source_id))
        folder = folders / source_id
        retired = bool(source.get("retired", False))
        rows.append(
            SourceRow(
                id=source_id,
                name=str(source.get("name") or source_id),
                url=str(source.get(kind, "")),
                kind=kind,
                publish=str(source.get("publish", "excerpt")),
                articles=sum(1 for _ in folder.rglob("*.md")) if folder.is_dir() else 0,
                last_success=found.last_success,
                last_success_text=_danish(found.last_success),
                status=RETIRED if retired else STATUS.get(found.status or "", "–"),
                error=None if retired else problem_text(found),
                failing_since=found.failing_since if found.failing else None,
                retired=retired,
            )
        )
    return sorted(rows, key=lambda row: row.name.lower())


def problem_text(found: SourceState) -> str | None:
    """What is wrong with a failing source, in Danish, with since when (None when it is fine)."""
    if not found.failing:
        return None
    text = PROBLEM.get(found.error_kind or "other", PROBLEM["other"])
    # since when, not how many runs: the page is rebuilt when a source's trouble changes, not
    # on every run it goes on (see _statuses in publish/update.py)
    if found.failing_since:
        text += ", " + SINCE.format(when=_danish(found.failing_since))
    return text


def _stored_name(folder: Path) -> str:
    """The SourceName an article of a source gone from the sources file keeps ('' if none)."""
    for path in sorted(folder.rglob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                break
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() == "sourcename" and value.strip():
                return value.strip()
    return ""


def _danish(moment: str | None) -> str:
    if not moment:
        return NEVER
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment
    return format_datetime(when, "d. MMMM y 'kl.' HH:mm", tzinfo=LOCAL, locale="da_DK")


def write_sources_page(writer, context: dict, settings: dict, template) -> None:
    """Write the /kilder/ page (DOSSIER_SOURCES_URL) with the Jinja template `sources`."""
    url = settings.get("DOSSIER_SOURCES_URL", "kilder/")
    content = Path(settings["PATH"])
    sources = project_path(settings, settings.get("DOSSIER_SOURCES", "sources.toml"))
    rows = source_rows(sources, content, state_dir(settings))
    writer.write_file(url + "index.html", template, context, rows=rows, page_url=url)
