"""Jinja filters for the theme: dates in the site's language, JSON-LD, plain-text excerpts; the
theme's compiled templates kept in state/."""

from __future__ import annotations

import json
import re
import unicodedata
import weakref
from datetime import datetime
from functools import partial
from html import escape, unescape
from itertools import islice, product

from jinja2 import FileSystemBytecodeCache, pass_context
from markupsafe import Markup

from ..config import state_dir
from ..content import is_http_url
from ..i18n import DEFAULT_LANGUAGE
from .language import date_text, plugin_gettext


def dkdate(value: datetime | None, precision: str = "day", approximate: str = "") -> str:
    """Format a date in Danish as far as it is known: "12. november 2012" or "november 2012"."""
    return date_text(value, precision, approximate, DEFAULT_LANGUAGE)


def isodate(value: datetime | None, precision: str = "day") -> str:
    """ISO 8601 for machine-readable attributes: the date-time, or as much of the date as is
    known (2012-11 for Precision: month, 2012 for year: valid values of <time datetime>)."""
    if not value:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def plaintext(html: str, limit: int = 300) -> str:
    """Strip tags from HTML and shorten it on a word boundary (for meta descriptions)."""
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html or "")))).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\btabindex\b)", re.IGNORECASE)


def scrollable(html: str, label: str = "Table") -> Markup:
    """Let a text's wide blocks scroll: tables in a `.table-scroll` region, code blocks by key.

    A table wider than a phone then scrolls inside its region instead of widening the page. The
    region is named for keyboard and screen-reader users by the table's caption, else by the
    heading above it, else by label. A code block scrolls (style.css) rather than wrap a line
    into what reads as two; tabindex lets a keyboard scroll it.
    """
    html = PRE.sub('<pre tabindex="0"', str(html or ""))
    if "<table" not in html.lower():
        return Markup(html)
    parts, depth, start, done = [], 0, 0, 0
    for match in TABLE_TAG.finditer(html):
        if not match.group(1):
            start = match.start() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                table = html[start : match.end()]
                name = _table_name(html[done:start], table) or label
                region = f'<div class="table-scroll" role="region" aria-label="{escape(name)}"'
                parts += [html[done:start], region, ' tabindex="0">', table, "</div>"]
                done = match.end()
    parts.append(html[done:])
    return Markup("".join(parts))


def _table_name(before: str, table: str) -> str:
    caption = CAPTION.search(table)
    headings = HEADING.findall(before)
    found = caption.group(1) if caption else headings[-1][1] if headings else ""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", found))).strip()


def repeated_quotes(quotes, shown: str = "") -> frozenset[int]:
    """The places in a page's statements whose quote the page already shows: in its text
    (shown, HTML) or in an earlier statement. Readers' search indexes each quote once."""
    words = " ".join(plaintext(shown, limit=len(shown or "")).split()) if shown else ""
    seen: set[str] = set()
    repeats = set()
    for index, (quote, *_) in enumerate(quotes or ()):
        text = " ".join(quote.text.split())
        if text in seen or (text and text in words):
            repeats.add(index)
        seen.add(text)
    return frozenset(repeats)


# how a letter is written without it: a reader without a Danish keyboard writes Mølbæk as
# Moelbaek or Molbaek, Åberg as Aaberg or Aberg; other accented letters lose their accent
_ASCII_LETTERS = {
    "æ": ("ae", "a"),
    "ø": ("oe", "o"),
    "å": ("aa", "a"),
    "ä": ("ae", "a"),
    "ö": ("oe", "o"),
    "ü": ("ue", "u"),
    "ß": ("ss",),
}
SPELLINGS_PER_WORD = 8  # a word of many such letters: its first spellings only


def spellings(names) -> list[str]:
    """The ASCII spellings of the words of these names that have letters outside ASCII, for the
    search index: ["Jesper Mølbæk"] gives Moelbaek, Moelbak, Molbaek, Molbak."""
    found: dict[str, None] = {}
    for name in names:
        for word in str(name).split():
            if word.isascii():
                continue
            options = [_letter_spellings(letter) for letter in word]
            for letters in islice(product(*options), SPELLINGS_PER_WORD):
                spelled = "".join(letters)
                if spelled.isascii() and spelled != word:
                    found.setdefault(spelled)
    return list(found)


def spelling_map(names) -> dict[str, str]:
    """Each ASCII spelling of a word of these names, lower case, to the word itself: what the
    search page puts in a query typed without Danish letters (moelbaek -> Mølbæk)."""
    found: dict[str, str] = {}
    for name in sorted(names):  # a spelling two words share goes to the first, every build
        for word in str(name).split():
            for spelled in spellings([word]):
                found.setdefault(spelled.lower(), word)
    return dict(sorted(found.items()))


def name_index(entities) -> dict[str, list[list[str]]]:
    """Each name and alias of the dossier's people and organisations, in lower case, to the
    pages it names ([name, URL, kind]): the search page shows them above the results of a
    query that is one of them, and looks for a short one (KL) as a whole word only."""
    found: dict[str, list[list[str]]] = {}
    for entity in sorted(entities, key=lambda e: (e.name, e.key)):
        for name in dict.fromkeys((entity.name, *entity.aliases)):
            hits = found.setdefault(name.lower(), [])
            if [entity.name, entity.url, entity.kind] not in hits:
                hits.append([entity.name, entity.url, entity.kind])
    return dict(sorted(found.items()))


def _letter_spellings(letter: str) -> tuple[str, ...]:
    if letter.isascii():
        return (letter,)
    lower = letter.lower()
    if lower in _ASCII_LETTERS:
        spelled = _ASCII_LETTERS[lower]
        return spelled if letter == lower else tuple(s.capitalize() for s in spelled)
    bare = "".join(c for c in unicodedata.normalize("NFKD", letter) if c.isascii())
    return (bare,) if bare else (letter,)


def jsonld(data: dict) -> Markup:
    """Serialise a dict as JSON safe to put inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def schema(item, site_url: str, language: str = DEFAULT_LANGUAGE) -> dict:
    """schema.org data for an article (NewsArticle), a note or an event page (Article)."""
    kind = getattr(item, "kind", "page")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if kind == "article" else "Article",
        "headline": plaintext(item.title, 110),
        "inLanguage": language,
        "url": f"{site_url}/{item.url}",
        "mainEntityOfPage": f"{site_url}/{item.url}",
    }
    if getattr(item, "date", None):
        data["datePublished"] = item.date.isoformat()
    if getattr(item, "modified", None):
        data["dateModified"] = item.modified.isoformat()
    authors = [a.name for a in getattr(item, "authors", []) or []]
    if authors:
        data["author"] = [{"@type": "Person", "name": plaintext(name)} for name in authors]
    if kind == "article":
        if getattr(item, "original", ""):  # required (check.py), but a local build goes on
            data["isBasedOn"] = item.original
        data["publisher"] = {"@type": "Organization", "name": item.source_name}
    description = plaintext(getattr(item, "summary", ""), 300)
    if description:
        data["description"] = description
    return data


# per environment (one a generator a build): the macros by SITEURL, and the lines by the id of
# a record and SITEURL (each line kept with its record, whose id stays its own meanwhile)
_LINES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@pass_context
def doc_line(context, doc) -> Markup:
    """One line in a list of the dossier's records of texts: _doc.html's macro doc_item,
    rendered once a build for each record and site URL. Entity pages and related lists show
    the same lines tens of thousands of times; the record is final once pages are written."""
    env, site_url = context.environment, context.get("SITEURL", "")
    macros, lines = _LINES.setdefault(env, ({}, {}))
    found = lines.get((id(doc), site_url))
    if found is None:
        module = macros.get(site_url)
        if module is None:  # the macro sees what an importing page gives it: SITEURL
            module = macros[site_url] = env.get_template("_doc.html").make_module(
                {"SITEURL": site_url}
            )
        found = lines[(id(doc), site_url)] = (doc, module.doc_item(doc))
    return found[1]


def contact_href(value: str) -> str:
    """The link of DOSSIER_CONTACT: mailto: for an e-mail address, an http(s) URL as it is, and
    "" for anything else (no link rather than a broken or unsafe one)."""
    value = str(value or "").strip()
    if re.fullmatch(r"[^@\s<>\"'/:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", value):
        return "mailto:" + value
    return value if is_http_url(value) else ""


def filters(language: str = DEFAULT_LANGUAGE) -> dict:
    """The theme's filters for a site in this language (`dkdate` formats in that language)."""
    _ = plugin_gettext(language)
    return {
        "dkdate": partial(date_text, language=language),
        "scrollable": partial(scrollable, label=_("Table")),
        "isodate": isodate,
        "plaintext": plaintext,
        "repeated_quotes": repeated_quotes,
        "doc_line": doc_line,
        "jsonld": jsonld,
        "schema": partial(schema, language=language),
        "contact_href": contact_href,
    }


FILTERS = filters()


def keep_compiled(generator) -> None:
    """generator_init handler: the templates a generator compiles are kept in state/ and read
    back while their source is unchanged (Jinja checks it): compiling the theme's two dozen
    templates cost each build and each of its two processes 0.2-0.3 s. Set on the environment,
    not in the settings, whose digest would then hold where the state lies."""
    env = getattr(generator, "env", None)
    if env is not None and env.bytecode_cache is None:
        folder = state_dir(generator.settings) / "jinja-bytecode"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
