"""End-to-end: build the fixture site with real Pelican and check what a reader gets."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from pelican import Pelican

from dossier.errors import ContentError
from dossier.plugin.model import local_end
from dossier.plugin.templating import isodate
from dossier.publish import build
from dossier.publish.build import build_site, reader_cache, site_settings
from dossier.publish.verify import broken_links, untitled_pages

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_PAGES = [
    "index.html",
    "arkiv/index.html",
    "arkiv/2012/index.html",
    "arkiv/2017/index.html",
    "om/index.html",
    "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html",
    "artikler/2017/afgoerelse-om-licenssalg/index.html",
    "noter/sagen-kort/index.html",
    "begivenheder/2012/2012-10-01-udbuddet-offentliggoeres/index.html",
    "begivenheder/2012/2012-09-01-udbud-og-kritik/index.html",
    "feeds/alle.atom.xml",
    "sitemap.xml",
    "robots.txt",
]
EXCERPT = "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html"
FULL = "artikler/2017/afgoerelse-om-licenssalg/index.html"


@pytest.mark.parametrize("page", EXPECTED_PAGES)
def test_expected_page_exists(built_site: Path, page: str) -> None:
    assert (built_site / page).is_file()


def test_internal_links_and_assets_resolve(built_site: Path) -> None:
    assert broken_links(built_site) == []
    assert untitled_pages(built_site) == []


def test_pages_are_danish_with_landmarks_and_skip_link(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="da">' in html, page
        assert '<a class="skip" href="#indhold">' in html, page
        assert '<main id="indhold"' in html and "<nav " in html and "<header" in html, page


def test_feeds_parse_with_every_item(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "feeds/alle.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    assert "Kommuner strides om fælles sagssystem" in titles
    assert "Sagen kort" in titles


def test_feeds_carry_only_the_excerpt_of_excerpt_articles(built_site: Path) -> None:
    for feed in [built_site / "feeds/alle.atom.xml", *built_site.glob("personer/*/atom.xml")]:
        text = feed.read_text(encoding="utf-8")
        assert "HEMMELIG-FULDTEKST" not in text, feed
    everything = (built_site / "feeds/alle.atom.xml").read_text(encoding="utf-8")
    assert "Medlemskab til eget brug er lovligt" in everything  # Publish: full


def test_sitemap_lists_every_page(built_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(built_site / "sitemap.xml").findall(".//s:loc", ns)]
    assert "/noter/sagen-kort/" in locs
    assert "/artikler/2017/afgoerelse-om-licenssalg/" in locs
    assert "Sitemap: /sitemap.xml" in (built_site / "robots.txt").read_text()


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_article_json_ld_is_a_news_article(built_site: Path) -> None:
    data = json_ld((built_site / EXCERPT).read_text(encoding="utf-8"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Kommuner strides om fælles sagssystem"
    assert data["datePublished"].startswith("2012-11-12T10:31")
    assert data["author"] == [{"@type": "Person", "name": "Karen Østergaard"}]
    assert data["publisher"]["name"] == "Lokalavisen Vestjylland"
    note = json_ld((built_site / "noter/sagen-kort/index.html").read_text(encoding="utf-8"))
    assert note["@type"] == "Article"


def test_excerpt_article_hides_full_text_and_links_original(built_site: Path) -> None:
    html = (built_site / EXCERPT).read_text(encoding="utf-8")
    assert "HEMMELIG-FULDTEKST" not in html
    assert "Klubbens formand afviser kritikken." in html
    assert (
        'href="https://lokalavisen.example/nyheder/kommuner-strides-om-faelles-sagssystem"' in html
    )
    assert "12. november 2012" in html and "Karen Østergaard" in html


def test_full_article_is_shown_without_anything_executable(built_site: Path) -> None:
    html = (built_site / FULL).read_text(encoding="utf-8")
    assert "Medlemskab til eget brug er lovligt" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script type="application/ld+json">']
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html
    assert 'href="https://styrelsen.example/afgoerelse.pdf"' in html


def test_event_shows_date_as_precisely_as_known(built_site: Path) -> None:
    html = (built_site / EXPECTED_PAGES[8]).read_text(encoding="utf-8")
    assert "ca. oktober 2012" in html
    phase = (built_site / EXPECTED_PAGES[9]).read_text(encoding="utf-8")
    # a phase known to the month ends in a month too (its End is the month's last day)
    assert "Fase" in phase and "30. juni 2013" not in phase
    # as much of the date as is known, for machines too
    assert re.search(
        r'<time datetime="2012-09">september 2012</time>\s+til <time datetime="2013-06">juni 2013<',
        phase,
    )
    assert '<span data-pagefind-meta="date">september 2012 til juni 2013</span>' in phase


def test_an_end_is_in_the_time_zone_of_its_date() -> None:
    zone = ZoneInfo("Europe/Copenhagen")
    text = SimpleNamespace(end="2013-06-30", date=datetime(2012, 9, 1, tzinfo=zone))
    assert local_end(text) == datetime(2013, 6, 30, tzinfo=zone)
    assert local_end(text).isoformat() == "2013-06-30T00:00:00+02:00"
    assert local_end(SimpleNamespace(end="", date=text.date)) is None


def test_a_machine_readable_date_says_as_much_as_is_known() -> None:
    moment = datetime(2012, 11, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert isodate(moment, "year") == "2012"
    assert isodate(moment, "month") == "2012-11"
    assert isodate(moment) == "2012-11-01T00:00:00+01:00"
    assert isodate(None, "month") == ""


def test_article_page_is_at_most_14_kb_compressed_with_css(built_site: Path) -> None:
    html = (built_site / EXCERPT).read_bytes()
    css = (built_site / "theme/css/style.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 14 * 1024


def test_no_third_party_requests(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="https?://', html), page


def test_publish_build_has_absolute_canonical_links(fixture_site: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_site(
        fixture_site / "content",
        output,
        publish=True,
        sources=fixture_site / "sources.toml",
        SITEURL="https://dossier.example",
        FEED_DOMAIN="https://dossier.example",
        CACHE_PATH=str(tmp_path / "cache"),
    )
    html = (output / FULL).read_text(encoding="utf-8")
    expected = "https://dossier.example/artikler/2017/afgoerelse-om-licenssalg/"
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    assert broken_links(output, "https://dossier.example") == []
    assert not (output / "kladder").exists()


def test_publish_build_refuses_content_with_errors(fixture_site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "content"
    (broken / "notes").mkdir(parents=True)
    (broken / "notes" / "uden-dato.md").write_text("Title: Uden dato\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(broken, tmp_path / "out", publish=True, sources=fixture_site / "sources.toml")
    assert not (tmp_path / "out").exists()


def test_drafts_are_not_listed_or_in_feeds(built_site: Path) -> None:
    for name in ("index.html", "arkiv/2013/index.html", "feeds/alle.atom.xml", "sitemap.xml"):
        path = built_site / name
        assert not path.exists() or "Kladde om mødet" not in path.read_text(encoding="utf-8")
    draft = (built_site / "kladder/kladde-om-moedet/index.html").read_text(encoding="utf-8")
    # the editor sees that it is a draft, not the published note
    assert '<p class="notice">En kladde: vises kun i den lokale forhåndsvisning' in draft
    published = (built_site / "noter/sagen-kort/index.html").read_text(encoding="utf-8")
    assert "En kladde:" not in published


def test_escaped_markup_in_scraped_text_stays_text_on_every_page(built_site: Path) -> None:
    # (the JSON exports hold the same words as plain text, as data should)
    for page in [*built_site.rglob("*.html"), *built_site.rglob("*.xml")]:
        text = page.read_text(encoding="utf-8")
        for bad in ("<script>alert", "<img src=x", '<img src=\\"x', "onerror=alert(3)>"):
            assert bad not in text, (page, bad)
    quote_page = (built_site / "personer/signe-aaberg/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in quote_page


def test_a_failure_inside_pelican_reaches_the_caller(fixture_site: Path, tmp_path: Path) -> None:
    # Pelican runs in a child process of its own (build.py run_pelican): its error is raised here
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{% endif %}\n", encoding="utf-8")
    with pytest.raises(Exception, match="endif") as raised:
        build_site(
            fixture_site / "content",
            tmp_path / "out",
            sources=fixture_site / "sources.toml",
            THEME=str(theme),
            CACHE_PATH=str(tmp_path / "cache"),
        )
    assert not isinstance(raised.value, ContentError)
    assert not (tmp_path / "out" / "pagefind").exists()  # nothing indexed after a failed run


def test_every_built_file_is_as_readable_as_a_plain_write_makes_it(built_site: Path) -> None:
    """The web server serving a copied or rsynced release is often another user."""
    umask = os.umask(0o022)
    os.umask(umask)
    readable = 0o444 & ~umask
    unreadable = sorted(
        str(p.relative_to(built_site))
        for p in built_site.rglob("*")
        if p.is_file() and p.stat().st_mode & readable != readable
    )
    assert unreadable == []


def test_the_reader_cache_is_kept_uncompressed(built_site: Path, fixture_site: Path) -> None:
    # Pelican loads and saves it whole on every build: gzip at level 9 cost 1.6 s at 5,000 texts
    caches = list((fixture_site / "state" / "pelican-cache").glob("*/ArticlesGenerator-Readers"))
    assert caches
    articles = {p.name for p in (fixture_site / "content" / "articles").rglob("*.md")}
    cached = []
    for cache in caches:
        with cache.open("rb") as handle:
            cached.append({Path(path).name for path in pickle.load(handle)})  # gzip would not
    assert any(names >= articles for names in cached)


def test_the_reader_cache_outlives_a_move_but_not_a_change_of_reading(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()

    def cache_of(**overrides) -> str:
        settings = site_settings(tmp_path / "content", tmp_path / "output", **overrides)
        return reader_cache(settings, tmp_path / "state")["CACHE_PATH"]

    # the project (content, state, theme) copied elsewhere reads its Markdown as before
    for copy in ("a", "b"):
        shutil.copytree(ROOT / "theme", tmp_path / copy / "theme")
    assert cache_of(THEME=str(tmp_path / "a" / "theme")) == cache_of(
        THEME=str(tmp_path / "b" / "theme")
    )
    extensions = {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}}
    assert cache_of(MARKDOWN={"extension_configs": extensions}) != cache_of()


def test_the_reader_cache_is_read_again_when_the_plugins_reader_code_changes(
    tmp_path: Path, monkeypatch
) -> None:
    assert all(path.is_file() for path in build.READER_CODE)  # the files it names exist
    (tmp_path / "content").mkdir()
    code = tmp_path / "dates.py"
    monkeypatch.setattr(build, "READER_CODE", (code,))

    def cache_of() -> str:
        settings = site_settings(tmp_path / "content", tmp_path / "output")
        return reader_cache(settings, tmp_path / "state")["CACHE_PATH"]

    code.write_text("DAY_FIRST = True\n", encoding="utf-8")
    before = cache_of()
    code.write_text("DAY_FIRST = False\n", encoding="utf-8")
    assert cache_of() != before


def test_an_article_without_its_original_address_is_built_all_the_same(tmp_path: Path) -> None:
    # check reports the missing field (and a publish build refuses it); a local build shows it
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", site)
    article = site / "content" / "articles" / "lokalavisen" / "2013" / "uden-adresse.md"
    article.write_text(
        "Title: Leverandører klager over brugerklubben\nDate: 2013-05-02\nSource: lokalavisen\n\n"
        "Klagen er skrevet af en redaktør, der glemte artiklens adresse.\n",
        encoding="utf-8",
    )
    settings = site_settings(
        site / "content", site / "output", DOSSIER_SOURCES=str(site / "sources.toml")
    )
    Pelican(settings).run()
    html = (site / "output" / "artikler/2013/uden-adresse/index.html").read_text(encoding="utf-8")
    data = json_ld(html)
    assert data["@type"] == "NewsArticle" and "isBasedOn" not in data
    assert 'href=""' not in html and "Læs hele artiklen" not in html
    assert '<p class="meta" data-pagefind-ignore></p>' not in html
    assert data["publisher"]["name"] == "Lokalavisen Vestjylland"


def test_a_link_out_of_the_content_folder_publishes_nothing(
    fixture_site: Path, tmp_path: Path
) -> None:
    # an editor's {attach}, {static} or {filename} link to ../../ would have Pelican copy the
    # file it leads to (a secret beside the project, its settings) into the site
    site = tmp_path / "site"
    shutil.copytree(fixture_site / "content", site / "content")
    for name in ("bilag", "billede", "indstillinger"):
        (tmp_path / f"hemmelig-{name}.txt").write_text(f"adgangskode til {name}", "utf-8")
    notes = site / "content" / "notes"
    links = {
        "bilag": "[bilaget]({attach}/../../hemmelig-bilag.txt)",
        "billede": '<img src="{static}/../../hemmelig-billede.txt" alt="">',
        "indstillinger": "[x]({filename}../../../hemmelig-indstillinger.txt)",
    }
    for name, link in links.items():
        header = f"Title: {name}\nDate: 2013-05-07\nSummary: Et bilag.\n\n"  # Pelican copies then
        (notes / f"{name}.md").write_text(f"{header}Se {link}.\n", "utf-8")
    output = tmp_path / "output"
    result = build_site(site / "content", output, sources=fixture_site / "sources.toml")
    assert not list(output.rglob("hemmelig-*"))
    for name in links:
        html = (output / "noter" / name / "index.html").read_text("utf-8")
        assert "hemmelig" not in html and ('href=""' in html or 'src=""' in html), name
    outside = [p for p in result.problems if p.path.parent == notes and "content" in p.message]
    assert len(outside) == 3, [p.message for p in result.problems]
