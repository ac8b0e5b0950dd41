"""The /kilder/ page: every source followed, how many articles it gave and how fresh it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ..config import load_sources, project_path, state_dir
from ..scrapestate import read_statuses

LOCAL = ZoneInfo("Europe/Copenhagen")
# The scrapers' status words (scrapers/run.py _save_status) in Danish.
STATUS = {"ok": "OK", "not_modified": "Ingen ændringer", "error": "Fejl"}
NEVER = "aldrig hentet"
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
    last_success_text: (
        str  # in Danish, local time; "aldrig hentet" when never fetched without error
    )
    status: str  # in Danish
    error: str | None


def source_rows(sources: Path, content: Path, state: Path) -> list[SourceRow]:
    """Every source of the sources file with its article count and its last fetch."""
    statuses = read_statuses(state)
    rows = []
    for source_id, source in load_sources(sources).items():
        kind = next((k for k in ("feed", "site", "page") if k in source), "feed")
        last_success, status, error = statuses.get(source_id, (None, None, None))
        folder = content / "articles" / source_id
        rows.append(
            SourceRow(
                id=source_id,
                name=str(source.get("name") or source_id),
                url=str(source.get(kind, "")),
                kind=kind,
                publish=str(source.get("publish", "excerpt")),
                articles=sum(1 for _ in folder.rglob("*.md")) if folder.is_dir() else 0,
                last_success=last_success,
                last_success_text=_danish(last_success),
                status=STATUS.get(status or "", status or "–"),
                error=error,
            )
        )
    return sorted(rows, key=lambda row: row.name.lower())


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
