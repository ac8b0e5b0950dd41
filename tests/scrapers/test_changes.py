"""Change tracking: a title change, then a text change, a furniture-only change, a removed page."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from dossier.content import split_file
from scrapers.backfill import backfill
from scrapers.changes import compare, word_diff
from scrapers.history import History
from scrapers.run import scrape

from .history_site import HistorySite

PAGES = {
    "title": "/art/600101/nordby",
    "furniture": "/art/600102/brugerklubben-sbsys-aabner-nyt-kontor-i-aarhus",
    "gone": "/art/600103/vesthavn-skifter-esdh-leverandoer",
}


@pytest.fixture
def site(httpserver) -> HistorySite:
    served = HistorySite(base=httpserver.url_for("").rstrip("/"), version="v1")
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(served.handle)
    return served


def sources_file(tmp_path: Path, base: str) -> Path:
    urls = ", ".join(f'"{base}{path}"' for path in PAGES.values())
    path = tmp_path / "sources.toml"
    path.write_text(
        "[topic]\nquery = 'SBSYS OR ESDH'\n\n[fetch]\nrecheck_days = 100000\nrecheck_hours = 0\n\n"
        f'[backfill]\nwayback = "{base}"\n\n[[source]]\nid = "digital-forvaltning"\n'
        f'page = "{base}/nyt/"\nurls = [{urls}]\n',
        encoding="utf-8",
    )
    return path


def record(content: Path, page: str) -> tuple[dict[str, str], str]:
    for path in content.glob("articles/*/*/*.md"):
        fields, body = split_file(path.read_text(encoding="utf-8"))
        values = {f.key: f.value for f in fields}
        if values["original"].endswith(PAGES[page]):
            return values, body
    raise AssertionError(f"no record of {page}")


def test_real_changes_are_flagged_and_furniture_is_not(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, site.base), tmp_path / "content"
    backfill(sources, content, config=fast, progress=False)
    assert len(list(content.glob("articles/*/*/*.md"))) == 3

    site.version = "v2"  # the title changes; an ad and "senest opdateret"; one page is gone
    report = scrape(sources, content, config=fast, progress=False)
    outcomes = {o.url.removeprefix(site.base): (o.status, o.what) for o in report.changes}
    assert outcomes == {
        PAGES["title"]: ("changed", "title"),
        PAGES["furniture"]: ("unchanged", ""),
        PAGES["gone"]: ("removed", ""),
    }
    title, _ = record(content, "title")
    assert title["title"] == "Nordby giver alle sagsbehandlere SBSYS på mobilen"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} title", title["changed"])
    furniture, _ = record(content, "furniture")
    assert "changed" not in furniture
    gone, _ = record(content, "gone")  # never deleted, marked removed
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gone["removed"]) and "archived" not in gone

    site.version = "v3"  # now the text changes
    report = scrape(sources, content, config=fast, progress=False)
    changed = [(o.status, o.what) for o in report.changes if o.status == "changed"]
    assert changed == [("changed", "text")]
    title, body = record(content, "title")
    assert title["changed"].endswith(" text") and title["changed"].count(",") == 1
    assert "400.000 kroner" in body

    report = scrape(sources, content, config=fast, progress=False)  # nothing new: 304s
    assert {o.status for o in report.changes} == {"not_modified"}
    history = History(tmp_path / "state")
    try:
        kinds = [c.what for c in history.changes()]
        assert kinds == ["title", "removed", "text"]
        text_change = history.changes()[-1]
        assert "{+Løsningen koster 400.000 kroner om året.+}" in word_diff(
            text_change.old_text, text_change.new_text
        ).replace("+} {+", " ")
    finally:
        history.close()


def test_an_editors_file_keeps_its_text_but_shows_the_change(tmp_path, site, fast):
    sources, content = sources_file(tmp_path, site.base), tmp_path / "content"
    backfill(sources, content, config=fast, progress=False)
    path = next(p for p in content.glob("articles/*/*/*.md") if "nordby" in p.read_text("utf-8"))
    edited = path.read_text(encoding="utf-8").replace("Title: Nordby", "Title: Redaktionen: Nordby")
    path.write_text(edited, encoding="utf-8")
    site.version = "v2"
    scrape(sources, content, config=fast, progress=False)
    values, _ = record(content, "title")
    assert values["title"].startswith("Redaktionen: Nordby giver sagsbehandlerne")
    assert values["changed"].endswith(" title")


STAMP1, STAMP2 = (
    "Senest opdateret 3. december 2026 kl. 10.12",
    "Senest opdateret 5. dec. 2026 kl. 9.00",
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (f"{STAMP1}\nKlubben flytter.", f"{STAMP2}\nKlubben flytter.", ""),
        ("Opdateret 2026-12-03 10:12\nKlubben flytter.", "Klubben flytter.", ""),
        ("Klubben flytter.", "Klubben flytter ikke.", "text"),
        ("Tirsdag 3. december 2026\nKlubben flytter.", "Onsdag 4. dec. 2026\nKlubben flytter.", ""),
        ("Klubben flytter 3. december 2026.", "Klubben flytter 4. december 2026.", "text"),
        ("Klubben flytter.\nAnnonce", "Klubben flytter.", ""),
    ],
)  # fmt: skip
def test_compare_ignores_stamps_and_dates(old, new, expected):
    assert compare("Titel", old, "Titel", new) == expected


def test_only_young_articles_are_due_within_the_budget(tmp_path):
    from scrapers.history import Version

    history = History(tmp_path)
    try:
        for number, published in enumerate(
            ["2026-11-30", "2026-11-20", "2026-10-01", "2026-11-25"]
        ):
            checked = "2026-11-30T00:00:00Z" if number == 0 else None
            history.remember(Version(f"u{number}", f"p{number}", "T", "x", None, None, published,
                                     checked, None))  # fmt: skip
        assert [v.url for v in history.due("2026-11-01", 2)] == ["u1", "u3"]  # unchecked first
        assert [v.url for v in history.due("2026-11-01", 10)] == ["u1", "u3", "u0"]
    finally:
        history.close()


def first_write(tmp_path: Path) -> Path:
    """An article as the scraper first wrote it, in tmp_path."""
    from scrapers.store import Article, render

    path = tmp_path / "artikel.md"
    article = Article(
        "Klubben flytter", datetime(2026, 11, 30, 8, 0), "kilde", "https://a.dk/art/1",
        "Klubben flytter.\n", summary="Klubben flytter.",
    )  # fmt: skip
    path.write_text(render(article), encoding="utf-8")
    return path


def test_update_text_cleans_like_the_first_write(tmp_path):
    from scrapers.revise import update_text
    from scrapers.store import is_unmodified

    path = first_write(tmp_path)
    title = "Klubben\u200b flytter\u202e til " + "Aarhus og " * 40
    assert update_text(
        path, title, "Klubben\u202e flytter\u202c til\u2066 Aarhus.", "Kort\u2028om."
    )
    text = path.read_text(encoding="utf-8")
    values = {f.key: f.value for f in split_file(text)[0]}
    assert values["title"].startswith("Klubben flytter til Aarhus") and values["title"][-1] == "…"
    assert len(values["title"]) <= 200 and values["summary"] == "Kort om."  # U+2028: a space
    assert text.endswith("\n\nKlubben flytter til Aarhus.\n") and is_unmodified(text)


def test_update_text_escapes_markdown_in_the_summary_like_the_first_write(tmp_path):
    from scrapers.revise import update_text
    from scrapers.store import escape_markdown

    path = first_write(tmp_path)
    summary = "[Læs mere](https://evil.example/phish) om **flytningen**."
    assert update_text(path, "Klubben flytter", "Klubben flytter til Aarhus.", summary)
    values = {f.key: f.value for f in split_file(path.read_text(encoding="utf-8"))[0]}
    assert values["summary"] == escape_markdown(summary)
    assert values["summary"].startswith("\\[Læs mere\\](https://evil.example/phish) om \\*\\*")


def test_a_notice_key_goes_into_the_header_an_editor_ended_with_spaces(tmp_path):
    # Pelican ends a header at a line of spaces; splitting at "\n\n" put Changed into the text
    from scrapers.revise import set_keys

    path = first_write(tmp_path)
    header, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    path.write_text(f"{header}\n   \n{body}", encoding="utf-8")  # the editor's blank line
    set_keys(path, {"Changed": "2024-02-01 text"})
    fields, text = split_file(path.read_text(encoding="utf-8"))
    assert {f.key: f.value for f in fields}["changed"] == "2024-02-01 text"
    assert "Changed" not in text and text.strip() == body.strip()
