"""The dossier's Pelican generator: the pages Pelican does not make by itself."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from .model import load_sources
from .settings import apply_defaults
from .sitemap import robots_txt, sitemap_xml
from .templating import FILTERS

log = logging.getLogger(__name__)


def project_path(settings: dict, value: str | Path) -> Path:
    """Resolve a path setting against the folder of the settings file (the project root)."""
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
    settings["DOSSIER_SOURCE_MAP"] = load_sources(
        project_path(settings, settings["DOSSIER_SOURCES"])
    )


class DossierGenerator(Generator):
    """Writes the dossier's own files after Pelican has read every article and page."""

    def generate_context(self) -> None:
        """Put the main menu and the link to the introduction into the shared context."""
        pages = {page.slug: page for page in self.context.get("pages", [])}
        notes = {a.slug: a for a in self.context.get("articles", []) if a.kind == "note"}
        menu = [("Forside", ""), ("Arkiv", "arkiv/")]
        menu += [(pages[slug].title, pages[slug].url) for slug in ("om",) if slug in pages]
        self.context["DOSSIER_MENU"] = menu
        intro = notes.get("sagen-kort")
        self.context["DOSSIER_INTRO_URL"] = intro.url if intro else ""

    def generate_output(self, writer) -> None:
        """Write sitemap.xml and robots.txt."""
        site_url = self.settings.get("SITEURL", "")
        items = list(self.context.get("articles", [])) + list(self.context.get("pages", []))
        output = Path(self.output_path)
        _write(output / "sitemap.xml", sitemap_xml(site_url, items, self.context))
        _write(output / "robots.txt", robots_txt(site_url))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
