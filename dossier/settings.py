"""Default DOSSIER_* settings; pelicanconf.py may override any of them."""

from __future__ import annotations

DEFAULTS: dict[str, object] = {
    # The sources file (topic query and sources); relative paths are relative to the project root.
    "DOSSIER_SOURCES": "sources.toml",
    # The state folder; None means the folder `state` beside the content folder.
    "DOSSIER_STATE": None,
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
    # and whether to commit what the scrapers wrote when content/ is a git repository.
    "DOSSIER_COMMIT_CONTENT": True,
}


def apply_defaults(settings: dict) -> None:
    """Fill in every DOSSIER_* setting that the site's settings leave out."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
