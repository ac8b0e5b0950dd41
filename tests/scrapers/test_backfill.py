"""invoke backfill against the history fixture site: listings, sitemaps, stubs, the Wayback CDX."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from dossier.content import split_file
from scrapers.backfill import Window, backfill, end_of_day
from scrapers.enrich import MARKER
from scrapers.store import Article, render

from .history_site import HISTORY, HistorySite

ON_TOPIC_IDS = {str(300101 + n) for n in range(24)} - {"300104", "300109", "300114", "300119"}


@pytest.fixture
def site(httpserver) -> HistorySite:
    served = HistorySite(base=httpserver.url_for("").rstrip("/"))
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(served.handle)
    return served


def sources_file(tmp_path: Path, base: str, **history: list[str]) -> Path:
    lines = ["[topic]", "query = 'SBSYS OR ESDH OR \"brugerklubben sbsys\"'", "", "[backfill]",
             f'wayback = "{base}"', "", "[[source]]", 'id = "digital-forvaltning"',
             'name = "Digital Forvaltning"', f'page = "{base}/nyt/"']  # fmt: skip
    lines += [
        f"{key} = {[f'{base}{u}' for u in urls]!r}".replace("'", '"')
        for key, urls in history.items()
    ]
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fields_of(path: Path) -> dict[str, str]:
    return {f.key: f.value for f in split_file(path.read_text(encoding="utf-8"))[0]}


def ids_of(content: Path) -> list[str]:
    """The article id in each stored file's Original (or the path of one without an id)."""
    found = []
    for path in sorted(content.glob("articles/*/*/*.md")):
        original = fields_of(path)["original"]
        found.append(
            re.search(r"/art/(\d+)", original).group(1) if "/art/" in original else original
        )
    return found


@pytest.fixture
def content(tmp_path: Path, site: HistorySite) -> Path:
    """An editor's stub (short URL form, month precision) and a record the scraper wrote before."""
    folder = tmp_path / "content"
    stub = HISTORY / "records" / "digital-forvaltning" / "2013" / "klubben-saelger-licenser.md"
    target = folder / "articles" / "digital-forvaltning" / "2013" / stub.name
    target.parent.mkdir(parents=True)
    target.write_text(stub.read_text(encoding="utf-8").replace("BASE", site.base), encoding="utf-8")
    scraped = Article(
        title="Syv kommuner flytter journalerne til SBSYS",
        date=datetime(2013, 1, 2, 9, 1),
        source="digital-forvaltning",
        original=f"{site.base}/art/300102/syv-kommuner-flytter-journalerne-til-sbsys",
        body="Syv sjællandske kommuner har besluttet at samle deres sagsbehandling i SBSYS.",
        scraped="2026-01-01T00:00:00Z",
    )
    (target.parent / "syv-kommuner.md").write_text(render(scraped), encoding="utf-8")
    return folder


def test_paginated_archive_collects_every_on_topic_article_once(tmp_path, site, content, fast):
    stub = next(content.glob("articles/*/2013/klubben-saelger-licenser.md"))
    before = fields_of(stub)
    sources = sources_file(tmp_path, site.base, archive=["/tag/sbsys/"])
    report = backfill(sources, content, config=fast, progress=False)

    assert sorted(ids_of(content)) == sorted(ON_TOPIC_IDS)  # every on-topic article, once
    assert report.total("new") == 18 and report.total("off_topic") == 4
    assert report.total("duplicate") == 0 and report.total("errors") == 0
    assert [s.enriched for s in report.sources] == [(str(stub.relative_to(content / "articles")),)]
    # furniture links (ads, "mest læste", job lists, menus) are never followed
    assert not [p for p in site.requests if re.search(r"/art/39|/job/|/om/|/tag/esdh", p)]
    assert {"/tag/sbsys/", "/tag/sbsys/side/2/", "/tag/sbsys/side/3/"} <= set(site.requests)
    # the editor's record: every field kept, the text added below the marker, a precise date
    after = fields_of(stub)
    for key in ("title", "summary", "people", "organisations", "original", "publish", "source"):
        assert after[key] == before[key], key
    assert after["date"].startswith("2013-03-07") and "precision" not in after
    text = stub.read_text(encoding="utf-8")
    assert "Redaktionens note: artiklen er central" in text.split(MARKER)[0]
    assert "Flere IT-virksomheder kritiserer" in text.split(MARKER)[1]
    assert after["authors"] and after["scraped"] and after["captured"]


def test_second_backfill_makes_no_page_requests(tmp_path, site, content, fast):
    sources = sources_file(tmp_path, site.base, archive=["/tag/sbsys/"], sitemap=["/sitemap.xml"])
    backfill(sources, content, config=fast, progress=False)
    files = sorted(content.glob("articles/*/*/*.md"))
    site.requests.clear()
    report = backfill(sources, content, config=fast, progress=False)
    assert site.requests == [] and report.total("requested") == 0
    assert sorted(content.glob("articles/*/*/*.md")) == files


def test_killed_backfill_resumes_without_duplicates(tmp_path, site, content, fast, monkeypatch):
    sources = sources_file(tmp_path, site.base, archive=["/tag/sbsys/"])
    from scrapers.fetch import Fetcher

    real_get, calls = Fetcher.get, []

    def dying_get(self, url, *args):
        calls.append(url)
        if len(calls) == 13:  # mid-way through page 2
            raise KeyboardInterrupt
        return real_get(self, url, *args)

    monkeypatch.setattr(Fetcher, "get", dying_get)
    with pytest.raises(KeyboardInterrupt):
        backfill(sources, content, config=fast, progress=False)
    monkeypatch.setattr(Fetcher, "get", real_get)
    written = len(list(content.glob("articles/*/*/*.md")))
    assert 2 < written < 20
    site.requests.clear()
    backfill(sources, content, config=fast, progress=False)
    assert sorted(ids_of(content)) == sorted(ON_TOPIC_IDS)
    assert "/tag/sbsys/" not in site.requests  # page 1 was taken before the kill


def test_sitemap_index_gzipped_child_and_news_sitemap_within_dates(tmp_path, site, content, fast):
    sources = sources_file(tmp_path, site.base, sitemap=["/sitemap.xml"])
    window = Window(since=datetime(2013, 1, 1), until=end_of_day(datetime(2013, 12, 31)))
    report = backfill(sources, content, window=window, config=fast, progress=False)
    ids = set(ids_of(content))
    assert {"400101", "400102", "400105"} <= ids  # 400105 only in the news sitemap
    assert "400103" not in ids and report.total("off_topic") == 1  # off topic
    assert not [p for p in site.requests if "/art/400104" in p]  # 2017: outside the window
    assert report.total("errors") == 0


def test_dead_originals_come_from_wayback_snapshots(tmp_path, site, content, fast):
    dead = ["/art/500101/sbsys-aftalen-blev-underskrevet-i-al-hast",
            "/art/500102/klubben-lukker-sin-gamle-hjemmeside-om-sbsys",
            "/art/500103/en-side-uden-kopi"]  # fmt: skip
    sources = sources_file(tmp_path, site.base, urls=dead)
    report = backfill(sources, content, config=fast, progress=False)
    recovered = {fields_of(p)["original"]: fields_of(p) for p in content.glob("articles/*/*/*.md")}
    for path, stamp in ((dead[0], "20130212093000"), (dead[1], "20140301120000")):
        record = recovered[site.base + path]  # the real URL stays the Original
        assert record["archived"] == f"{site.base}/web/{stamp}id_/{site.base}{path}"
    assert site.base + dead[2] not in recovered
    assert report.total("new") == 2 and report.total("failed") == 1  # an item, not the source
    site.requests.clear()
    backfill(sources, content, config=fast, progress=False)
    assert site.requests == []  # the page without a snapshot is not asked for again


def test_shipped_stubs_are_enriched_not_duplicated(tmp_path, httpserver, fast):
    site = HistorySite(base=httpserver.url_for("").rstrip("/"), root=HISTORY / "site" / "stubs")
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(site.handle)
    project = Path(__file__).resolve().parents[2]
    content = tmp_path / "content"
    shutil.copytree(project / "content" / "articles", content / "articles")
    for path in content.glob("articles/*/*/*.md"):  # the local copies stand in for the real sites
        text = re.sub(
            r"https://www\.(computerworld|version2)\.dk", site.base, path.read_text("utf-8")
        )
        path.write_text(text, encoding="utf-8")
    before = {p: fields_of(p) for p in content.glob("articles/*/*/*.md")}
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[topic]\nquery = \'sbsys\'\n\n[[source]]\nid = "computerworld"\nsite = "{site.base}/"\n\n'
        f'[[source]]\nid = "version2"\nsite = "{site.base}/v2/"\n',
        encoding="utf-8",
    )
    report = backfill(sources, content, config=fast, progress=False)
    after = {p: fields_of(p) for p in content.glob("articles/*/*/*.md")}
    assert set(after) == set(before) and len(after) == 20  # enriched, not duplicated
    assert sum(len(s.enriched) for s in report.sources) == 20 and report.total("new") == 0
    for path, old in before.items():
        for key in ("title", "summary", "people", "organisations", "original", "publish"):
            assert after[path].get(key) == old.get(key), (path, key)
        assert MARKER in path.read_text(encoding="utf-8")
        if old.get("precision") in ("month", "year"):
            assert "precision" not in after[path] and after[path]["date"][8:10] == "14"


def test_a_dropped_listing_is_read_from_its_snapshot(tmp_path, site, content, fast):
    sources = sources_file(tmp_path, site.base, archive=["/gammelt-arkiv/"])
    sources.write_text(sources.read_text("utf-8") + "wayback = true\n", encoding="utf-8")
    report = backfill(sources, content, config=fast, progress=False)
    assert "/gammelt-arkiv/" not in site.requests  # the dropped listing is not asked for
    assert report.total("new") == 2 and report.total("errors") == 0
    archived = [fields_of(p).get("archived", "") for p in content.glob("articles/*/*/*.md")]
    assert sum(value.startswith(f"{site.base}/web/") for value in archived) == 2


def test_since_and_until_leave_out_listed_articles_dated_outside(tmp_path, site, content, fast):
    sources = sources_file(tmp_path, site.base, archive=["/tag/sbsys/"])
    window = Window(since=datetime(2013, 5, 1), until=end_of_day(datetime(2013, 6, 30)))
    report = backfill(sources, content, window=window, config=fast, progress=False)
    dates = [fields_of(p)["date"][:7] for p in content.glob("articles/*/*/*.md")]
    # the stub (an editor's choice) and the record stored before stay; new ones are May or June
    assert sorted(dates) == ["2013-01", "2013-03"] + ["2013-05"] * 2 + ["2013-06"] * 3
    # 24 listed: 6 in May and June (one off topic), the stub and the known record, 16 outside
    assert report.total("outside") == 16 and report.total("off_topic") == 1
    site.requests.clear()
    backfill(sources, content, window=window, config=fast, progress=False)
    assert site.requests == []  # what was left out for its date is not asked for again
