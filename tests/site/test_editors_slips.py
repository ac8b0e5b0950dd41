"""An editor's slip in one file never stops a local build: it is said naming the file, and the
page shows what it can (real Pelican builds of the fixture site with one slip each)."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from pelican import Pelican

from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = "articles/lokalavisen/2013/{}.md"
HEAD = "Date: 2013-05-02\nSource: lokalavisen\n"


def build(site: Path) -> Path:
    settings = site_settings(
        site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
    )
    Pelican(settings).run()
    return site / "output"


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "site", tmp_path / "site")
    return tmp_path / "site"


def write(site: Path, relative: str, text: str | bytes) -> None:
    path = site / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def warnings(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def test_a_field_given_twice_keeps_its_first_value(site, caplog):
    # and the fields of several lines keep them all: no person's roles are said to be twice
    text = (
        "Title: Klubben svarer igen\nTitle: Klubben svarer\n"
        + HEAD
        + "Original: https://lokalavisen.example/a\nOriginal: https://lokalavisen.example/b\n"
        + "Changed: 2013-05-03 text\nChanged: 2013-05-04 title\n\nKlubben svarer kritikerne.\n"
    )
    write(site, ARTICLE.format("to-gange"), text)
    page = (build(site) / "artikler/2013/to-gange/index.html").read_text(encoding="utf-8")
    assert "<h1>Klubben svarer igen</h1>" in page
    assert 'href="https://lokalavisen.example/a"' in page and "['" not in page
    assert "3. maj 2013" in page and "4. maj 2013" in page  # both changes of the source page
    assert "to-gange.md: title is given 2 times" in warnings(caplog)
    assert "roles is given" not in warnings(caplog)


def test_control_characters_leave_the_text_and_the_feeds_valid(site, caplog):
    text = "Title: Klubben\x1b svarer\n" + HEAD + "Original: https://lokalavisen.example/a\n\n"
    write(site, ARTICLE.format("styretegn"), text + "Tekst med \x1b[0m og \x00 i sig.\n")
    output = build(site)
    page = (output / "artikler/2013/styretegn/index.html").read_text(encoding="utf-8")
    assert "<h1>Klubben svarer</h1>" in page and "\x1b" not in page and "\x00" not in page
    assert "styretegn.md: control characters removed" in warnings(caplog)


@pytest.mark.parametrize("template", ["findes-ikke", "person", "network", "problems"])
def test_a_template_that_does_not_fit_the_text_is_not_used(site, caplog, template):
    text = "Title: Skabelon\n" + HEAD + "Original: https://lokalavisen.example/a\n"
    write(site, ARTICLE.format("skabelon"), text + f"Template: {template}\n\nTekst.\n")
    page = (build(site) / "artikler/2013/skabelon/index.html").read_text(encoding="utf-8")
    assert "<h1>Skabelon</h1>" in page
    assert f"skabelon.md: Template {template} does not fit it" in warnings(caplog)


def test_links_that_are_not_http_are_left_out(site, caplog):
    text = "Title: Farlige links\n" + HEAD + "Original: javascript:alert(1)\n"
    write(site, ARTICLE.format("links"), text + "Copies: javascript:alert(2)\n\nTekst.\n")
    page = (build(site) / "artikler/2013/links/index.html").read_text(encoding="utf-8")
    assert "javascript:" not in page
    assert "links.md: Original is not an http(s) address" in warnings(caplog)


def test_a_person_whose_page_is_skipped_stays_in_the_registry_without_it(site):
    # Status: skip is Pelican's "do not read": the registry still names the person
    write(site, "people/sprunget-over.md", "Title: Sprunget Over\nStatus: skip\n\nSkal ikke ses.\n")
    output = build(site)
    shown = [p for p in output.rglob("*.html") if "Skal ikke ses" in p.read_text("utf-8")]
    assert (output / "index.html").is_file() and shown == []


@pytest.mark.parametrize("name", ["entities-rejected.txt", "../sources.toml"])
def test_a_registry_file_that_is_not_utf8_is_said_and_the_build_goes_on(site, caplog, name):
    path = (site / "content" / name).resolve()
    path.write_bytes((path.read_bytes() if path.exists() else b"") + b"\nMads Kj\xe6rsgaard\n")
    assert (build(site) / "index.html").is_file()
    assert f"cannot read {path}" in warnings(caplog) or f"cannot read sources file {path}" in (
        warnings(caplog)
    )


def test_markup_in_an_article_title_is_sanitised_like_its_text(site):
    text = 'Title: <script>alert("T")</script>Klubben <em>svarer</em>\n' + HEAD
    write(
        site, ARTICLE.format("titel"), text + "Original: https://lokalavisen.example/a\n\nTekst.\n"
    )
    output = build(site)
    page = (output / "artikler/2013/titel/index.html").read_text(encoding="utf-8")
    assert "<h1>Klubben <em>svarer</em></h1>" in page
    assert not [p for p in output.rglob("*.html") if 'alert("T")' in p.read_text("utf-8")]


def test_markup_in_authors_is_left_out(site):
    text = "Title: Byline\n" + HEAD + "Original: https://lokalavisen.example/a\n"
    authors = "Authors: <img src=x onerror=alert(7)>Jens Ærø\n\nTekst.\n"
    write(site, ARTICLE.format("byline"), text + authors)
    page = (build(site) / "artikler/2013/byline/index.html").read_text(encoding="utf-8")
    assert "onerror" not in page and "<img" not in page
    assert "Af Jens Ærø" in page


def test_control_characters_leave_a_persons_name_and_feed(site, caplog):
    write(site, "people/styret-navn.md", "Title: Ulla\x08 Ærø\n\nEn person i registret.\n")
    write(
        site,
        ARTICLE.format("ulla"),
        "Title: Ulla Ærø svarer\n" + HEAD + "Original: "
        "https://lokalavisen.example/u\nPeople: styret-navn\n\nUlla Ærø svarer klubben.\n",
    )
    output = build(site)
    feeds = [p for p in output.rglob("*.xml") if b"Ulla" in p.read_bytes()]
    assert feeds and not [p for p in feeds if b"\x08" in p.read_bytes()]
    assert "styret-navn.md: control characters removed" in warnings(caplog)


def test_an_escaped_byline_is_one_author_per_comma(site):
    # the scrapers store Authors HTML-escaped; Pelican splits a line holding ";" on semicolons
    text = "Title: Byline med et og-tegn\n" + HEAD + "Original: https://lokalavisen.example/o\n"
    write(
        site, ARTICLE.format("og-tegn"), text + "Authors: Hansen &amp; Søn, Karen Ærø\n\nTekst.\n"
    )
    output = build(site)
    page = (output / "artikler/2013/og-tegn/index.html").read_text(encoding="utf-8")
    assert "Af Hansen &amp; Søn, Karen Ærø" in page
    rows = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    assert [r["authors"] for r in rows if r["id"] == "og-tegn"] == [["Hansen & Søn", "Karen Ærø"]]


def test_a_draft_person_gets_the_registrys_page_without_its_text(site, caplog):
    write(site, "people/kladde-person.md", "Title: Kladde Person\nStatus: draft\n\nUfærdig bio.\n")
    output = build(site)
    assert not [
        p for p in output.rglob("*") if "htmlindex" in p.name or "kladde-person.html" in str(p)
    ]
    assert not [p for p in output.rglob("*.html") if "Ufærdig bio" in p.read_text("utf-8")]
    assert "kladde-person.md: Status: draft" in warnings(caplog)
    page = (output / "personer" / "kladde-person" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Kladde Person</h1>" in page


def test_texts_sharing_a_slug_are_named_and_keep_their_own_statements(site, caplog):
    article = "Title: Svar fra klubben\n" + HEAD + "Original: https://lokalavisen.example/s\n\n"
    quote = '"Vi betaler pr. indbygger," siger Signe Åberg.\n'
    write(site, ARTICLE.format("svar"), article + quote)
    write(site, "notes/svar.md", "Title: Svar\nDate: 2013-06-01\n\nRedaktionens note.\n")
    output = build(site)
    note = (output / "noter" / "svar" / "index.html").read_text(encoding="utf-8")
    assert "Vi betaler pr. indbygger" not in note
    assert "articles/lokalavisen/2013/svar.md, notes/svar.md" in warnings(caplog)


def test_an_article_keeps_its_own_address_whatever_its_save_as_says(site, caplog):
    text = "Title: Forsiden\n" + HEAD + "Original: https://lokalavisen.example/a\n"
    write(site, ARTICLE.format("forsiden"), text + "Save_as: index.html\nURL: /\n\nTekst.\n")
    output = build(site)
    assert "<h1>Forsiden</h1>" in (output / "artikler/2013/forsiden/index.html").read_text("utf-8")
    assert "<h1>Forsiden</h1>" not in (output / "index.html").read_text(encoding="utf-8")
    assert (
        "forsiden.md: save_as/url left out: the address of a text of this kind is the site's"
        in warnings(caplog)
    )


def test_a_page_may_choose_its_file_but_not_another_pages(site, caplog):
    write(site, "pages/fri.md", "Title: Fri side\nSave_as: fri.html\n\nTekst.\n")
    write(site, "pages/forside.md", "Title: Falsk forside\nSave_as: index.html\n\nTekst.\n")
    write(
        site, "pages/tidslinje.md", "Title: Falsk tidslinje\nSave_as: tidslinje/index.html\n\n.\n"
    )
    for built in range(2):  # the second build keeps the pages it may keep
        output = build(site)
        assert "Fri side" in (output / "fri.html").read_text(encoding="utf-8")
        for name, fake in [("index.html", "Falsk forside"), ("tidslinje/index.html", "Falsk")]:
            page = (output / name).read_text(encoding="utf-8")
            assert fake not in page and "<html" in page, (built, name)
    said = warnings(caplog)  # Pelican's log says a message once a process
    assert "pages/forside.md: Save_as index.html is another page's file" in said
    assert "pages/tidslinje.md: Save_as tidslinje/index.html is another page's file" in said


def test_malformed_roles_show_no_empty_items(site):
    roles = "Roles: | | 2012\n    Rådgiver | | 2013\n    | brugerklubben-sbsys | 2014\n"
    write(site, "people/rolle-rod.md", "Title: Rolle Rod\n" + roles + "\nRådgiver.\n")
    html = (build(site) / "personer/rolle-rod/index.html").read_text(encoding="utf-8")
    items = [" ".join(li.split()) for li in re.findall(r"<li>(.*?)</li>", html, re.S)]
    assert "Rådgiver (2013–)" in items
    assert any(item.startswith("<a ") and "(2014–)" in item for item in items)
    assert not [item for item in items if item.startswith((",", "(")) or not item]


def test_an_articles_estimated_month_is_said_to_be_one(site, caplog):
    text = "Title: Skønnet måned\nDate: 2013-05-01\nPrecision: month\nApproximate: ja\n"
    source = "Source: lokalavisen\nOriginal: https://lokalavisen.example/s\n\nTekst.\n"
    write(site, ARTICLE.format("skoennet"), text + source)
    html = (build(site) / "artikler/2013/skoennet/index.html").read_text(encoding="utf-8")
    assert ">ca. maj 2013</time>" in html
    assert "approximate" not in warnings(caplog).lower()


def test_an_editors_record_does_not_call_its_own_summary_an_excerpt(site):
    head = "Date: 2013-05-02\nSource: lokalavisen\nOriginal: https://lokalavisen.example/{}\n"
    scraped = "Title: Hentet\n" + head.format("h") + "Scraped: 2013-05-03T08:00:00Z\n\nLeder.\n"
    record = "Title: Redaktionens post\n" + head.format("r") + "\nRedaktionens resumé.\n"
    write(site, ARTICLE.format("hentet"), scraped)
    write(site, ARTICLE.format("redaktionens-post"), record)
    output = build(site)
    shown = (output / "artikler/2013/hentet/index.html").read_text(encoding="utf-8")
    assert "viser et uddrag af artiklen" in shown and "Resuméet er dossierets eget" not in shown
    own = (output / "artikler/2013/redaktionens-post/index.html").read_text(encoding="utf-8")
    assert "Resuméet er dossierets eget" in own and "viser et uddrag af artiklen" not in own


def test_a_persons_term_is_shown_with_what_they_said_of_it(site):
    text = "Title: Kritik\n" + HEAD + "Original: https://lokalavisen.example/k\n\n"
    body = "Signe Åberg kalder kritikken for »ren støj« og går videre.\n"
    write(site, ARTICLE.format("kritik"), text + body)
    html = (build(site) / "personer/signe-aaberg/index.html").read_text(encoding="utf-8")
    assert "<p>kalder kritikken for »ren støj«</p>" in html


def test_a_statement_of_an_article_whose_month_is_estimated_says_so(site):
    text = "Title: Kritik\nDate: 2013-05-01\nPrecision: month\nApproximate: ja\n"
    source = "Source: lokalavisen\nOriginal: https://lokalavisen.example/c\n\n"
    body = "Signe Åberg kalder kritikken for »ren støj« og går videre.\n"
    write(site, ARTICLE.format("skoennet-kritik"), text + source + body)
    html = (build(site) / "personer/signe-aaberg/index.html").read_text(encoding="utf-8")
    (quote,) = [q for q in html.split("</blockquote>") if "»ren støj«" in q]
    assert ">ca. maj 2013</time>" in quote
