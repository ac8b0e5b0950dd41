"""The source's page history on the built site: notices, /aendringer/ and articles.json fields."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dossier.publish.build import build_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("history") / "site"
    shutil.copytree(FIXTURES / "site", site)
    shutil.copytree(
        FIXTURES / "history" / "built", site / "content" / "articles", dirs_exist_ok=True
    )
    build_site(site / "content", site / "output", sources=site / "sources.toml")
    return site / "output"


def page_of(output: Path, title_slug: str) -> str:
    found = [p for p in output.glob("**/index.html") if title_slug in str(p.parent)]
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def test_article_pages_say_what_the_source_did(built):
    changed = page_of(built, "nordby-giver-alle-sagsbehandlere")
    assert 'Ændret af kilden <time datetime="2026-11-28' in changed
    assert "28. november 2026</time> (titel)" in changed
    assert "30. november 2026</time> (tekst)" in changed
    assert "Arkiveret af dossieret" in changed and "25. november 2026" in changed
    assert "Internet Archive" not in changed
    removed = page_of(built, "vesthavn-skifter-esdh")
    assert 'Fjernet af kilden <time datetime="2026-11-29' in removed
    assert (
        'href="https://web.archive.org/web/20261127100000id_/https://lokalavisen.example/art/600103/vesthavn"'
        in removed
    )


def test_changes_page_lists_every_change_newest_first(built):
    html = (built / "aendringer" / "index.html").read_text(encoding="utf-8")
    order = [
        html.index(text) for text in ("30. november 2026", "29. november 2026", "28. november 2026")
    ]
    assert order == sorted(order)
    listed = html.split('<ul class="changes">')[1].split("</ul>")[0]
    assert listed.count("<li>") == 3 and "fjernet af kilden" in listed


def test_articles_json_has_the_history_fields(built):
    rows = {row["title"]: row for row in json.loads((built / "data" / "articles.json").read_text())}
    changed = rows["Nordby giver alle sagsbehandlere SBSYS på mobilen"]
    assert changed["changed"] == ["2026-11-28", "2026-11-30"] and changed["removed"] is None
    assert changed["archived"] == "2026-11-25T09:00:00Z" and changed["wayback"] is None
    removed = rows["Vesthavn skifter ESDH-leverandør"]
    assert removed["removed"] == "2026-11-29" and removed["wayback"].startswith(
        "https://web.archive.org/"
    )
    others = [
        row
        for title, row in rows.items()
        if "Nordby" not in title and "Vesthavn skifter" not in title
    ]
    assert others and all(
        row["archived"] is None and row["changed"] == [] and row["removed"] is None
        for row in others
    )
    assert {"id", "kind", "title", "date", "source", "source_url", "page"} <= set(changed)
