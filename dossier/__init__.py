"""The dossier generator: one package, a subpackage per role.

The modules here are the content model every part shares: content.py (kinds of file, keys, slugs,
dates, atomic writes), documents.py (plain records of texts), errors.py, i18n.py (gettext from
.po files), config.py (DOSSIER_* defaults, the sources file, paths) and scrapestate.py (the
scrapers' source statuses, read-only). They import nothing else of the project. The roles:

- analysis/: the registry and the Danish text analysis (pure; never imports Pelican);
- plugin/: the Pelican plugin (PLUGINS = ["dossier.plugin"]): pages, timeline, graph, exports;
- publish/: the build (Pelican + Pagefind), verification, deploy targets and the cron order;
- editing/: the editors' commands: check, new, entities, search, serve.
"""
