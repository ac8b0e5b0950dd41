"""Give each content object read by Pelican its kind, its URL and its list metadata, and resolve
the links of all of them in one order before anything is written."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from pelican.contents import Article, Page
from pelican.urlwrappers import Category
from pelican.utils import truncate_html_words

from ..content import (
    CONTROL_CHARACTERS,
    LIST_KEYS,
    choice,
    is_http_url,
    kind_of,
    parse_date,
    precision_of,
    split_list,
)
from ..documents import keep_plain_text
from .history import page_history
from .sanitize import sanitize_html

log = logging.getLogger(__name__)


def as_list(value: object) -> list[str]:
    """Normalise a list-valued metadata field (one comma-separated line or several lines)."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_list(value)
    items: list[str] = []
    for item in value:  # type: ignore[union-attr]
        items.extend(split_list(str(item)))
    return items


# fields that take one value (a second line of one is a slip; roles, changed and the lists
# take several)
ONE_VALUE = {
    "title",
    "summary",
    "source",
    "sourcename",
    "original",
    "publish",
    "precision",
    "approximate",
    "search",
    "kind",
    "end",
    "template",
    "captured",
    "archived",
    "removed",
    "website",
    "type",
    "parent",
}
TEXT_TEMPLATES = frozenset({"article", "note", "event"})  # the others read other page data


def settle_fields(content, relative: str) -> None:
    """Repair what an editor's slip in a file would crash the build on or show broken, and log
    it naming the file: a field given twice keeps its first value, control characters go, an
    unknown or unsuitable Template is the kind's own, a link that is not http(s) is left out."""
    for key, value in list(content.metadata.items()):
        if key in ONE_VALUE and isinstance(value, list) and value:
            log.warning("%s: %s is given %d times; the first is used", relative, key, len(value))
            content.metadata[key] = value[0]
            if key in vars(content):
                setattr(content, key, value[0])
    for name in ("title", "_content", "_summary"):
        value = getattr(content, name, None)
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            log.warning("%s: control characters removed from its %s", relative, name.strip("_"))
            setattr(content, name, CONTROL_CHARACTERS.sub("", value))
    if isinstance(content.metadata.get("summary"), str):
        content.metadata["summary"] = CONTROL_CHARACTERS.sub("", content.metadata["summary"])
    template = getattr(content, "template", None)
    if template and template != content.default_template and not _fits(content, template):
        used = content.default_template
        log.warning("%s: Template %s does not fit it; %s is used", relative, template, used)
        content.template = used
    original = getattr(content, "original", None)
    if isinstance(original, str) and original and not is_http_url(original):
        log.warning("%s: Original is not an http(s) address; left out", relative)
        content.original = ""
    for key in ("copies", "sources"):
        links = getattr(content, key, None) or []
        kept = [link for link in links if is_http_url(str(link))]
        if len(kept) < len(links):
            log.warning("%s: %s holds an address that is not http(s); left out", relative, key)
            setattr(content, key, kept)


def _fits(content, template: str) -> bool:
    """Whether a text (article, note, event) or page may be rendered with this template."""
    if content.kind in ("article", "note", "event"):
        return template in TEXT_TEMPLATES  # the others read data only their pages have
    return (Path(content.settings.get("THEME", "")) / "templates" / f"{template}.html").is_file()


def local_end(content) -> datetime | None:
    """A text's End in the time zone of its Date (Pelican's TIMEZONE), like the Date itself."""
    end = parse_date(str(getattr(content, "end", "") or ""))
    start = getattr(content, "date", None)
    if end is not None and end.tzinfo is None and isinstance(start, datetime) and start.tzinfo:
        end = end.replace(tzinfo=start.tzinfo)
    return end


def confine_links(content) -> None:
    """An intrasite link ({filename}, {static}, {attach}) points inside the content folder:
    one that leads out of it ("{attach}/../../secret.txt", a symlink out) would have Pelican
    copy that file into the site; its address is emptied, with a warning."""
    base = Path(content.settings["PATH"]).resolve()
    links = content._get_intrasite_link_regex()
    relative = content.relative_source_path or ""

    def confined(match) -> str:
        path = urlparse(match.group("value")).path.replace("%20", " ")
        folder = base if path.startswith("/") else base / Path(relative).parent
        if (folder / path.lstrip("/")).resolve().is_relative_to(base):
            return match.group(0)
        log.warning("%s: %s leads out of the content folder; left out", relative,
                    match.group("path"))  # fmt: skip
        return match.group("markup") + match.group("quote") * 2

    for name in ("_content", "_summary"):
        html = getattr(content, name, None)
        if isinstance(html, str) and "{" in html:
            setattr(content, name, links.sub(confined, html))


def without_impossible_offset(moment):
    """A moment whose time zone no clock has (a day or more: Python cannot compare it) in
    UTC instead; any other value as it is."""
    try:
        if isinstance(moment, datetime):
            moment.utcoffset()
    except ValueError:
        return moment.replace(tzinfo=UTC)
    return moment


def init_content(content) -> None:
    """content_object_init handler: set kind, publish mode, URLs and list fields."""
    settings = content.settings
    relative = content.relative_source_path or ""
    content.kind = kind_of(relative) or "page"
    if not hasattr(content, "category"):  # category pages are off, but Pelican's drafts need one
        content.category = Category(settings.get("DEFAULT_CATEGORY", "dossier"), settings)
    confine_links(content)  # a skipped file's attachments would be copied all the same
    if relative in settings.get("DOSSIER_SKIP", ()):
        content.status = "draft"
        content.override_url = content.override_save_as = ""
        for key in ("date", "modified"):  # "+25:00" (check says so) would stop Pelican's sort
            if hasattr(content, key):
                setattr(content, key, without_impossible_offset(getattr(content, key)))
        return
    for key in LIST_KEYS - {"authors"}:
        setattr(content, key, as_list(getattr(content, key, None)))
    settle_fields(content, relative)
    content.precision = precision_of(getattr(content, "precision", "day"))
    content.approximate = str(getattr(content, "approximate", "")).strip().lower()
    content.searchable = str(getattr(content, "search", "ja")).strip().lower() not in ("nej", "no")
    content.event_kind = choice(str(content.metadata.get("kind", "begivenhed"))) or "begivenhed"
    content.end_date = local_end(content)
    if content.kind == "article":
        content.history = page_history(content.metadata)  # Changed, Removed, Archived: history.py
        source = settings.get("DOSSIER_SOURCE_MAP", {}).get(getattr(content, "source", ""), {})
        stored = getattr(content, "sourcename", "")  # a source removed from the sources file
        content.source_name = source.get("name") or stored or getattr(content, "source", "")
        default = source.get("publish", settings["DOSSIER_DEFAULT_PUBLISH"])
        content.publish = str(getattr(content, "publish", default)).strip().lower()
        # Scraped text is untrusted: whatever the scraper let through, no markup survives here.
        content._content = sanitize_html(content._content)
        content.title = sanitize_html(content.title)  # pages print it as HTML, as the text
        summary = content.metadata.get("summary") or truncate_html_words(
            content._content, settings["SUMMARY_MAX_LENGTH"] or 60, "…"
        )
        content.metadata["summary"] = content._summary = sanitize_html(summary)
        if content.publish != "full":
            # Copyright: feeds, pages and search see only the excerpt; the full text stays in
            # _content for the dossier's own analysis.
            content.get_content = functools.partial(_excerpt, content)
    elif content.kind in ("note", "event") and content.template == content.default_template:
        content.template = content.kind
    if content.kind != "page":
        given = [key for key in ("save_as", "url") if key in content.metadata]
        if given:  # its address comes from the site's settings, as every other text's does
            log.warning(
                "%s: %s left out: the address of a text of this kind is the site's",
                relative,
                "/".join(given),
            )
            for key in given:
                vars(content).pop("override_" + key, None)
    else:  # a page may choose its file, but not one another page writes (incremental.py)
        content.chosen_save_as = content.metadata.get("save_as", "")
    pattern = {
        "note": "DOSSIER_NOTE_URL",
        "event": "DOSSIER_EVENT_URL",
        "person": "DOSSIER_PERSON_URL",
        "organisation": "DOSSIER_ORGANISATION_URL",
    }.get(content.kind)
    dated = hasattr(content, "date") or content.kind in ("person", "organisation")
    if pattern and dated and content.status != "draft":
        url = settings[pattern].format(slug=content.slug, date=getattr(content, "date", None))
        content.override_url = url
        content.override_save_as = url + "index.html"
    # Pelican expands the URL settings on every access to url and save_as (path arithmetic and a
    # format), about six times a text a build, and what they are made of (slug, date, category,
    # language, status) is final once the object is initialised. Not as override_url: Pelican
    # takes that for an explicit Save_as, which may overwrite another page's file.
    if isinstance(content, (Article, Page)):  # not a static file, whose class has its own
        content.__class__ = _settled(type(content))
        if content.kind in ("article", "note", "event"):  # the analysis reads them as text
            keep_plain_text(content)
    content._dossier_url = content.url  # read by url_of() (documents.py)


def _excerpt(content, _siteurl) -> str:
    """An excerpt article's content as pages, feeds and search see it: its summary."""
    return content.metadata["summary"]


@functools.cache
def _settled(cls: type) -> type:
    """cls whose url and save_as are computed once for each value of the overrides.

    Same name (Pelican's URL settings are named by it); found here by pickle (snapshot.py)."""
    settled = type(
        cls.__name__,
        (cls,),
        {
            "__module__": __name__,
            "__qualname__": f"Settled{cls.__name__}",
            "url": _remembered(cls.url.fget),
            "save_as": _remembered(cls.save_as.fget),
        },
    )
    globals()[settled.__qualname__] = settled
    return settled


def _remembered(compute) -> property:
    def get(self) -> str:
        state = vars(self)
        key = (compute.__name__, state.get("override_url"), state.get("override_save_as"))
        remembered = state.setdefault("_dossier_urls", {})
        if key not in remembered:
            remembered[key] = compute(self)
        return remembered[key]

    return property(get)


SettledArticle, SettledPage = _settled(Article), _settled(Page)  # importable before first use


def resolve_links(generators) -> None:
    """all_generators_finalized handler: resolve the links of every text that is written, in the
    order of their source paths, before any page is written.

    Resolving a text's {attach} link moves the static file it names next to the text, and the
    first text to do so keeps it. Pelican resolves a text's links when something first shows
    its content, which depends on which pages a build renders or skips and which of the two
    processes renders them (split.py): here the same text wins in every build.
    """
    generators = list(generators)
    texts = generators[0].context.get("generated_content", {}) if generators else {}
    for _, text in sorted(texts.items()):
        # None: a file Pelican could not read; texts left out (DOSSIER_SKIP) link nothing
        if text is not None and text.save_as:
            text.content  # noqa: B018 - Pelican's memoized get_content, as rendering calls it
