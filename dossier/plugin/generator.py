"""The dossier's Pelican generator: registry, mentions, statements, timeline, network, exports."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.contents import Page
from pelican.generators import Generator

from ..analysis.analyse import analyse, attribute_to_discovered, discovered
from ..analysis.discovery import load_rejected
from ..analysis.registry import load_registry
from ..config import apply_defaults, load_sources, project_path, state_dir
from ..documents import from_content
from .archives import take_over
from .dossier import Dossier
from .entities import build_profiles
from .history import write_changes_page
from .language import enable_i18n, plugin_gettext, site_language
from .pages import write_pages
from .readahead import read_ahead
from .related import related
from .sources_page import sources_menu, write_sources_page
from .templating import filters, name_index, spelling_map

log = logging.getLogger(__name__)


def prepare(pelican) -> None:
    """initialized handler: merge the defaults and read the sources file once per build."""
    settings = pelican.settings
    apply_defaults(settings)
    settings["JINJA_FILTERS"] = {
        **filters(site_language(settings)),
        **settings.get("JINJA_FILTERS", {}),
    }
    enable_i18n(settings)  # the theme's catalogue is installed per generator (generator_init)
    sources = project_path(settings, settings["DOSSIER_SOURCES"])
    settings["DOSSIER_SOURCE_MAP"] = load_sources(sources)
    take_over(settings)  # translations and period archives in linear time (archives.py)


def get_generators(_pelican) -> type[Generator]:
    """get_generators handler: add the dossier's generator after Pelican's own."""
    return DossierGenerator


class DossierGenerator(Generator):
    """Reads the registry, links the texts to it and writes the dossier's own pages."""

    def __init__(self, *args, **kwargs) -> None:
        # the registry's pages go through Pelican's reader cache like the articles do
        super().__init__(*args, readers_cache_name="DossierGenerator-Readers", **kwargs)

    def generate_context(self) -> None:
        """Read people and organisations, find mentions and statements, build page data."""
        items = [a for a in self.context.get("articles", []) if a.kind != "page"]
        # people/ and organisations/ are read as Pelican pages: bios render, {filename} resolves
        entity_pages = self._read_entity_pages()
        registry = load_registry(Path(self.path))
        documents = from_content(items)
        state = state_dir(self.settings)
        documents, quotes, found = analyse(documents, registry, state)
        # people and organisations the registry lacks: pages marked as found automatically
        rejected = load_rejected(Path(self.path))  # an editorial decision: kept in content/
        min_texts = self.settings["DOSSIER_DISCOVERY_MIN_TEXTS"]
        documents, candidates = discovered(documents, found, registry, rejected, min_texts)
        quotes = attribute_to_discovered(quotes, candidates)
        profiles = build_profiles(documents, quotes)
        # related texts: shared Danish key terms (term counts cached in state/)
        texts = [d for d in documents if d.event_kind != "fase"]  # phases relate to everything
        similar = related(texts, state)
        self.dossier = Dossier.assemble(
            registry, entity_pages, items, documents, quotes, profiles, self.settings, candidates
        )
        self.dossier.related = similar
        # articles, notes and events get their people, organisations, statements, related texts
        self.dossier.attach_to_items()
        _ = plugin_gettext(site_language(self.settings))
        menu = self.dossier.menu(self.context.get("pages", []), _)
        self.context["DOSSIER_MENU"] = [*menu, sources_menu(_)]  # /kilder/: plugin/sources_page.py
        self.context["DOSSIER_INTRO_URL"] = self.dossier.intro_url()
        self.context["DOSSIER_SITEMAP_URLS"] = self.dossier.sitemap_urls()
        # the search page reads Mølbæk for Molbaek: names as typed without Danish letters
        names = [n for e in self.dossier.entities.values() for n in (e.name, *e.aliases)]
        self.context["DOSSIER_SPELLINGS"] = spelling_map(names)
        self.context["DOSSIER_NAMES"] = name_index(self.dossier.entities.values())

    def digest_roots(self) -> list:
        """What the pages show that split.py walks on both cores ahead of them: the records of
        every text and quote (on the pages of the texts, of people and organisations, in the
        exports), the profiles of people and organisations (their pages, feeds, exports) and
        the lines of the timeline (its page and its two exports)."""
        dossier = getattr(self, "dossier", None)
        if dossier is None:
            return []
        profiles = dossier.profiles.values()
        return [*dossier.documents, *dossier.quotes, *profiles, *dossier.timeline_entries]

    def _read_entity_pages(self) -> dict[str, Page]:
        pages = {}
        read_ahead(self, ["people", "organisations"], [])
        for folder, kind in (("people", "person"), ("organisations", "organisation")):
            for path in self.get_files(folder, extensions=("md",)):
                try:
                    page = self.readers.read_file(
                        base_path=self.path, path=path, content_class=Page, context=self.context
                    )
                except Exception as error:  # a broken registry file must not stop the build
                    log.warning("cannot read %s: %s", path, error)
                    continue
                if not isinstance(page, Page):  # Status: skip (Pelican's stand-in, no page)
                    continue
                if page.status == "draft":  # no draft URL for them: the registry's page only
                    log.warning(
                        "%s: Status: draft; the page shows the registry's record only", path
                    )
                    continue
                pages[f"{kind}:{Path(path).stem}"] = page
                self.context["generated_content"][path] = page
        self.readers.save_cache()
        return pages

    def generate_output(self, writer) -> None:
        """Write entity pages, indexes, timeline, network, feeds, data exports and sitemap."""
        write_pages(self.dossier, writer, self.context, self.get_template)
        write_sources_page(writer, self.context, self.settings, self.get_template("sources"))
        write_changes_page(writer, self.context, self.get_template("changes"))  # /aendringer/
