"""The /kilder/ page: every source followed, how many articles it gave and how fresh it is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ..config import load_sources, project_path, state_dir
from ..content import danish_key, parse_date, parse_header, precision_of
from ..i18n import DEFAULT_LANGUAGE
from ..scrapestate import SourceState, read_states
from .language import Gettext, danish, date_text, plugin_gettext, site_language

LOCAL = ZoneInfo("Europe/Copenhagen")


def status_words(_: Gettext = danish) -> dict[str, str]:
    """The scrapers' status words (scrapers/run.py _save_status) in the site's language."""
    return {"ok": _("OK"), "not_modified": _("No changes"), "error": _("Error")}


def problem_words(_: Gettext = danish) -> dict[str, str]:
    """What is wrong with a failing source, by the scrapers' error kind (dossier/scrapestate.py).

    Readers never see the scrapers' own (English, technical) error text.
    """
    return {
        "unreachable": _("The site does not answer"),
        "timeout": _("The site answers too slowly"),
        "not_found": _("The feed no longer exists (404)"),
        "gone": _("The feed has been removed (410)"),
        "server_error": _("Server error at the source"),
        "http_error": _("The source refused the request"),
        "malformed": _("The feed cannot be read"),
        "robots": _("The source does not allow automatic fetching (robots.txt)"),
        "other": _("Fetching failed"),
    }


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
    # local time in the site's language; "never fetched" when every fetch failed, "no fetch
    # recorded" when the state has no fetch at all (editors add articles by hand, a fresh clone
    # has no state): never "never fetched" beside articles it may well have given
    last_success_text: str
    status: str  # in the site's language
    error: str | None  # what is wrong, in the site's language, with since when; None when fine
    failing_since: str | None = None  # ISO 8601 UTC of the first failure of the current streak
    retired: bool = False  # no longer scraped (retired = true, or gone from the sources file)
    newest: str = ""  # the date of its newest article (ISO 8601), "" without articles
    newest_text: str = ""  # that date as far as it is known, in the site's language


def source_rows(
    sources: Path,
    content: Path,
    state: Path,
    _: Gettext = danish,
    language: str = DEFAULT_LANGUAGE,
    read: dict[str, Header] | None = None,
) -> list[SourceRow]:
    """Every source of the sources file (and any gone from it with articles) and its last fetch.

    read: the headers of the articles the build has read (texts_read()), by absolute path;
    any other file's header is read from the file.
    """
    states = read_states(state)
    read = read or {}
    known = load_sources(sources)
    folders = content / "articles"
    subfolders = sorted(folders.iterdir()) if folders.is_dir() else []
    gone = [p.name for p in subfolders if p.is_dir() and not p.name.startswith((".", "_"))]
    for source_id in sorted(set(gone) - set(known)):
        known[source_id] = {
            "id": source_id,
            "retired": True,
            "name": _stored_name(folders / source_id, read),
        }
    words = status_words(_)
    rows = []
    for source_id, source in known.items():
        kind = next((k for k in ("feed", "site", "page") if k in source), "feed")
        found = states.get(source_id, SourceState(source_id))
        folder = folders / source_id
        files = sorted(folder.rglob("*.md"), key=_parts) if folder.is_dir() else []
        newest, precision = _newest(files, read)
        retired = bool(source.get("retired", False))
        rows.append(
            SourceRow(
                id=source_id,
                name=str(source.get("name") or source_id),
                url=str(source.get(kind, "")),
                kind=kind,
                publish=str(source.get("publish", "excerpt")),
                articles=len(files),
                last_success=found.last_success,
                last_success_text=(
                    _moment(found.last_success, _, language)
                    if source_id in states
                    else _("no fetch recorded")
                ),
                status=_("No longer followed") if retired else words.get(found.status or "", "–"),
                error=None if retired else problem_text(found, _, language),
                failing_since=found.failing_since if found.failing else None,
                retired=retired,
                newest=newest.date().isoformat() if newest else "",
                newest_text=date_text(newest, precision, "", language) if newest else "",
            )
        )
    return sorted(rows, key=lambda row: danish_key(row.name))


def problem_text(
    found: SourceState, _: Gettext = danish, language: str = DEFAULT_LANGUAGE
) -> str | None:
    """What is wrong with a failing source, with since when (None when it is fine)."""
    if not found.failing:
        return None
    problems = problem_words(_)
    text = problems.get(found.error_kind or "other", problems["other"])
    # since when, not how many runs: the page is rebuilt when a source's trouble changes, not
    # on every run it goes on (see _statuses in publish/update.py)
    if found.failing_since:
        text += ", " + _("since %(when)s") % {"when": _moment(found.failing_since, _, language)}
    return text


def _stored_name(folder: Path, read: dict[str, Header]) -> str:
    """The Sourcename an article of a source gone from the sources file keeps ('' if none)."""
    for path in sorted(folder.rglob("*.md"), key=_parts):
        if name := _header(path, read).sourcename:
            return name
    return ""


def _newest(files: list[Path], read: dict[str, Header]) -> tuple[datetime | None, str]:
    """The newest Date among these articles' headers and its Precision (None without one)."""
    newest: tuple[datetime | None, str] = (None, "day")
    for path in files:
        header = _header(path, read)
        if header.date and (newest[0] is None or header.date > newest[0]):
            newest = (header.date, header.precision)
    return newest


def _parts(path: Path) -> tuple[str, ...]:
    """A path's sort key: the order of paths, without their slow comparison."""
    return path.parts


@dataclass(frozen=True)
class Header:
    """What the page reads of an article's header."""

    date: datetime | None  # local time, as parse_date gives it
    precision: str = "day"
    sourcename: str = ""


def _header(path: Path, read: dict[str, Header]) -> Header:
    """The header of an article the build has read (texts_read()), else read from its file."""
    known = read.get(str(path))
    if known is not None:
        return known
    fields, _ = parse_header(path.read_text(encoding="utf-8", errors="replace"))
    values = {field.key: field.value for field in fields}
    return Header(
        parse_date(values.get("date", "")),
        precision_of(values.get("precision", "day")),
        values.get("sourcename", "").strip(),
    )


def texts_read(context: dict) -> dict[str, Header]:
    """The headers of every article Pelican read, by source file (reading 5,000 files again
    cost half a second a build)."""
    texts = [
        text
        for name in ("articles", "drafts", "hidden_articles")
        for article in context.get(name, [])
        for text in (article, *getattr(article, "translations", []))
    ]
    return {
        os.path.abspath(text.source_path): Header(
            text.date.replace(tzinfo=None),
            precision_of(text.metadata.get("precision", "day")),
            str(text.metadata.get("sourcename", "")).strip(),
        )
        for text in texts
        if isinstance(text.metadata.get("date"), datetime)
    }


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
    if not writer.owns(url + "index.html"):  # the other process's (split.py)
        return
    content = Path(settings["PATH"])
    sources = project_path(settings, settings.get("DOSSIER_SOURCES", "sources.toml"))
    language = site_language(settings)
    _ = plugin_gettext(language)
    rows = source_rows(sources, content, state_dir(settings), _, language, texts_read(context))
    writer.write_file(url + "index.html", template, context, rows=rows, page_url=url)
