"""The dossier's own pages and data exports, from a real Pelican build of the fixture site."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from dossier.plugin.timeline import Entry, Phase, timelinejs
from dossier.publish.build import build_site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html"


def load(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "page",
    [
        "personer/index.html",
        "personer/signe-aaberg/index.html",
        "personer/signe-aaberg/atom.xml",
        "organisationer/index.html",
        "organisationer/brugerklubben-sbsys/index.html",
        "organisationer/holstebro-kommune/index.html",
        "tidslinje/index.html",
        "udtalelser/index.html",
        "netvaerk/index.html",
        "data/timelinejs.json",
    ],
)
def test_dossier_page_exists(built_site: Path, page: str) -> None:
    assert (built_site / page).is_file()


def test_exports_have_the_fields_of_the_design(built_site: Path) -> None:
    fields = {
        "articles.json": {
            "id",
            "kind",
            "title",
            "date",
            "precision",
            "approximate",
            "source",
            "source_url",
            "authors",
            "people",
            "organisations",
            "page",
            "archived",
            "wayback",
            "changed",
            "removed",
        },
        "people.json": {"id", "name", "aliases", "roles", "articles", "statements", "page"},
        "organisations.json": {"id", "name", "aliases", "type", "people", "articles", "page"},
        "statements.json": {
            "id",
            "person",
            "speaker",
            "text",
            "date",
            "precision",
            "approximate",
            "article",
            "source_url",
        },
        "timeline.json": {
            "date",
            "precision",
            "approximate",
            "title",
            "kind",
            "page",
            "people",
            "organisations",
        },
    }
    for name, expected in fields.items():
        rows = load(built_site, name)
        assert rows, name
        assert all(set(row) == expected for row in rows), name


def test_exports_say_how_much_of_a_date_is_known(built_site: Path) -> None:
    # a date of the 1st may mean the month or the year: the exports say which, and "ca."
    rows = load(built_site, "articles.json") + load(built_site, "timeline.json")
    assert {row["precision"] for row in rows} >= {"day", "month"}
    assert all(row["precision"] in ("day", "month", "year") for row in rows)
    assert all(isinstance(row["approximate"], bool) for row in rows)
    assert any(row["approximate"] for row in rows)
    by_id = {row["id"]: row for row in load(built_site, "articles.json")}
    for statement in load(built_site, "statements.json"):
        text = by_id[statement["article"]]
        assert (statement["precision"], statement["approximate"]) == (
            text["precision"],
            text["approximate"],
        )


def test_exports_match_what_the_texts_say(built_site: Path) -> None:
    articles = {a["id"]: a for a in load(built_site, "articles.json")}
    strife = articles["kommuner-strides-om-faelles-sagssystem"]
    assert strife["kind"] == "article" and strife["source"] == "lokalavisen"
    assert strife["people"] == ["signe-aaberg"]
    assert {"brugerklubben-sbsys", "holstebro-kommune"} <= set(strife["organisations"])
    assert strife["authors"] == ["Karen Østergaard"]
    statements = load(built_site, "statements.json")
    quote = next(s for s in statements if s["article"] == strife["id"])
    assert quote["person"] == "signe-aaberg"
    assert quote["speaker"] == "Signe Åberg"
    assert quote["text"].startswith("Vi køber udviklingen hos private firmaer")
    person = next(p for p in load(built_site, "people.json") if p["id"] == "signe-aaberg")
    assert person["roles"][0] == {
        "title": "Formand",
        "organisation": "brugerklubben-sbsys",
        "from": "2012",
        "to": "2014",
    }
    assert quote["id"] in person["statements"]
    assert person["page"] == "personer/signe-aaberg/"
    club = next(
        o for o in load(built_site, "organisations.json") if o["id"] == "brugerklubben-sbsys"
    )
    assert club["type"] == "klub" and "signe-aaberg" in club["people"]
    dates = [row["date"] for row in load(built_site, "timeline.json")]
    assert dates == sorted(dates)


def test_statement_is_on_the_article_and_the_person_page(built_site: Path) -> None:
    for page in (ARTICLE, "personer/signe-aaberg/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "Vi køber udviklingen hos private firmaer" in html, page
    person = (built_site / "personer/signe-aaberg/index.html").read_text(encoding="utf-8")
    assert 'href="/organisationer/brugerklubben-sbsys/"' in person
    assert "<svg" in person and "omtale pr. år" in person


def test_the_statements_page_says_who_said_what_and_when(built_site: Path) -> None:
    html = (built_site / "udtalelser/index.html").read_text(encoding="utf-8")
    statements = load(built_site, "statements.json")
    assert statements and html.count('<blockquote class="statement"') == len(statements)
    # oldest first, each with its speaker's page and the text it is in
    years = [int(y) for y in re.findall(r'<h2 id="aar-(\d{4})">', html)]
    assert years == sorted(set(years)) and len(years) >= 2
    quote = next(s for s in statements if s["person"])
    article = next(a for a in load(built_site, "articles.json") if a["id"] == quote["article"])
    assert f'href="/{article["page"]}"' in html and f'href="/personer/{quote["person"]}/"' in html
    front = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/udtalelser/"' in front  # in the menu of every page
    assert "/udtalelser/" in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_many_statements_have_a_page_for_each_year(tmp_path: Path, monkeypatch) -> None:
    from dossier.plugin import dossier

    monkeypatch.setattr(dossier, "STATEMENTS_ON_ONE_PAGE", 1)
    shutil.copytree(FIXTURES / "site", tmp_path / "site")
    site = tmp_path / "site"
    build_site(site / "content", site / "output", sources=site / "sources.toml")
    output = site / "output"
    statements = load(output, "statements.json")
    years = sorted({s["date"][:4] for s in statements})
    index = (output / "udtalelser/index.html").read_text(encoding="utf-8")
    assert '<blockquote class="statement"' not in index and len(years) >= 2
    shown = 0
    for year in years:
        assert f'href="/udtalelser/{year}/"' in index
        page = (output / f"udtalelser/{year}/index.html").read_text(encoding="utf-8")
        assert f"Udtalelser i {year}" in page
        shown += page.count('<blockquote class="statement"')
        assert f"/udtalelser/{year}/" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert shown == len(statements)


def test_filename_links_to_people_resolve(built_site: Path) -> None:
    note = (built_site / "noter/sagen-kort/index.html").read_text(encoding="utf-8")
    assert "{filename}" not in note


def test_person_feed_lists_the_articles(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "personer/signe-aaberg/atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "SBSYS-dossieret: Signe Åberg"
    entry = next(e for e in feed.entries if e.title == "Kommuner strides om fælles sagssystem")
    assert entry.link == "/artikler/2012/kommuner-strides-om-faelles-sagssystem/"
    assert entry.summary.startswith("<p>Et udbud i kommunernes brugerklub")
    assert entry.published.startswith("2012-11-12T10:31")


def test_timeline_has_phases_filters_and_every_item(built_site: Path) -> None:
    html = (built_site / "tidslinje/index.html").read_text(encoding="utf-8")
    assert 'class="band"' in html and "Udbud og kritik" in html
    assert '<form id="tidslinje-filter" class="filters" hidden>' in html
    assert 'data-kind="statement"' in html and 'data-people="signe-aaberg"' in html
    assert "Kommuner strides om fælles sagssystem" in html and "Udbuddet offentliggøres" in html
    js = json.loads((built_site / "data/timelinejs.json").read_text(encoding="utf-8"))
    assert js["eras"][0]["text"]["headline"] == "Udbud og kritik"
    assert {"start_date", "text"} <= set(js["events"][0])


def test_timelinejs_gets_every_shown_text_escaped() -> None:
    # TimelineJS shows headlines and texts as HTML: a source's or phase's name is text
    when = datetime(2013, 5, 1)
    entry = Entry(when, "A <b>", "article", "artikler/a/", source_name="Hostil <b>Avis</b> & Co")
    phase = Phase("Fase <i>1</i>", when, datetime(2013, 6, 1), "begivenheder/fase/")
    js = timelinejs([entry], [phase], "Dossier <script>", "https://dossier.test")
    shown = [
        js["title"]["text"]["headline"],
        js["events"][0]["text"]["headline"],
        js["events"][0]["text"]["text"],
        js["eras"][0]["text"]["headline"],
    ]
    assert shown[2] == "Artikel · Hostil &lt;b&gt;Avis&lt;/b&gt; &amp; Co"
    assert shown[1] == '<a href="https://dossier.test/artikler/a/">A &lt;b&gt;</a>'
    assert all("<b>" not in text and "<i>" not in text and "<script" not in text for text in shown)


def test_the_editors_notes_are_on_entity_pages_not_the_timeline(built_site: Path) -> None:
    # a note is dated when it was written (or by the part of the debate it sums up)
    note = "/noter/kommunens-arkiv/"
    timeline = (built_site / "tidslinje/index.html").read_text(encoding="utf-8")
    assert note not in timeline and 'value="note"' not in timeline
    assert all(row["kind"] != "note" for row in load(built_site, "timeline.json"))
    organisation = "organisationer/holstebro-kommune/index.html"
    assert note in (built_site / organisation).read_text(encoding="utf-8")
    assert any(row["page"] == note.strip("/") + "/" for row in load(built_site, "articles.json"))


def test_network_links_nodes_to_their_pages(built_site: Path) -> None:
    html = (built_site / "netvaerk/index.html").read_text(encoding="utf-8")
    assert "<svg" in html and 'href="/personer/signe-aaberg/"' in html
    assert "<script" not in html


def test_the_front_page_links_the_case_in_brief_once_not_as_the_latest(built_site: Path) -> None:
    # "Sagen kort" is dated when it was last written: at the head of the latest it would stand
    # above the debate's own news with a date years after it
    html = (built_site / "index.html").read_text(encoding="utf-8")
    head, _, latest = html.partition('<ul class="items">')
    assert "/noter/sagen-kort/" in head
    assert "/noter/sagen-kort/" not in latest
    assert "/noter/kommunens-arkiv/" in latest  # other notes stay
