"""Invoke tasks: thin wrappers over the importable functions in dossier/ and scrapers/.

One module per role (site, collect, edit, publish); `invoke --list` shows them all in one flat list.
"""

from __future__ import annotations

from invoke import Collection

from . import collect, edit, publish, site

ns = Collection(
    site.build,
    site.clean,
    site.rebuild,
    site.serve,
    site.livereload,
    site.demo,
    site.bench,
    site.catalogues,
    collect.scrape,
    collect.sources,
    collect.backfill,
    collect.archive,
    collect.changes,
    edit.check,
    edit.entities,
    edit.new,
    edit.search,
    publish.update,
    publish.deploy,
    publish.rollback,
)
