"""The dossier's pages: what each template gets, and writing it with Pelican's writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from . import exports, graph, timeline
from .documents import Document, Quote
from .entities import Profile, bar_chart_svg
from .sitemap import robots_txt, sitemap_xml
from .templating import MONTHS

FEED_ITEMS = 20  # newest texts in a person's or organisation's Atom feed


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
                    aliases=tuple(record.aliases),
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
        return cls(entities, {i.url: i for i in items}, documents, quotes, profiles, settings)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        """Every document by its id."""
        return {d.id: d for d in self.documents}

    def link(self, key: str) -> Link | None:
        """The link of an entity key, or None when it is not in the registry."""
        return _link(self.entities.get(key))

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

    def menu(self, pages) -> list[tuple[str, str]]:
        """The main menu: the dossier's sections, then the pages that ask for a place in it."""
        menu = [
            ("Forside", ""),
            ("Tidslinje", "tidslinje/"),
            ("Personer", "personer/"),
            ("Organisationer", "organisationer/"),
            ("Netværk", "netvaerk/"),
            ("Arkiv", "arkiv/"),
        ]
        return menu + [(p.title, p.url) for p in pages if p.slug == "om"]

    def intro_url(self) -> str:
        """The page of the note "Sagen kort", when there is one."""
        return next((d.page for d in self.documents if d.page.endswith("/sagen-kort/")), "")

    def sitemap_urls(self) -> list[str]:
        """The dossier's own pages, for sitemap.xml."""
        fixed = ["tidslinje/", "personer/", "organisationer/", "netvaerk/", "kilder/"]
        return fixed + [e.url for e in self.entities.values()]

    def write(self, writer, context: dict, get_template, output: Path) -> None:
        """Write every page and file of the dossier."""
        site_url = self.settings.get("SITEURL", "")
        names = {key: e.name for key, e in self.entities.items()}
        for entity in self.entities.values():
            self._write_entity(writer, context, get_template, entity)
        for kind, heading, intro, url in (
            ("person", "Personer", "Alle personer i dossieret.", "personer/"),
            (
                "organisation",
                "Organisationer",
                "Alle organisationer i dossieret.",
                "organisationer/",
            ),
        ):
            rows = [
                (e, self.profiles.get(e.key), _detail(e))
                for e in sorted(self.entities.values(), key=lambda e: e.name)
                if e.kind == kind
            ]
            writer.write_file(
                url + "index.html",
                get_template("entities"),
                context,
                kind=kind,
                heading=heading,
                intro=intro,
                rows=rows,
                page_url=url,
            )
        self._write_timeline(writer, context, get_template, names, output, site_url)
        self._write_network(writer, context, get_template, site_url)
        self._write_exports(output / "data")
        items = list(context.get("articles", [])) + list(context.get("pages", []))
        (output / "sitemap.xml").write_text(sitemap_xml(site_url, items, context), "utf-8")
        (output / "robots.txt").write_text(robots_txt(site_url), "utf-8")

    def _write_entity(self, writer, context, get_template, entity: Entity) -> None:
        profile = self.profiles.get(entity.key, Profile(entity.key))
        company = [(link, n) for p, n in profile.people if (link := self.link(f"person:{p}"))]
        company += [
            (link, n)
            for o, n in profile.organisations
            if (link := self.link(f"organisation:{o}")) and not self._is_media(o)
        ]
        members = [
            (other, role)
            for other in self.entities.values()
            for role in other.raw_roles
            if other.kind == "person" and role.organisation == entity.id
        ]
        writer.write_file(
            entity.url + "index.html",
            get_template(entity.kind),
            context,
            entity=entity,
            kind=entity.kind,
            profile=profile,
            quotes=self.quote_views(profile.quotes),
            documents=profile.documents,
            company=sorted(company, key=lambda c: -c[1]),
            chart=bar_chart_svg(profile.per_year, entity.name),
            members=members,
            parent=self.link(f"organisation:{entity.parent}") if entity.parent else None,
        )
        # our own Atom template over the dossier's records: Pelican's feed writer recomputes
        # each item's URL and content and cost half of all entity pages
        writer.write_file(
            entity.url + "atom.xml",
            get_template("entity_feed"),
            context,
            entity=entity,
            docs=profile.documents[:FEED_ITEMS],
            now=datetime.now(),
        )

    def _write_timeline(self, writer, context, get_template, names, output: Path, site_url) -> None:
        entries = timeline.build_entries(self.documents, self.quotes)
        phases = timeline.build_phases(self.documents)
        years = timeline.group_by_month(entries)
        starts = timeline.phase_starts(phases, [(y, m) for y, months in years for m, _ in months])
        used_people = sorted({p for e in entries for p in e.people})
        used_orgs = sorted({o for e in entries for o in e.organisations})
        writer.write_file(
            "tidslinje/index.html",
            get_template("timeline"),
            context,
            years=years,
            phase_starts=starts,
            names=names,
            month_names={0: "Måned ukendt", **{m: MONTHS[m].capitalize() for m in range(1, 13)}},
            filter_people=self._links("person", used_people),
            filter_organisations=self._links("organisation", used_orgs),
        )
        exports.write_json(output / "data", "timeline.json", timeline.export_rows(entries))
        js = timeline.timelinejs(entries, phases, context["SITENAME"], site_url)
        exports.write_json(output / "data", "timelinejs.json", js)

    def _is_media(self, organisation: str) -> bool:
        entity = self.entities.get(f"organisation:{organisation}")
        return bool(entity and entity.type == "medie")

    def _links(self, kind: str, ids) -> list[Link]:
        links = (self.link(f"{kind}:{i}") for i in ids)
        return sorted((link for link in links if link), key=lambda link: link.name)

    def _write_network(self, writer, context, get_template, site_url) -> None:
        # Media are where the texts come from, not parties to the debate: leave them out.
        media = {e.id for e in self.entities.values() if self._is_media(e.id)}
        full = graph.cooccurrence(self.documents, exclude_organisations=media)
        shown = graph.strongest(full, int(self.settings["DOSSIER_NETWORK_NODES"]))
        nodes = {key: graph.Node(key, e.name, e.url) for key, e in self.entities.items()}
        writer.write_file(
            "netvaerk/index.html",
            get_template("network"),
            context,
            svg=graph.network_svg(shown, nodes, site_url),
            edges=graph.top_edges(shown, nodes),
            shown=shown.number_of_nodes(),
            total=sum(1 for n in full.nodes if full.degree(n)),
        )

    def _write_exports(self, folder: Path) -> None:
        people = [e for e in self.entities.values() if e.kind == "person"]
        people_records = [
            _Exported(e.id, e.name, e.aliases, e.raw_roles, e.type, e.url) for e in people
        ]
        orgs = [
            _Exported(e.id, e.name, e.aliases, (), e.type, e.url)
            for e in self.entities.values()
            if e.kind == "organisation"
        ]
        exports.write_json(folder, "articles.json", exports.article_rows(self.documents))
        exports.write_json(
            folder, "people.json", exports.person_rows(people_records, self.documents, self.quotes)
        )
        exports.write_json(
            folder,
            "organisations.json",
            exports.organisation_rows(orgs, people_records, self.documents),
        )
        exports.write_json(folder, "statements.json", exports.statement_rows(self.quotes))


@dataclass(frozen=True)
class _Exported:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple
    type: str
    page: str


def _link(entity: Entity | None) -> Link | None:
    return Link(entity.id, entity.name, entity.url) if entity else None


def _detail(entity: Entity) -> str:
    if entity.kind == "organisation":
        return entity.type
    role = entity.raw_roles[0] if entity.raw_roles else None
    return role.title if role else ""
