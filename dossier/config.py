"""Settings shared by the plugin, the build and publishing: DOSSIER_* defaults, paths, sources.

pelicanconf.py (and publishconf.py) may override any DOSSIER_* setting.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

log = logging.getLogger(__name__)
# publishconf.py's fallback when DOSSIER_SITEURL is unset: a published site must never use it.
PLACEHOLDER_SITEURL = "https://sbsys-dossier.example.org"

DEFAULTS: dict[str, object] = {
    # The front page's words on the topic, before its generic introduction ("" for none).
    "DOSSIER_TOPIC_ABOUT": "",
    # The sources file (topic query and sources); relative paths are relative to the project root.
    "DOSSIER_SOURCES": "sources.toml",
    # The state folder; None means the folder `state` beside the content folder.
    "DOSSIER_STATE": None,
    # Where readers report an error: an e-mail address or an http(s) URL, linked in every page's
    # footer ("" for no link; pelicanconf.py reads the environment's DOSSIER_CONTACT).
    "DOSSIER_CONTACT": "",
    # How many of the newest items the front page lists.
    "DOSSIER_FRONT_PAGE_ITEMS": 15,
    # Publish mode of an article whose file and source say nothing.
    "DOSSIER_DEFAULT_PUBLISH": "excerpt",
    # URL patterns of notes and events (articles use ARTICLE_URL).
    "DOSSIER_NOTE_URL": "noter/{slug}/",
    "DOSSIER_EVENT_URL": "begivenheder/{date:%Y}/{slug}/",
    "DOSSIER_PERSON_URL": "personer/{slug}/",
    "DOSSIER_ORGANISATION_URL": "organisationer/{slug}/",
    # The network drawing shows at most this many of the most mentioned people and organisations.
    "DOSSIER_NETWORK_NODES": 150,
    # Entities found in the texts get pages when they have a role cue or this many texts.
    "DOSSIER_DISCOVERY_MIN_TEXTS": 2,
    # A build into a kept output folder removes every file of it the build did not produce
    # (dossier/plugin/prune.py): invoke update's staging builds turn it on.
    "DOSSIER_SWEEP": False,
    # A build writes its pages on two processes when 2.5 times its memory fits this many MB
    # (dossier/plugin/split.py); False for DOSSIER_SPLIT writes in one.
    "DOSSIER_SPLIT": True,
    # A text whose file is unchanged is restored as the last build read it, from
    # state/texts/ (dossier/plugin/snapshot.py); False reads every text.
    "DOSSIER_SNAPSHOT": True,
    "DOSSIER_MEMORY_MB": 1200,
    # Readers' search is indexed in parts of at most this many pages, one Pagefind run each:
    # Pagefind holds a whole part in memory (about 50 KB a page), and an unchanged part is kept.
    "DOSSIER_SEARCH_PART_PAGES": 8000,
    # Publishing (invoke update and deploy): files every published build must have,
    "DOSSIER_REQUIRED_FILES": (
        "index.html",
        "data/articles.json",
        "data/people.json",
        "data/organisations.json",
        "data/statements.json",
        "data/timeline.json",
        "pagefind/pagefind.js",
    ),
    # the shrink guard (refuse a build with this share fewer articles, people or pages than live),
    "DOSSIER_SHRINK_THRESHOLD": 0.10,
    # release folders kept by a dir: target (and build copies kept for an rsync: rollback),
    "DOSSIER_KEEP_RELEASES": 5,
    # whether to commit what the scrapers wrote when content/ is a git repository,
    "DOSSIER_COMMIT_CONTENT": True,
    # alerts: a source failing in this many consecutive runs, or without success for this many
    # hours, makes `invoke update` exit 7 (after deploying what it could),
    "DOSSIER_ALERT_FAILURES": 3,
    "DOSSIER_ALERT_HOURS": 24,
    # and apprise URLs (a list, or one string split on spaces) notified of failing sources and
    # runs that could not publish; the same problem again only after this many hours.
    "DOSSIER_NOTIFY": (),
    "DOSSIER_NOTIFY_REPEAT_HOURS": 24,
}


def apply_defaults(settings: dict) -> None:
    """Fill in every DOSSIER_* setting that the site's settings leave out."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    # what the debate is about, in the interface's "the debate about ..."
    settings.setdefault("DOSSIER_TOPIC", settings.get("SITENAME", ""))


def load_sources(path: Path) -> dict[str, dict]:
    """Return the sources of a sources file by id ({} when the file is missing or invalid)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        log.warning("cannot read sources file %s: %s", path, error)
        return {}
    return {str(s["id"]): s for s in data.get("source", []) if isinstance(s, dict) and "id" in s}


def project_path(settings: dict, value: str | Path) -> Path:
    """Resolve a path setting against the project root (the folder of the settings file)."""
    path = Path(value)
    if path.is_absolute():
        return path
    root = Path(settings.get("DOSSIER_ROOT") or Path(settings["PATH"]).parent)
    return root / path


def state_dir(settings: dict) -> Path:
    """The state folder: DOSSIER_STATE, or `state` beside the content folder."""
    configured = settings.get("DOSSIER_STATE")
    return Path(configured) if configured else Path(settings["PATH"]).parent / "state"
