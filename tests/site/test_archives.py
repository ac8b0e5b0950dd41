"""Pelican's order of the texts and its period archives, built by the plugin in linear time.

Each is compared with what Pelican itself builds from the same texts (its own functions, called
as its generator calls them), so the pages written from them are Pelican's.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pelican.generators import ArticlesGenerator
from pelican.utils import order_content, process_translations

from dossier.plugin.archives import build_archives, order_articles, period_archives, take_over

SETTINGS = {
    "YEAR_ARCHIVE_SAVE_AS": "arkiv/{date:%Y}/index.html",
    "YEAR_ARCHIVE_URL": "arkiv/{date:%Y}/",
    "MONTH_ARCHIVE_SAVE_AS": "arkiv/{date:%Y}/{date:%m}/index.html",
    "MONTH_ARCHIVE_URL": "arkiv/{date:%Y}/{date:%m}/",
    "DAY_ARCHIVE_SAVE_AS": "arkiv/{date:%Y}/{date:%m}/{date:%d}/index.html",
    "DAY_ARCHIVE_URL": "arkiv/{date:%Y}/{date:%m}/{date:%d}/",
}


class Text:
    """A content object as far as the lists read it; equal only to itself, as Pelican's are."""

    def __init__(self, slug: str, date: datetime, path: str) -> None:
        self.slug, self.date, self.relative_source_path = slug, date, path
        self.source_path = "/site/content/" + path
        self.lang, self.in_default_lang, self.metadata = "da", True, {}

    def __repr__(self) -> str:
        return f"Text({self.slug!r}, {self.date:%Y-%m-%d %H:%M})"


def texts(count: int, seed: int) -> list[Text]:
    """Texts over three years, many on one day or one minute (ties the order must break)."""
    rng = random.Random(seed)
    start = datetime(2012, 11, 12, 10, 0)
    made = []
    for number in range(count):
        date = start + timedelta(days=rng.choice([0, 0, 1, 30, 31, 400, 800]))
        if rng.random() < 0.5:
            date += timedelta(hours=rng.randrange(24))
        slug = rng.choice(["aarhus", "kommune", "licens", "sbsys", "ombudsmand"]) + f"-{number}"
        made.append(Text(slug, date, f"articles/kilde/{number}.md"))
    rng.shuffle(made)  # the order Pelican finds files in is a set's
    return made


@pytest.mark.parametrize("order_by", ["reversed-date", "date", "slug", "basename"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_texts_are_in_the_order_pelican_gives_with_translations_by_slug(
    seed: int, order_by: str
) -> None:
    found = texts(300, seed)
    pelican, _ = process_translations(list(found), translation_id="slug")
    pelican = order_content(pelican, order_by)

    class Generator:  # what the plugin's handler sees after Pelican's own ordering
        settings = {"ARTICLE_ORDER_BY": order_by}
        articles = order_content(list(found), order_by)
        hidden_articles = drafts = []

    order_articles(Generator)
    assert [t.slug for t in Generator.articles] == [t.slug for t in pelican]


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize("seed", [1, 2])
def test_period_archives_are_the_ones_pelican_builds(seed: int, newest_first: bool) -> None:
    articles = order_content(texts(400, seed), "reversed-date")
    dates = sorted(articles, key=lambda t: t.date, reverse=newest_first)
    pelican = ArticlesGenerator._build_period_archives(None, dates, articles, SETTINGS)
    settings = dict(SETTINGS)
    take_over(settings)
    assert not any(settings[f"{g}_ARCHIVE_SAVE_AS"] for g in ("YEAR", "MONTH", "DAY"))
    kept = settings["DOSSIER_PERIOD_ARCHIVES"]
    assert list(kept) == ["year", "month", "day"]
    for granularity, (save_as, url) in kept.items():
        ours = build_archives(dates, articles, granularity, save_as, url)
        assert len(ours) > 2
        assert ours == pelican[granularity], granularity


def test_taking_over_twice_keeps_what_the_settings_asked_for() -> None:
    settings = {"YEAR_ARCHIVE_SAVE_AS": "arkiv/{date:%Y}/index.html", "YEAR_ARCHIVE_URL": "a/"}
    take_over(settings)
    take_over(settings)  # a second build with the same settings
    assert settings["DOSSIER_PERIOD_ARCHIVES"] == {"year": ("arkiv/{date:%Y}/index.html", "a/")}
    assert settings["ARTICLE_TRANSLATION_ID"] is None


def test_the_built_year_archives_list_each_years_texts(built_site: Path) -> None:
    index = (built_site / "arkiv" / "index.html").read_text(encoding="utf-8")
    years = sorted(set(re.findall(r'href="[^"]*/arkiv/(\d{4})/"', index)))
    assert len(years) >= 3
    for year in years:
        page = (built_site / "arkiv" / year / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{year}</h1>" in page
        shown = re.findall(r'<time datetime="(\d{4})', page)
        assert shown and set(shown) == {year}, year


def test_a_granularity_without_texts_has_no_archives_as_in_pelican() -> None:
    settings = dict(SETTINGS)
    take_over(settings)

    class Generator:
        dates = articles = []
        context: dict = {}

    Generator.settings = settings
    period_archives(Generator)
    pelican = ArticlesGenerator._build_period_archives(None, [], [], SETTINGS)
    assert dict(Generator.period_archives) == dict(pelican) == {}
    assert Generator.context["period_archives"] is Generator.period_archives


def test_two_texts_with_one_slug_are_both_listed_and_reported(caplog) -> None:
    first, second = texts(2, seed=4)
    second.slug = first.slug

    class Generator:
        settings = {"ARTICLE_ORDER_BY": "reversed-date"}
        articles = [second, first]
        hidden_articles = drafts = []

    order_articles(Generator)
    assert len(Generator.articles) == 2
    files = ", ".join(sorted([first.relative_source_path, second.relative_source_path]))
    assert [r.getMessage() for r in caplog.records] == [
        f"published texts share the slug {first.slug!r}, each is listed: {files}"
    ]
