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

# Where `invoke deploy` and `invoke update` publish to when --target is not given.
DEPLOY_TARGET = os.environ.get("DOSSIER_DEPLOY_TARGET", "")
