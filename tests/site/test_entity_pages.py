"""Person and organisation pages: the mention summary agrees with the list below it; names are
searchable as typed without Danish letters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.content import danish_key
from dossier.plugin.templating import SPELLINGS_PER_WORD, spelling_map, spellings

ENTITY_PAGES = [
    "personer/signe-aaberg",
    "organisationer/brugerklubben-sbsys",
    "organisationer/holstebro-kommune",
]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", ENTITY_PAGES)
def test_first_and_last_mention_are_the_ends_of_the_list(built_site: Path, page: str) -> None:
    html = soup(built_site, page)
    listed = html.select("#omtale-tekster time")
    assert listed, page
    shown = html.select("p.mentions time")
    by_date = sorted(listed, key=lambda t: t["datetime"])
    same = by_date[0].get_text() == by_date[-1].get_text()
    ends = [by_date[0]] if same else [by_date[0], by_date[-1]]
    # the list is newest first; the summary names its oldest and newest entries as they are
    # shown, or the one date they all share once ("fra 12. november 2012")
    assert [(t["datetime"], t.get_text()) for t in shown] == [
        (t["datetime"], t.get_text()) for t in ends
    ]
    count = len(html.select("#omtale-tekster > li"))
    summary = html.select_one("p.mentions").get_text()
    assert summary.startswith(f"Nævnt i {count} ")
    assert ("første gang" in summary) == (len(ends) == 2), summary


def test_mention_dates_keep_their_precision(built_site: Path) -> None:
    # the club's first dated text is an event of "Precision: month" and "Approximate: ja"
    first = soup(built_site, "organisationer/brugerklubben-sbsys").select("p.mentions time")[0]
    assert first.get_text() == "ca. oktober 2012"


def test_notes_and_phases_are_listed_apart(built_site: Path) -> None:
    html = soup(built_site, "personer/signe-aaberg")
    notes = [a.get_text() for a in html.select("#omtale-noter li a")]
    assert "Sagen kort" in notes
    assert "Sagen kort" not in [a.get_text() for a in html.select("#omtale-tekster li a")]


def test_a_role_of_one_year_shows_the_year_once(built_site: Path) -> None:
    person = soup(built_site, "personer/signe-aaberg").get_text(" ")
    assert "Næstformand" in person and "(2015)" in person and "2015–2015" not in person
    assert "(2012–2014)" in person  # a role over several years keeps its range
    club = soup(built_site, "organisationer/brugerklubben-sbsys").get_text(" ")
    assert "(2015)" in club and "2015–2015" not in club


def test_spellings_without_danish_letters() -> None:
    assert spellings(["Jesper Mølbæk"]) == ["Moelbaek", "Moelbak", "Molbaek", "Molbak"]
    assert spellings(["Signe Åberg", "S. Åberg"]) == ["Aaberg", "Aberg"]  # once each
    assert spellings(["Ammitzbøll-Bille", "Müller", "Sørensen"]) == [
        "Ammitzboell-Bille",
        "Ammitzboll-Bille",
        "Mueller",
        "Muller",
        "Soerensen",
        "Sorensen",
    ]
    assert spellings(["Émile Zoë"]) == ["Emile", "Zoe"]  # other accents are dropped
    assert spellings(["Brian Mikkelsen", "KL"]) == []  # nothing to spell otherwise
    assert 0 < len(spellings(["ÆæØøÅå"])) <= SPELLINGS_PER_WORD  # 729 ways: the first only


def test_spelling_map_gives_each_ascii_spelling_its_word() -> None:
    found = spelling_map(["Jesper Mølbæk", "Mølbæk", "Signe Åberg", "KL"])
    assert found == {
        "aaberg": "Åberg",
        "aberg": "Åberg",
        "moelbaek": "Mølbæk",
        "moelbak": "Mølbæk",
        "molbaek": "Mølbæk",
        "molbak": "Mølbæk",
    }


def test_search_page_holds_the_spellings_of_the_registrys_names(built_site: Path) -> None:
    html = (built_site / "soeg/index.html").read_text(encoding="utf-8")
    spelled = BeautifulSoup(html, "html.parser").find(id="soeg-stavemaader")
    found = json.loads(spelled.string)
    assert found["aaberg"] == found["aberg"] == "Åberg"  # Signe Åberg
    assert all(key.isascii() and not word.isascii() for key, word in found.items())


@pytest.mark.parametrize("listing", ["organisationer", "personer"])
def test_the_lists_of_names_are_in_danish_alphabetical_order(built_site: Path, listing) -> None:
    html = (built_site / listing / "index.html").read_text(encoding="utf-8")
    names = [row.td.a.get_text() for row in BeautifulSoup(html, "html.parser").tbody("tr")]
    assert len(names) >= 2
    assert names == sorted(names, key=danish_key)  # the order itself: below


def test_danish_alphabetical_order() -> None:
    names = ["Åbenrå", "Ødsted", "Zealand", "Ærø", "ITEK", "Itwatch", "IT-Branchen", "Émile", "Eva"]
    assert sorted(names, key=danish_key) == [
        "Émile",  # an accent is its letter's
        "Eva",
        "IT-Branchen",
        "ITEK",
        "Itwatch",
        "Zealand",
        "Ærø",  # æ, ø, å after z, in that order
        "Ødsted",
        "Åbenrå",
    ]
