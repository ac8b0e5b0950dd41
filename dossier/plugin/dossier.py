"""The dossier's page data: people and organisations as entities, joined with the analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..content import danish_key
from ..documents import Document, Quote, url_of
from .entities import Profile
from .language import Gettext, danish
from .timeline import Entry, build_entries

STATEMENTS_ON_ONE_PAGE = 500  # more, and each year's statements have a page of their own


@dataclass(frozen=True)
class Link:
    """A person or organisation as a link."""

    id: str
    name: str
    url: str


@dataclass
class Entity:
    """A person or organisation as its page shows it."""

    key: str
    id: str
    kind: str
    name: str
    url: str
    aliases: tuple[str, ...] = ()
    roles: list = field(default_factory=list)  # (Role, Link | None)
    raw_roles: tuple = ()
    type: str = ""
    parent: str = ""
    summary: str = ""
    bio: str = ""
    discovered: bool = False

    @property
    def page(self) -> str:
        """The page URL (as exports call it)."""
        return self.url


@dataclass
class Dossier:
    """Everything the dossier computed for one build."""

    entities: dict[str, Entity]
    items: dict[str, object]  # page URL -> Pelican content object
    documents: list[Document]
    quotes: list[Quote]
    profiles: dict[str, Profile]
    settings: dict
    related: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def assemble(
        cls, registry, entity_pages, items, documents, quotes, profiles, settings, candidates=()
    ):
        """Join the registry, Pelican's pages for it and the analysis into page data."""
        entities: dict[str, Entity] = {}
        for candidate in candidates:
            pattern = settings[f"DOSSIER_{candidate.kind.upper()}_URL"]
            entities[f"{candidate.kind}:{candidate.id}"] = Entity(
                key=f"{candidate.kind}:{candidate.id}",
                id=candidate.id,
                kind=candidate.kind,
                name=candidate.name,
                url=pattern.format(slug=candidate.id),
                discovered=True,
            )
        for kind, records, pattern in (
            ("person", registry.people, settings["DOSSIER_PERSON_URL"]),
            ("organisation", registry.organisations, settings["DOSSIER_ORGANISATION_URL"]),
        ):
            for record in records:
                key = f"{kind}:{record.id}"
                page = entity_pages.get(key)
                entities[key] = Entity(
                    key=key,
                    id=record.id,
                    kind=kind,
                    name=record.name,
                    url=page.url if page else pattern.format(slug=record.id),
                    aliases=shown_aliases(record.name, record.aliases),
                    raw_roles=tuple(getattr(record, "roles", ())),
                    type=getattr(record, "type", ""),
                    parent=getattr(record, "parent", ""),
                    summary=record.summary,
                    bio=page.content if page else "",
                    discovered=record.discovered,
                )
        for entity in entities.values():
            entity.roles = [
                (role, _link(entities.get(f"organisation:{role.organisation}")))
                for role in entity.raw_roles
            ]
        return cls(entities, {url_of(i): i for i in items}, documents, quotes, profiles, settings)

    @cached_property
    def timeline_entries(self) -> list[Entry]:
        """The lines of the timeline (timeline.py), made once for every page and file that
        shows them."""
        return build_entries(self.documents, self.quotes)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        """Every document by its id."""
        return {d.id: d for d in self.documents}

    def link(self, key: str) -> Link | None:
        """The link of an entity key, or None when it is not in the registry.

        One Link per entity, shared by every page that shows it (links are frozen): a page's
        digest reads each once a build (incremental.py).
        """
        if key not in self._links:
            self._links[key] = _link(self.entities.get(key))
        return self._links[key]

    @cached_property
    def _links(self) -> dict[str, Link | None]:
        return {}

    def quote_views(self, quotes: list[Quote]) -> list[tuple[Quote, Link | None, Document | None]]:
        """Quotes with their speaker's link and their document."""
        by_id = self.by_id
        return [
            (q, self.link(f"person:{q.person}") if q.person else None, by_id.get(q.article))
            for q in quotes
        ]

    def attach_to_items(self) -> None:
        """Give every article, note and event its people, organisations and statements."""
        by_id = self.by_id
        quotes_by_doc: dict[str, list[Quote]] = {}
        for quote in self.quotes:
            quotes_by_doc.setdefault(quote.article, []).append(quote)
        for doc in self.documents:
            item = self.items[doc.page]
            item.people_links = [link for p in doc.people if (link := self.link(f"person:{p}"))]
            item.organisation_links = [
                link for o in doc.organisations if (link := self.link(f"organisation:{o}"))
            ]
            item.quotes = self.quote_views(quotes_by_doc.get(doc.id, []))
            item.related = [by_id[i] for i in self.related.get(doc.id, []) if i in by_id]

    def menu(self, pages, _: Gettext = danish) -> list[tuple[str, str]]:
        """The main menu: the dossier's sections, then the pages that ask for a place in it."""
        menu = [
            (_("Front page"), ""),
            (_("Timeline"), "tidslinje/"),
            (_("People"), "personer/"),
            (_("Organisations"), "organisationer/"),
            (_("Statements"), "udtalelser/"),
            (_("Network"), "netvaerk/"),
            (_("Archive"), "arkiv/"),
        ]
        return menu + [(p.title, p.url) for p in pages if p.slug == "om"]

    def intro_url(self) -> str:
        """The page of the note "Sagen kort", when there is one."""
        return next((d.page for d in self.documents if d.page.endswith("/sagen-kort/")), "")

    def sitemap_urls(self) -> list[str]:
        """The dossier's own pages, for sitemap.xml."""
        fixed = [
            "tidslinje/",
            "personer/",
            "organisationer/",
            "udtalelser/",
            "netvaerk/",
            "kilder/",
        ]
        years = [f"udtalelser/{year}/" for year in self.statement_pages()]
        return fixed + years + [e.url for e in self.entities.values()]

    def statement_years(self) -> list[tuple[int, list]]:
        """Every statement with its speaker's link and its text, oldest first, by year: who
        said what and when."""
        quotes = sorted(self.quotes, key=lambda q: (q.date, q.article, q.id))
        years: dict[int, list] = {}
        for view in self.quote_views(quotes):
            years.setdefault(view[0].date.year, []).append(view)
        return list(years.items())

    def statement_pages(self) -> list[int]:
        """The years that have a statements page of their own: none while /udtalelser/ holds
        them all (STATEMENTS_ON_ONE_PAGE), every year's when there are more (20,000 on one
        page made it 10 MB, and every new statement wrote it again)."""
        if len(self.quotes) <= STATEMENTS_ON_ONE_PAGE:
            return []
        return sorted({q.date.year for q in self.quotes})

    def is_media(self, organisation: str) -> bool:
        """Whether an organisation is a medium (where texts come from, not a party)."""
        entity = self.entities.get(f"organisation:{organisation}")
        return bool(entity and entity.type == "medie")

    def links(self, kind: str, ids) -> list[Link]:
        """The links of these ids of one kind, by name."""
        links = (self.link(f"{kind}:{i}") for i in ids)
        return sorted((link for link in links if link), key=lambda link: danish_key(link.name))


def _link(entity: Entity | None) -> Link | None:
    return Link(entity.id, entity.name, entity.url) if entity else None


def shown_aliases(name: str, aliases) -> tuple[str, ...]:
    """The aliases a page shows: each once whatever its case, and not the name itself (the
    matcher keeps every spelling: "Kita-formanden" and "KITA-formanden" find the same person)."""
    seen, shown = {name.casefold()}, []
    for alias in aliases:
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            shown.append(alias)
    return tuple(shown)
