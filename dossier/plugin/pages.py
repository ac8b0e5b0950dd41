"""Write the dossier's pages with Pelican's writer: entities, lists, timeline, network, data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.utils import get_relative_path

from ..content import atomic_write
from . import exports, graph, overview, timeline
from .dossier import Dossier, Entity
from .entities import Profile, bar_chart_svg
from .history import history_by_page
from .language import month_names, plugin_gettext, plugin_ngettext, site_language
from .sitemap import robots_txt, sitemap_xml

FEED_ITEMS = 20  # newest texts in a person's or organisation's Atom feed
TIMELINE, NETWORK = "tidslinje/index.html", "netvaerk/index.html"


def write_pages(dossier: Dossier, writer, context: dict, get_template, output: Path) -> None:
    """Write every page and file of the dossier (this process's share of them: split.py)."""
    site_url = dossier.settings.get("SITEURL", "")
    _ = plugin_gettext(site_language(dossier.settings))
    names = {key: e.name for key, e in dossier.entities.items()}
    # a feed without entries is as new as the dossier's newest text, not the build's clock:
    # the same content gives the same file (and an unchanged page is not written again)
    newest = max((d.date for d in dossier.documents), default=datetime(2000, 1, 1))
    for entity in dossier.entities.values():
        _write_entity(dossier, writer, context, get_template, entity, newest)
    for kind, heading, intro, url in (
        ("person", _("People"), _("Every person in the dossier."), "personer/"),
        (
            "organisation",
            _("Organisations"),
            _("Every organisation in the dossier."),
            "organisationer/",
        ),
    ):
        if not writer.owns(url + "index.html"):
            continue
        rows = [
            (e, dossier.profiles.get(e.key), _detail(e))
            for e in sorted(dossier.entities.values(), key=lambda e: e.name)
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
    _write_timeline(dossier, writer, context, get_template, names, output, site_url)
    if writer.owns(NETWORK):
        _write_network(dossier, writer, context, get_template, site_url)
    _write_exports(dossier, writer, output, context.get("articles", []))
    items = list(context.get("articles", [])) + list(context.get("pages", []))
    _write_text(writer, output, "sitemap.xml", lambda: sitemap_xml(site_url, items, context))
    _write_text(writer, output, "robots.txt", lambda: robots_txt(site_url))


def _write_text(writer, output: Path, name: str, text: Callable[[], str]) -> None:
    if writer.owns(name):
        atomic_write(output / name, text())
        writer.announce(output / name)


def _write_data(writer, output: Path, name: str, rows: Callable[[], list]) -> None:
    """One of the data exports in data/, if it is this process's to write (rows computed then)."""
    if writer.owns(f"data/{name}"):
        writer.announce(exports.write_json(output / "data", name, rows()))


def _write_entity(
    dossier: Dossier, writer, context, get_template, entity: Entity, newest: datetime
) -> None:
    profile = dossier.profiles.get(entity.key, Profile(entity.key))
    if writer.owns(entity.url + "atom.xml"):
        # our own Atom template over the dossier's records: Pelican's feed writer recomputes
        # each item's URL and content and cost half of all entity pages
        writer.write_file(
            entity.url + "atom.xml",
            get_template("entity_feed"),
            context,
            entity=entity,
            docs=profile.documents[:FEED_ITEMS],
            now=None if profile.documents else newest,  # read only by a feed without entries
        )
    if not writer.owns(entity.url + "index.html"):
        return
    company = [(link, n) for p, n in profile.people if (link := dossier.link(f"person:{p}"))]
    company += [
        (link, n)
        for o, n in profile.organisations
        if (link := dossier.link(f"organisation:{o}")) and not dossier.is_media(o)
    ]
    members = [
        (other, role)
        for other in dossier.entities.values()
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
        quotes=dossier.quote_views(profile.quotes),
        documents=profile.documents,
        company=sorted(company, key=lambda c: -c[1]),
        chart=bar_chart_svg(
            profile.per_year, entity.name, plugin_gettext(site_language(dossier.settings))
        ),
        members=members,
        parent=dossier.link(f"organisation:{entity.parent}") if entity.parent else None,
    )


def _write_timeline(
    dossier: Dossier, writer, context, get_template, names, output: Path, site_url
) -> None:
    language = site_language(dossier.settings)
    _ = plugin_gettext(language)
    entries = timeline.build_entries(dossier.documents, dossier.quotes)
    phases = timeline.build_phases(dossier.documents)
    if writer.owns(TIMELINE):
        _write_timeline_page(
            dossier, writer, context, get_template, names, entries, phases, site_url
        )
    _write_data(writer, output, "timeline.json", lambda: timeline.export_rows(entries))
    _write_data(
        writer,
        output,
        "timelinejs.json",
        lambda: timeline.timelinejs(entries, phases, context["SITENAME"], site_url, _),
    )


def _write_timeline_page(
    dossier: Dossier, writer, context, get_template, names, entries, phases, site_url
) -> None:
    language = site_language(dossier.settings)
    _, months = plugin_gettext(language), month_names(language)
    years = timeline.group_by_month(entries)
    starts = timeline.phase_starts(phases, [(y, m) for y, months in years for m, _ in months])
    rows = overview.year_rows(entries, phases, {year for year, _ in years})
    strip = overview.overview_svg(
        rows, entries, phases, months, overview.words(_, plugin_ngettext(language))
    )
    used_people = sorted({p for e in entries for p in e.people})
    used_orgs = sorted({o for e in entries for o in e.organisations})
    month_words = {0: _("Month unknown"), **{m: months[m].capitalize() for m in range(1, 13)}}
    # the SITEURL the page sees: Pelican makes it relative to each page with RELATIVE_URLS
    relative = dossier.settings.get("RELATIVE_URLS")
    page_site_url = get_relative_path(TIMELINE) if relative else context.get("SITEURL", site_url)
    year_template = get_template("_timeline_year")
    # each year on its own: after one new text, only its year is rendered again
    sections = [
        writer.fragment(
            year_template,
            SITEURL=page_site_url,
            year=year,
            months=year_months,
            phase_starts={k: v for k, v in starts.items() if k[0] == year},
            names=names,
            month_names=month_words,
        )
        for year, year_months in years
    ]
    writer.write_file(
        TIMELINE,
        get_template("timeline"),
        context,
        year_sections=sections,
        filter_people=dossier.links("person", used_people),
        filter_organisations=dossier.links("organisation", used_orgs),
        overview=strip,
        overview_rows=rows,
        overview_phases=phases,
    )


def _write_network(dossier: Dossier, writer, context, get_template, site_url) -> None:
    # Media are where the texts come from, not parties to the debate: leave them out.
    media = {e.id for e in dossier.entities.values() if dossier.is_media(e.id)}
    full = graph.cooccurrence(dossier.documents, exclude_organisations=media)
    shown = graph.strongest(full, int(dossier.settings["DOSSIER_NETWORK_NODES"]))
    nodes = {key: graph.Node(key, e.name, e.url) for key, e in dossier.entities.items()}
    writer.write_file(
        NETWORK,
        get_template("network"),
        context,
        svg=graph.network_svg(
            shown,
            nodes,
            site_url,
            _=plugin_gettext(site_language(dossier.settings)),
            ngettext=plugin_ngettext(site_language(dossier.settings)),
        ),
        edges=graph.top_edges(shown, nodes),
        listing=graph.node_links(shown, nodes),
        shown=shown.number_of_nodes(),
        total=sum(1 for n in full.nodes if full.degree(n)),
    )


def _write_exports(dossier: Dossier, writer, output: Path, articles: list) -> None:
    people = [e for e in dossier.entities.values() if e.kind == "person"]
    people_records = [
        _Exported(e.id, e.name, e.aliases, e.raw_roles, e.type, e.url) for e in people
    ]
    orgs = [
        _Exported(e.id, e.name, e.aliases, (), e.type, e.url)
        for e in dossier.entities.values()
        if e.kind == "organisation"
    ]
    documents, quotes = dossier.documents, dossier.quotes
    _write_data(
        writer,
        output,
        "articles.json",
        lambda: exports.article_rows(documents, history_by_page(articles)),
    )
    _write_data(
        writer,
        output,
        "people.json",
        lambda: exports.person_rows(people_records, documents, quotes),
    )
    _write_data(
        writer,
        output,
        "organisations.json",
        lambda: exports.organisation_rows(orgs, people_records, documents),
    )
    _write_data(writer, output, "statements.json", lambda: exports.statement_rows(quotes))


@dataclass(frozen=True)
class _Exported:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple
    type: str
    page: str


def _detail(entity: Entity) -> str:
    if entity.kind == "organisation":
        return entity.type
    role = entity.raw_roles[0] if entity.raw_roles else None
    return role.title if role else ""
