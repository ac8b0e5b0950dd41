"""Production settings: absolute URLs, feeds with the domain, the content cache on."""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("DOSSIER_SITEURL", "https://sbsys-dossier.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = True

# Where `invoke deploy` and `invoke update` publish to when --target is not given:
# dir:/srv/www/dossier, rsync:[user@]host:/path or git:REPO#branch (README: Running it unattended).
DEPLOY_TARGET = os.environ.get("DOSSIER_DEPLOY_TARGET", "")
# The shrink guard: refuse a build with this share fewer articles, people or pages than live.
DOSSIER_SHRINK_THRESHOLD = 0.10
# Files every published build must have (the data exports and the search index).
DOSSIER_REQUIRED_FILES = [
    "index.html",
    "data/articles.json",
    "data/people.json",
    "data/organisations.json",
    "data/statements.json",
    "data/timeline.json",
    "pagefind/pagefind.js",
]
# Release folders kept by a dir: target (and build copies kept for an rsync: rollback).
DOSSIER_KEEP_RELEASES = 5
# Commit what the scrapers wrote when content/ is a git repository of its own.
DOSSIER_COMMIT_CONTENT = True
