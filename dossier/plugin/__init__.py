"""The dossier's Pelican plugin: people, organisations, statements, timeline, network, exports.

register() only connects signals; the generator (generator.py) runs the analysis and writes the
dossier's pages (pages.py) from its page data (dossier.py), in DOSSIER_LANGUAGE (language.py: the
plugin's catalogue in locale/, the theme's in <THEME>/translations/). May import the analysis and
the content model; never publishing, editing or the scrapers. Settings are DOSSIER_*
(dossier/config.py).
"""

from __future__ import annotations


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from . import heap
    from .archives import order_articles, period_archives
    from .generator import get_generators, prepare
    from .incremental import finalized, get_writer, helper_finished, stop_helpers
    from .language import install_translations
    from .model import init_content, resolve_links
    from .problems import problems_generator
    from .prune import prune, record, start, static_files
    from .readahead import idle_cache_off, read_articles_ahead, read_pages_ahead
    from .readers import dossier_readers
    from .snapshot import attach, forget, save
    from .split import remember
    from .templating import keep_compiled

    # settings are final: merge DOSSIER_* defaults, read the sources file
    signals.initialized.connect(prepare)
    # every generator's Jinja environment: the theme's catalogue in DOSSIER_LANGUAGE
    signals.generator_init.connect(install_translations)
    # and its compiled templates, kept in state/ while their source is unchanged
    signals.generator_init.connect(keep_compiled)
    # every article, note, event, page, person and organisation: kind, URL, list metadata
    signals.content_object_init.connect(init_content)
    # Pelican's order of the texts and its period archives, built in linear time (archives.py)
    signals.article_generator_pretaxonomy.connect(order_articles)
    signals.article_generator_finalized.connect(period_archives)
    # the dossier's own generator runs after Pelican's articles and pages
    signals.get_generators.connect(get_generators)
    # what Pelican's reader cache lacks is read on every core before its generators read it
    signals.article_generator_init.connect(read_articles_ahead)
    signals.page_generator_init.connect(read_pages_ahead)
    # and a generator's own cache, off when the readers' serves, does not hash every file twice
    signals.article_generator_init.connect(idle_cache_off)
    signals.page_generator_init.connect(idle_cache_off)
    # Danish dates are day-first: 12.11.2012 is 12 November (dates.py), and an Authors line is
    # split into names after its entities are read (bylines.py): readers.py adds both
    signals.readers_init.connect(dossier_readers)
    # local builds list the files check found problems in on /problemer/ (problems.py)
    signals.get_generators.connect(problems_generator)
    # a build into an existing output/ drops what earlier builds left: the pages of deleted
    # files, or, in invoke update's kept staging folder, every file it did not produce (prune.py)
    signals.initialized.connect(start)
    signals.content_written.connect(record)
    signals.feed_written.connect(record)
    signals.static_generator_finalized.connect(static_files)
    # {attach} links are resolved in source order before anything is written (model.py)
    signals.all_generators_finalized.connect(resolve_links)
    # pages are written on two cores where memory allows: the helper's join the build's (split.py)
    signals.initialized.connect(stop_helpers)
    signals.all_generators_finalized.connect(remember)
    signals.finalized.connect(helper_finished)
    signals.finalized.connect(prune)
    # the texts and the dossier's data live until the build ends: out of the cycle collector's
    # passes from when they are read until the next build starts (heap.py)
    signals.initialized.connect(heap.start)
    signals.article_generator_finalized.connect(heap.freeze)
    signals.all_generators_finalized.connect(heap.freeze)
    signals.finalized.connect(heap.end)
    # a text whose file is unchanged is restored as the last build read it (snapshot.py)
    signals.initialized.connect(forget)
    signals.generator_init.connect(attach)
    signals.all_generators_finalized.connect(save)
    # write only pages whose inputs changed; remove pages of deleted texts (incremental.py)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finalized)
