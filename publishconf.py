"""Production settings: absolute URLs, feeds with the domain, the content cache on."""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

# The address readers use. Unset, it is a placeholder that `invoke build --publish` and
# `invoke update` refuse (dossier/config.py PLACEHOLDER_SITEURL).
SITEURL = os.environ.get("DOSSIER_SITEURL", "https://sbsys-dossier.example.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = True
# Drafts are previewed locally under /kladder/; the published site has none.
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""

# Where `invoke deploy` and `invoke update` publish to when --target is not given:
# dir:/srv/www/dossier, rsync:[user@]host:/path or git:REPO#branch (README: Running it unattended).
DEPLOY_TARGET = os.environ.get("DOSSIER_DEPLOY_TARGET", "")
# Apprise URLs notified when sources keep failing or a run cannot publish (README: Alerts).
DOSSIER_NOTIFY = os.environ.get("DOSSIER_NOTIFY", "")
# The publishing settings (DOSSIER_SHRINK_THRESHOLD, DOSSIER_REQUIRED_FILES, DOSSIER_KEEP_RELEASES,
# DOSSIER_COMMIT_CONTENT, DOSSIER_ALERT_FAILURES, DOSSIER_ALERT_HOURS, DOSSIER_NOTIFY_REPEAT_HOURS)
# and their defaults are in dossier/config.py; override them here.
