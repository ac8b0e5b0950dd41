"""The /kilder/ page: every source followed, how many articles it gave and how fresh it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ..config import load_sources, project_path, state_dir
from ..i18n import DEFAULT_LANGUAGE
from ..scrapestate import read_statuses
from .language import Gettext, danish, plugin_gettext, site_language

LOCAL = ZoneInfo("Europe/Copenhagen")


def status_words(_: Gettext = danish) -> dict[str, str]:
    """The scrapers' status words (scrapers/run.py _save_status) in the site's language."""
    return {"ok": _("OK"), "not_modified": _("No changes"), "error": _("Error")}


def sources_menu(_: Gettext = danish) -> tuple[str, str]:
    """The page's entry in the main menu (title, URL)."""
    return (_("Sources"), "kilder/")


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
    last_success_text: str  # local time in the site's language; "never fetched" when never
    status: str  # in the site's language
    error: str | None


def source_rows(
    sources: Path,
    content: Path,
    state: Path,
    _: Gettext = danish,
    language: str = DEFAULT_LANGUAGE,
) -> list[SourceRow]:
    """Every source of the sources file with its article count and its last fetch."""
    statuses = read_statuses(state)
    words = status_words(_)
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
                last_success_text=_moment(last_success, _, language),
                status=words.get(status or "", status or "–"),
                error=error,
            )
        )
    return sorted(rows, key=lambda row: row.name.lower())


def _moment(moment: str | None, _: Gettext, language: str) -> str:
    if not moment:
        return _("never fetched")
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment
    # the Babel date pattern is part of the catalogue: "d. MMMM y 'kl.' HH:mm" in Danish
    return format_datetime(when, _("MMMM d, y 'at' HH:mm"), tzinfo=LOCAL, locale=language)


def write_sources_page(writer, context: dict, settings: dict, template) -> None:
    """Write the /kilder/ page (DOSSIER_SOURCES_URL) with the Jinja template `sources`."""
    url = settings.get("DOSSIER_SOURCES_URL", "kilder/")
    content = Path(settings["PATH"])
    sources = project_path(settings, settings.get("DOSSIER_SOURCES", "sources.toml"))
    language = site_language(settings)
    rows = source_rows(sources, content, state_dir(settings), plugin_gettext(language), language)
    writer.write_file(url + "index.html", template, context, rows=rows, page_url=url)
