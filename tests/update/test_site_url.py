"""Publishing needs a real SITEURL, and verification follows absolute links to it into the tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.config import PLACEHOLDER_SITEURL
from dossier.errors import BuildError
from dossier.publish.build import build_site
from dossier.publish.update import Code, deploy_site
from dossier.publish.verify import check_pages

from .conftest import FIXTURES, Site


@pytest.mark.parametrize("value", ["", PLACEHOLDER_SITEURL, PLACEHOLDER_SITEURL + "/"])
def test_a_publish_build_refuses_the_placeholder_or_no_site_url(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_SITEURL", value)
    with pytest.raises(BuildError, match="DOSSIER_SITEURL"):
        build_site(
            FIXTURES / "site" / "content",
            tmp_path / "out",
            publish=True,
            sources=FIXTURES / "site" / "sources.toml",
            CACHE_PATH=str(tmp_path / "cache"),
            DOSSIER_STATE=str(tmp_path / "state"),
        )
    assert not (tmp_path / "out").exists()


def test_update_without_a_site_url_stops_before_scraping(
    site: Site, dir_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_SITEURL")
    outcome = site.update(dir_target)
    assert outcome.code == Code.ERROR
    assert "DOSSIER_SITEURL" in outcome.summary and "\n" not in outcome.summary
    assert not (site.state / "scrape.sqlite3").exists()  # nothing was fetched


SITE = "https://dossier.example.dk"


@pytest.mark.parametrize(
    ("link", "broken"),
    [
        (f"{SITE}/kilder/", False),
        (f"{SITE}/theme/css/style.css", False),
        (f"{SITE}/", False),
        (SITE, False),
        ("//dossier.example.dk/kilder/", False),
        ("http://DOSSIER.example.dk/kilder/", False),  # the host, whatever the scheme and case
        (f"{SITE}/mangler/", True),
        (f"{SITE}/theme/css/mangler.css", True),
        (f"{PLACEHOLDER_SITEURL}/kilder/", True),  # the placeholder is never a working link
        ("https://www.computerworld.dk/art/1", False),  # external
        ("mailto:redaktion@dossier.example.dk", False),
        ("#indhold", False),
    ],
)
def test_absolute_links_to_the_site_must_resolve_in_the_tree(
    link: str, broken: bool, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "kilder").mkdir(parents=True)
    (site / "theme" / "css").mkdir(parents=True)
    (site / "theme" / "css" / "style.css").write_text("body {}", "utf-8")
    (site / "kilder" / "index.html").write_text("<title>Kilder</title>", "utf-8")
    page = f'<title>Forside</title><a href="{link}">x</a>'
    (site / "index.html").write_text(page, "utf-8")
    found, _ = check_pages(site, SITE)
    assert [p.target for p in found] == ([link] if broken else [])


def test_a_site_url_with_a_path_resolves_below_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "kilder").mkdir(parents=True)
    (site / "kilder" / "index.html").write_text("<title>Kilder</title>", "utf-8")
    links = ["https://example.dk/dossier/kilder/", "https://example.dk/andet/"]
    html = "<title>F</title>" + "".join(f'<a href="{link}">x</a>' for link in links)
    (site / "index.html").write_text(html, "utf-8")
    found, _ = check_pages(site, "https://example.dk/dossier")
    assert [p.target for p in found] == ["https://example.dk/andet/"]


def test_deploying_a_site_built_for_the_placeholder_fails_and_says_why(
    site: Site, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    output.mkdir()
    link = f"{PLACEHOLDER_SITEURL}/theme/css/style.css"
    (output / "index.html").write_text(f'<title>F</title><link href="{link}">', "utf-8")
    outcome = deploy_site(output, f"dir:{tmp_path / 'www'}", site.content)
    assert outcome.code == Code.VERIFY_FAILED
    assert f"index.html: broken link {link}" in outcome.problems
    assert "DOSSIER_SITEURL" in outcome.summary
    assert not (tmp_path / "www").exists()
