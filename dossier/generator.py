"""The dossier's Pelican generator: registry, mentions, statements, timeline, network, exports."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.contents import Page
from pelican.generators import Generator

from .analysis import analyse, attribute_to_discovered, discovered
from .discovery import load_rejected
from .documents import from_content
from .entities import build_profiles
from .model import load_sources
from .pages import Dossier
from .registry import load_registry
from .related import related
from .settings import apply_defaults
from .sources_page import SOURCES_MENU, write_sources_page
from .templating import FILTERS

log = logging.getLogger(__name__)


def project_path(settings: dict, value: str | Path) -> Path:
    """Resolve a path setting against the project root (the folder of the settings file)."""
    path = Path(value)
    if path.is_absolute():
        return path
    root = Path(settings.get("DOSSIER_ROOT") or Path(settings["PATH"]).parent)
    return root / path


def state_dir(settings: dict) -> Path:
    """The state folder: DOSSIER_STATE, or `state` beside the content folder."""
    configured = settings.get("DOSSIER_STATE")
    return Path(configured) if configured else Path(settings["PATH"]).parent / "state"


def prepare(pelican) -> None:
    """initialized handler: merge the defaults and read the sources file once per build."""
    settings = pelican.settings
    apply_defaults(settings)
    settings["JINJA_FILTERS"] = {**FILTERS, **settings.get("JINJA_FILTERS", {})}
    sources = project_path(settings, settings["DOSSIER_SOURCES"])
    settings["DOSSIER_SOURCE_MAP"] = load_sources(sources)


def get_generators(_pelican) -> type[Generator]:
    """get_generators handler: add the dossier's generator after Pelican's own."""
    return DossierGenerator


class DossierGenerator(Generator):
    """Reads the registry, links the texts to it and writes the dossier's own pages."""

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
        menu = self.dossier.menu(self.context.get("pages", []))
        self.context["DOSSIER_MENU"] = [*menu, SOURCES_MENU]  # /kilder/: dossier/sources_page.py
        self.context["DOSSIER_INTRO_URL"] = self.dossier.intro_url()
        self.context["DOSSIER_SITEMAP_URLS"] = self.dossier.sitemap_urls()

    def _read_entity_pages(self) -> dict[str, Page]:
        pages = {}
        for folder, kind in (("people", "person"), ("organisations", "organisation")):
            for path in self.get_files(folder, extensions=("md",)):
                try:
                    page = self.readers.read_file(
                        base_path=self.path, path=path, content_class=Page, context=self.context
                    )
                except Exception as error:  # a broken registry file must not stop the build
                    log.warning("dossier: cannot read %s: %s", path, error)
                    continue
                pages[f"{kind}:{Path(path).stem}"] = page
                self.context["generated_content"][path] = page
        return pages

    def generate_output(self, writer) -> None:
        """Write entity pages, indexes, timeline, network, feeds, data exports and sitemap."""
        self.dossier.write(writer, self.context, self.get_template, Path(self.output_path))
        write_sources_page(writer, self.context, self.settings, self.get_template("sources"))
