"""The overview at the top of /tidslinje/ (dossier/plugin/overview.py), from a real build."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup

from dossier.plugin.overview import lanes, year_rows
from dossier.plugin.timeline import Entry, Phase, build_phases


def timeline(site: Path) -> BeautifulSoup:
    html = (site / "tidslinje/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_overview_is_an_accessible_svg_without_script(built_site: Path) -> None:
    svg = timeline(built_site).select_one("figure.overview svg")
    assert svg is not None
    assert svg.find("title").get_text() and svg.find("desc").get_text()
    assert svg["aria-labelledby"] == svg.find("title")["id"]
    assert svg["aria-describedby"] == svg.find("desc")["id"]
    assert svg.find("script") is None and not any(a.startswith("on") for a in svg.attrs)


def test_each_year_of_the_timeline_is_linked_from_the_overview(built_site: Path) -> None:
    html = timeline(built_site)
    sections = {h["id"] for h in html.select("#tidslinje section.year > h2")}
    links = {a["href"].lstrip("#") for a in html.select("figure.overview svg a")}
    assert sections and links == sections


def test_phases_are_bands_and_texts_are_bars(built_site: Path) -> None:
    html = timeline(built_site)
    bands = {r.find("title").get_text() for r in html.select("svg rect.ov-phase")}
    assert bands == {"Udbud og kritik"}
    rows = json.loads((built_site / "data/timeline.json").read_text(encoding="utf-8"))
    texts = sum(1 for r in rows if r["kind"] in ("article", "note"))
    counted = sum(
        int(re.search(r": (\d+) ", r.find("title").get_text()).group(1))
        for r in html.select("svg rect.ov-bar")
    )
    assert counted == texts  # every fixture text has at least its month
    assert html.select("svg circle.ov-event")
    table = html.select_one("details.overview-text table")
    assert table is not None and "Udbud og kritik" in table.get_text()


def entry(day: str, kind: str = "article") -> Entry:
    return Entry(datetime.fromisoformat(day), "Tekst", kind, "side/")


def test_quiet_years_share_a_row_and_years_with_texts_do_not() -> None:
    entries = [entry("2010-05-01"), entry("2011-02-01", "event"), entry("2019-03-01")]
    rows = year_rows(entries, [], {2010, 2011, 2019})
    assert [(r.year, r.until) for r in rows] == [
        (2010, 2010),
        (2011, 2011),
        (2012, 2018),
        (2019, 2019),
    ]
    assert rows[1].events == 1 and rows[0].texts == 1


def test_overlapping_phases_get_their_own_lane() -> None:
    def phase(start: str, end: str) -> Phase:
        return Phase(start, datetime.fromisoformat(start), datetime.fromisoformat(end), "p/")

    a, b, c = (
        phase("2012-09-01", "2013-06-30"),
        phase("2012-10-01", "2014-12-31"),
        phase("2017-01-01", "2018-03-31"),
    )
    assert lanes([a, b, c]) == {a: 0, b: 1, c: 0}


def test_a_phase_that_ends_before_it_starts_lasts_its_first_day() -> None:
    start, end = datetime(2012, 9, 1), datetime(2012, 3, 1)  # an editor's slip; check says it
    slip = SimpleNamespace(event_kind="fase", title="Fase", date=start, end=end, page="p/")
    (phase,) = build_phases([slip])
    assert phase.start == phase.end == start
    (row,) = year_rows([], [phase], set())
    assert row.phases == (phase,)
