"""One build of a benchmark corpus, run in its own process so its memory can be measured.

python -m benchmarks.buildone plain|dossier|site|pagefind CONTENT OUTPUT [--cache]

plain: Pelican without the plugin; dossier: Pelican with it; site: what `invoke build` runs after
the content check (Pelican, then Pagefind unless the pages are those it indexed last);
pagefind: Pagefind alone over the output, always.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

import pelican
from pelican import Pelican
from pelican.settings import read_settings

from dossier.publish.build import render_and_index, site_settings
from dossier.publish.pagefind import index_site


def plain_settings(content: Path, output: Path) -> dict:
    """Plain Pelican on the same Markdown: Pelican's defaults and simple theme, no plugin."""
    simple = Path(pelican.__file__).parent / "themes" / "simple"
    return read_settings(
        None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(simple),
            "ARTICLE_PATHS": ["articles", "notes", "events"],
            "PAGE_PATHS": ["pages"],
            "ARTICLE_EXCLUDES": ["people", "organisations", "pages"],
            "DEFAULT_PAGINATION": 10,
            "PLUGINS": [],
            "TIMEZONE": "Europe/Copenhagen",
            "SITEURL": "",
            "LOAD_CONTENT_CACHE": False,
        },
    )


def main() -> None:
    """Build once in the requested mode."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("plain", "dossier", "site", "pagefind"))
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--cache", action="store_true", help="use Pelican's content cache")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    content, output = args.content.resolve(), args.output.resolve()
    if args.mode == "pagefind":
        index_site(output)
        return
    if args.mode == "plain":
        settings = plain_settings(content, output)
    else:
        cache = {"LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True} if args.cache else {}
        settings = site_settings(content, output, **cache)
    if args.mode == "site":
        render_and_index(settings, output)
    else:
        Pelican(settings).run()
    os.sync()


if __name__ == "__main__":
    main()
