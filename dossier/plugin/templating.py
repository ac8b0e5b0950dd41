"""Jinja filters for the Danish theme: dates in Danish, JSON-LD, plain-text excerpts."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape

from babel.dates import get_month_names
from markupsafe import Markup

MONTHS = get_month_names("wide", locale="da_DK")  # babel: no da_DK system locale needed


def dkdate(value: datetime | None, precision: str = "day", approximate: str = "") -> str:
    """Format a date in Danish as far as it is known: "12. november 2012" or "november 2012"."""
    if value is None:
        return ""
    precision = (precision or "day").strip().lower()
    if precision == "year":
        text = str(value.year)
    elif precision == "month":
        text = f"{MONTHS[value.month]} {value.year}"
    else:
        text = f"{value.day}. {MONTHS[value.month]} {value.year}"
    return f"ca. {text}" if str(approximate).strip().lower() in ("ja", "yes", "true") else text


def isodate(value: datetime | None) -> str:
    """ISO 8601 date-time for machine-readable attributes."""
    return value.isoformat() if value else ""


def plaintext(html: str, limit: int = 300) -> str:
    """Strip tags from HTML and shorten it on a word boundary (for meta descriptions)."""
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html or "")))).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def jsonld(data: dict) -> Markup:
    """Serialise a dict as JSON safe to put inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def schema(item, site_url: str) -> dict:
    """schema.org data for an article (NewsArticle), a note or an event page (Article)."""
    kind = getattr(item, "kind", "page")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if kind == "article" else "Article",
        "headline": plaintext(item.title, 110),
        "inLanguage": "da",
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
        data["isBasedOn"] = item.original
        data["publisher"] = {"@type": "Organization", "name": item.source_name}
    description = plaintext(getattr(item, "summary", ""), 300)
    if description:
        data["description"] = description
    return data


FILTERS = {
    "dkdate": dkdate,
    "isodate": isodate,
    "plaintext": plaintext,
    "jsonld": jsonld,
    "schema": schema,
}
