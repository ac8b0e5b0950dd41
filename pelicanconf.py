"""Pelican settings for local work; publishconf.py imports these and sets production values."""

from __future__ import annotations

import logging
import os

SITENAME = "SBSYS-dossieret"
SITESUBTITLE = "Debatten om kommunernes fælles ESDH-system SBSYS"
# What the debate is about, as the interface names it ("the debate about ..."; default SITENAME),
# and the front page's own words on it, in the site's language (may be left out).
DOSSIER_TOPIC = "SBSYS"
DOSSIER_TOPIC_ABOUT = (
    "SBSYS er det sags- og dokumenthåndteringssystem (ESDH), som en klub af kommuner ejer i "
    "fællesskab og får udviklet af private leverandører."
)
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Copenhagen"
# The site's language: interface strings (theme/translations/, dossier/plugin/locale/), dates,
# <html lang> and so Pagefind's stemming. "da" (the default) or "en".
DOSSIER_LANGUAGE = "da"
DEFAULT_LANG = DOSSIER_LANGUAGE
THEME = "theme"
PLUGINS = ["dossier.plugin"]
DELETE_OUTPUT_DIRECTORY = False
# Local builds have no domain; their feeds are for previewing only.
LOG_FILTER = [(logging.WARNING, "Feeds generated without SITEURL%s")]

# Which folders Pelican reads as what; people/ and organisations/ are read by the dossier plugin.
ARTICLE_PATHS = ["articles", "notes", "events"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["people", "organisations", "pages"]
PAGE_EXCLUDES = ["people", "organisations", "articles", "notes", "events"]
STATIC_PATHS: list[str] = []
IGNORE_FILES = [".*", "_*", "*.tmp"]

# File names are slugs already (written by the scrapers and `invoke new` with ae/oe/aa).
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "artikler/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_URL = "kladder/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"

# No author, category or tag pages: people and organisations have dossier pages instead.
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "dossier"
DIRECT_TEMPLATES = ["index", "archives", "search"]
SEARCH_SAVE_AS = "soeg/index.html"
ARCHIVES_SAVE_AS = "arkiv/index.html"
YEAR_ARCHIVE_URL = "arkiv/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False

FEED_DOMAIN = SITEURL
FEED_ATOM = "feeds/atom.xml"
FEED_ALL_ATOM = "feeds/alle.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = False
# Templates escape by default: whatever text comes from a source is text. Pelican's HTML fields
# (title, content, summary) are marked |safe where the theme prints them.
# The dossier plugin adds Jinja's i18n extension and installs the theme's catalogue.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
SUMMARY_MAX_LENGTH = 60
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
CACHE_PATH = "state/pelican-cache"

# The dossier plugin (see dossier/config.py for every DOSSIER_* setting and its default).
DOSSIER_SOURCES = "sources.toml"
# Where readers report an error (an e-mail address or an https URL; linked in every footer).
DOSSIER_CONTACT = os.environ.get("DOSSIER_CONTACT", "")
DOSSIER_FRONT_PAGE_ITEMS = 15
# The language of the editors' messages ("da" or "en"; the environment's DOSSIER_LANGUAGE wins).
DOSSIER_LANGUAGE = "da"
