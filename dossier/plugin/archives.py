"""Pelican's lists of articles in time linear in their number: the order and the period archives.

Pelican 4.12 builds two of its lists with a scan of one list inside another, which at 20,000
articles cost 7.5 s of a build: translation detection (`x not in index` for every article) and
the period archives (`a in dates` for every article and period). The dossier is one language and
a slug is a text's identity (invoke check reports two texts with one), so translations are not
looked for (ARTICLE_TRANSLATION_ID None) and the order Pelican gave through them is given here:
by slug, then by ARTICLE_ORDER_BY, ties keeping slug order. The period archives
(YEAR_ARCHIVE_SAVE_AS and its month and day kin) are built here with a dict instead: the same
records, so Pelican writes the same pages from them.
"""

from __future__ import annotations

import calendar
import logging
from collections import Counter, defaultdict
from itertools import groupby
from operator import attrgetter

from pelican.utils import order_content

log = logging.getLogger(__name__)
GRANULARITIES = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def take_over(settings: dict) -> None:
    """initialized handler's part: Pelican neither looks for translations nor builds the period
    archives; the settings it would have built them from are kept for period_archives()."""
    settings["ARTICLE_TRANSLATION_ID"] = None
    kept = settings.setdefault("DOSSIER_PERIOD_ARCHIVES", {})
    for granularity in GRANULARITIES:
        name = granularity.upper()
        save_as = settings.get(f"{name}_ARCHIVE_SAVE_AS")
        if save_as:
            kept[granularity] = (save_as, settings.get(f"{name}_ARCHIVE_URL", ""))
        settings[f"{name}_ARCHIVE_SAVE_AS"] = ""


def order_articles(generator) -> None:
    """article_generator_pretaxonomy handler: each list in Pelican's order with translations by
    slug (which sorted by slug first), whatever order the files were found in."""
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    slugs = Counter(text.slug for text in generator.articles)
    for slug in sorted(slug for slug, count in slugs.items() if count > 1):
        # Pelican would have taken all but one for translations; here all are listed (check
        # refuses two at one address; an article and a note, say, have two)
        files = sorted(t.relative_source_path for t in generator.articles if t.slug == slug)
        log.warning("published texts share the slug %r, each is listed: %s", slug, ", ".join(files))
    for name in ("articles", "hidden_articles", "drafts"):
        items = sorted(getattr(generator, name), key=attrgetter("slug", "relative_source_path"))
        setattr(generator, name, order_content(items, order_by))


def period_archives(generator) -> None:
    """article_generator_finalized handler: the period archives Pelican would have built."""
    archives = defaultdict(list)
    for granularity, (save_as, url) in generator.settings["DOSSIER_PERIOD_ARCHIVES"].items():
        records = build_archives(generator.dates, generator.articles, granularity, save_as, url)
        if records:  # as Pelican: no key for a granularity without texts
            archives[granularity] = records
    generator.period_archives = archives
    generator.context["period_archives"] = archives


def build_archives(dates: list, articles: list, granularity: str, save_as: str, url: str):
    """One record a period: its texts in date order and in article order, where it is written,
    and the period as shown (month by name) and as numbers."""
    key = GRANULARITIES[granularity]
    groups = [(period, list(texts)) for period, texts in groupby(dates, key=key)]
    period_of = {id(text): index for index, (_, texts) in enumerate(groups) for text in texts}
    in_order: list[list] = [[] for _ in groups]
    for article in articles:
        index = period_of.get(id(article))
        if index is not None:
            in_order[index].append(article)
    records = []
    for (period, texts), listed in zip(groups, in_order, strict=True):
        first = texts[0].date
        numbers = (period,) if granularity == "year" else tuple(period)
        shown = numbers if granularity == "year" else (period[0], calendar.month_name[period[1]])
        if granularity == "day":
            shown = (*shown, period[2])
        records.append(
            {
                "dates": texts,
                "articles": listed,
                "save_as": save_as.format(date=first),
                "url": url.format(date=first),
                "period": shown,
                "period_num": numbers,
            }
        )
    return records
