"""Write the dossier's pages with Pelican's writer: entities, lists, timeline, network, data."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from pelican.utils import get_relative_path

from ..content import danish_key
from . import exports, graph, overview, timeline
from .dossier import Dossier, Entity
from .entities import Profile, bar_chart_svg
from .history import history_by_page
from .language import month_names, plugin_gettext, plugin_ngettext, site_language
from .sitemap import robots_txt, sitemap_xml

FEED_ITEMS = 20  # newest texts in a person's or organisation's Atom feed
TIMELINE, NETWORK = "tidslinje/index.html", "netvaerk/index.html"
STATEMENTS = "udtalelser/index.html"


def write_pages(dossier: Dossier, writer, context: dict, get_template) -> None:
    """Write every page and file of the dossier (this process's share of them: split.py)."""
    site_url = dossier.settings.get("SITEURL", "")
    _ = plugin_gettext(site_language(dossier.settings))
    names = {key: e.name for key, e in dossier.entities.items()}
    # a feed without entries is as new as the dossier's newest text, not the build's clock:
    # the same content gives the same file (and an unchanged page is not written again)
    newest = max((d.date for d in dossier.documents), default=datetime(2000, 1, 1))
    members: dict[str, list] = {}  # an organisation's id -> (person, role) in registry order
    for other in dossier.entities.values():
        if other.kind == "person":
            for role in other.raw_roles:
                members.setdefault(role.organisation, []).append((other, role))
    for entity in dossier.entities.values():
        shown = members.get(entity.id, []) if entity.kind == "organisation" else []
        _write_entity(dossier, writer, context, get_template, entity, newest, shown)
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
            (e, dossier.profiles.get(e.key), _detail(dossier, e))
            for e in sorted(dossier.entities.values(), key=lambda e: danish_key(e.name))
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
    _write_timeline(dossier, writer, context, get_template, names, site_url)
    _write_statements(dossier, writer, context, get_template)
    if writer.owns(NETWORK):
        _write_network(dossier, writer, context, get_template, site_url)
    _write_exports(dossier, writer, context.get("articles", []))
    items = list(context.get("articles", [])) + list(context.get("pages", []))
    extra = tuple(context.get("DOSSIER_SITEMAP_URLS", ()))
    writer.write_data("sitemap.xml", sitemap_xml, site_url, items, extra)
    writer.write_data("robots.txt", robots_txt, site_url)


def _write_statements(dossier: Dossier, writer, context, get_template) -> None:
    """/udtalelser/: every statement, or, when there are many, each year's on a page of its
    own and the years with their numbers on /udtalelser/ (Dossier.statement_pages)."""
    template, years = get_template("statements"), dossier.statement_years()
    paged = set(dossier.statement_pages())
    if writer.owns(STATEMENTS):
        shown = [] if paged else years
        counts = [(year, len(quotes)) for year, quotes in years] if paged else []
        total = sum(len(quotes) for _, quotes in years)
        writer.write_file(
            STATEMENTS,
            template,
            context,
            years=shown,
            year_counts=counts,
            total=total,
            page_url="udtalelser/",
        )
    for year, quotes in years:
        name = f"udtalelser/{year}/index.html"
        if year in paged and writer.owns(name):
            writer.write_file(
                name,
                template,
                context,
                years=[(year, quotes)],
                year_counts=[],
                total=len(quotes),
                year=year,
                page_url=f"udtalelser/{year}/",
            )


def _write_data(writer, name: str, rows: Callable[..., list], *inputs) -> None:
    """One of the data exports in data/: rows(*inputs) as JSON, written when they changed."""
    writer.write_data(f"data/{name}", exports.json_text, rows, *inputs)


def _write_entity(
    dossier: Dossier,
    writer,
    context,
    get_template,
    entity: Entity,
    newest: datetime,
    members: list,
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


def _write_timeline(dossier: Dossier, writer, context, get_template, names, site_url) -> None:
    language = site_language(dossier.settings)
    entries = dossier.timeline_entries
    phases = timeline.build_phases(dossier.documents)
    if writer.owns(TIMELINE):
        _write_timeline_page(
            dossier, writer, context, get_template, names, entries, phases, site_url
        )
    _write_data(writer, "timeline.json", timeline.export_rows, entries)
    title = context["SITENAME"]
    _write_data(writer, "timelinejs.json", _timelinejs, entries, phases, title, site_url, language)


def _timelinejs(entries, phases, title: str, site_url: str, language: str) -> dict:
    return timeline.timelinejs(entries, phases, title, site_url, plugin_gettext(language))


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
    texts = graph.shared_keys(dossier.documents, exclude_organisations=media)
    nodes = {key: graph.Node(key, e.name, e.url) for key, e in dossier.entities.items()}
    limit, language = (
        int(dossier.settings["DOSSIER_NETWORK_NODES"]),
        site_language(dossier.settings),
    )
    # the graph, its layout and its lists are computed again only when what they are made of
    # changed (an edited note, say, changes none of it)
    shown = json.loads(writer.computed(_network, texts, limit, nodes, site_url, language))
    writer.write_file(NETWORK, get_template("network"), context, **shown)


def _network(texts, limit: int, nodes: dict, site_url: str, language: str) -> str:
    """What the network page shows, as JSON (a node as its fields: the page reads them alike)."""
    full = graph.cooccurrence_of(texts)
    shown = graph.strongest(full, limit)
    _, ngettext = plugin_gettext(language), plugin_ngettext(language)
    values = {
        "svg": graph.network_svg(shown, nodes, site_url, _=_, ngettext=ngettext),
        "edges": graph.top_edges(shown, nodes),
        "listing": graph.node_links(shown, nodes),
        "shown": shown.number_of_nodes(),
        "total": sum(1 for n in full.nodes if full.degree(n)),
    }
    return json.dumps(values, default=asdict, ensure_ascii=False)


def _write_exports(dossier: Dossier, writer, articles: list) -> None:
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
    _write_data(writer, "articles.json", _article_rows, documents, articles)
    _write_data(writer, "people.json", exports.person_rows, people_records, documents, quotes)
    _write_data(
        writer, "organisations.json", exports.organisation_rows, orgs, people_records, documents
    )
    _write_data(writer, "statements.json", exports.statement_rows, quotes, documents)


def _article_rows(documents, articles) -> list:
    return exports.article_rows(documents, history_by_page(articles))


@dataclass(frozen=True)
class _Exported:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple
    type: str
    page: str


def _detail(dossier: Dossier, entity: Entity) -> str:
    """What the list says of an entity: an organisation's type, a person's first role and where."""
    if entity.kind == "organisation":
        return entity.type
    role = entity.raw_roles[0] if entity.raw_roles else None
    if role is None:
        return ""
    where = dossier.entities.get(f"organisation:{role.organisation}")
    return f"{role.title}, {where.name}" if where and role.title else role.title
