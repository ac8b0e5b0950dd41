"""The local preview: Danish dates read day-first, problems listed on /problemer/, stale pages go.

One real Pelican build of the fixture site plus tests/fixtures/preview/content (Danish dates, a
file without a title, a newcomer taking an old note's slug, a Kind in Danish spelling).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from dossier.plugin.templating import contact_href
from dossier.publish.build import build_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BUILT: dict = {}  # the fixture's build result, for the summary test


CONTACT = "rettelser@sbsys-dossier.example.org"


def build(site: Path):
    return build_site(
        site / "content", site / "output", sources=site / "sources.toml", DOSSIER_CONTACT=CONTACT
    )


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    """The fixture site with the preview fixtures added, built once (local settings)."""
    site = tmp_path_factory.mktemp("preview") / "site"
    shutil.copytree(FIXTURES / "site", site)
    shutil.copytree(FIXTURES / "preview" / "content", site / "content", dirs_exist_ok=True)
    # the newcomer is newer than the note whose address it takes (no git here: mtimes decide)
    newer = time.time() + 60
    os.utime(site / "content" / "notes" / "ny-sagen-kort.md", (newer, newer))
    BUILT["result"] = build(site)
    problems = [p.format(site) for p in BUILT["result"].problems]
    site.joinpath("result.json").write_text(json.dumps(problems))
    return site


def shown_path(path: str) -> str:
    """A content file's path as /problemer/ shows it: it may break after each slash."""
    return f"<code>{path.replace('/', '/<wbr>')}</code>"


def page(site: Path, url: str) -> str:
    return (site / "output" / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "shown", "iso"),
    [
        ("noter/dansk-dato", "12. november 2012", "2012-11-12"),
        ("noter/dansk-dato-med-klokkeslaet", "12. november 2012", "2012-11-12"),
    ],
)
def test_danish_dates_are_read_day_first(preview: Path, url: str, shown: str, iso: str) -> None:
    html = page(preview, url)
    assert shown in html and iso in html
    assert "december 2012" not in html and "2012-12-11" not in html


@pytest.mark.parametrize(
    ("url", "iso", "precision"),
    [("noter/maaned-uden-dag", "2012-11-01", "month"), ("noter/kun-aarstal", "2011-01-01", "year")],
)
def test_a_date_without_day_is_its_first_day_whatever_day_the_build_runs(
    preview: Path, url: str, iso: str, precision: str
) -> None:
    # dateutil, Pelican's parser, fills in the build day's day and month: the text would move
    html = page(preview, url)
    assert f'datetime="{iso}T00:00:00+' in html
    problems = json.loads((preview / "result.json").read_text(encoding="utf-8"))
    path = url.replace("noter/", "content/notes/") + ".md"
    day = f"mangler dagen: skriv {iso} og Precision: {precision}"
    assert any(p.startswith(path) and day in p for p in problems), problems


def test_a_newcomer_never_takes_the_address_of_the_older_note(preview: Path) -> None:
    assert "<title>Sagen kort" in page(preview, "noter/sagen-kort")
    problems = json.loads((preview / "result.json").read_text(encoding="utf-8"))
    assert (
        "content/notes/ny-sagen-kort.md:3: adressen 'sagen-kort' er optaget: notes/sagen-kort.md "
        "har den i forvejen; giv denne fil en anden Slug: (fx sagen-kort-2); "
        "filen kommer ikke med, når sitet bygges"
    ) in problems
    assert not [p for p in problems if p.startswith("content/notes/sagen-kort.md")]


def test_kind_in_danish_spelling_is_read_as_the_content_model_spells_it(preview: Path) -> None:
    html = page(preview, "begivenheder/2013/2013-05-01-afgoerelse-med-danske-bogstaver")
    assert '<p class="kind" data-pagefind-ignore>Afgørelse</p>' in html  # not "Begivenhed"
    problems = json.loads((preview / "result.json").read_text(encoding="utf-8"))
    assert not [p for p in problems if "afgoerelse-med-danske-bogstaver" in p]


def test_problem_page_lists_every_file_check_found_a_problem_in(preview: Path) -> None:
    html = page(preview, "problemer")
    for path, message in (
        ("notes/uden-titel.md", "mangler Title"),
        ("notes/dansk-dato.md", "skriv 2012-11-12"),
        ("notes/dansk-dato-med-klokkeslaet.md", "skriv 2012-11-12 10:31"),
        ("notes/ny-sagen-kort.md", "adressen &#39;sagen-kort&#39; er optaget"),
    ):
        row = html.split(shown_path(path), 1)[1].split("</tr>", 1)[0]
        assert message in row, path
    # whether the file is in the preview: one without a Title is not, one with a Danish date is
    for path, shown in (("notes/uden-titel.md", "mangler"), ("notes/dansk-dato.md", "vises")):
        row = html.split(shown_path(path), 1)[1].split("</tr>", 1)[0]
        assert row.rstrip().endswith(f"<td>{shown}</td>"), row
    assert not (preview / "output" / "noter" / "uden-titel").exists()


def test_the_problem_page_tells_warnings_from_errors(preview: Path) -> None:
    html = page(preview, "problemer")
    problems = BUILT["result"].problems
    warnings = [p for p in problems if p.warning]
    assert len(warnings) == 1  # the article of a source no longer in the sources file
    intro = f"invoke check fandt {len(problems) - 1} fejl\nog 1 advarsel\n"
    assert intro in html
    assert "Sitet offentliggøres ikke, så længe der er fejl; advarsler standser det ikke." in html
    path = "articles/nedlagt-avis/2013/klubben-holder-fast-i-udbuddet.md"
    row = html.split(shown_path(path), 1)[1].split("</tr>", 1)[0]
    assert "<strong>Advarsel:</strong> ukendt kilde-id &#39;nedlagt-avis&#39;" in row
    assert html.count("<strong>Advarsel:</strong>") == 1


def test_a_precision_in_danish_is_read_as_the_content_model_spells_it(preview: Path) -> None:
    html = page(preview, "artikler/2013/klubben-holder-fast-i-udbuddet")
    dated = html.split("<time", 1)[1].split("</time>", 1)[0]  # the article's own date
    assert dated == ' data-pagefind-ignore datetime="2013-02">februar 2013'


def test_every_preview_page_links_the_problem_list(preview: Path) -> None:
    # without a count: a slip made or mended in one file renders the problem page again, not
    # every page (test_incremental.py)
    link = 'href="/problemer/">Problemer i indholdet</a>'
    for url in ("", "noter/sagen-kort", "tidslinje", "personer/signe-aaberg"):
        assert link in page(preview, url).split("</header>", 1)[0], url


def test_a_clean_build_has_no_problem_page_or_link(built_site: Path) -> None:
    assert not (built_site / "problemer").exists()
    assert "/problemer/" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_build_summary_lists_the_problems(preview: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from tasks.site import build_summary

    result = BUILT["result"]
    summary = build_summary(result).splitlines()
    count = len(result.problems)
    warnings = sum(problem.warning for problem in result.problems)
    assert 0 < warnings < count  # the fixture has both, counted apart as invoke check counts them
    assert summary[1] == (
        f"Problemer i indholdet: {count - warnings} fejl, {warnings} "
        f"{'advarsler' if warnings > 1 else 'advarsel'} "
        "(listet på /problemer/ i forhåndsvisningen):"
    )
    assert len(summary) == 2 + count
    assert any("notes/uden-titel.md:1: mangler Title" in line for line in summary)


def test_rebuild_drops_pages_and_search_entries_of_deleted_files(preview: Path) -> None:
    note = preview / "content" / "notes" / "dansk-dato.md"
    assert (preview / "output" / "noter" / "dansk-dato" / "index.html").is_file()
    assert "Klubbens svar til KL" in indexed_titles(preview / "output")
    note.unlink()
    (preview / "content" / "notes" / "uden-titel.md").unlink()
    build(preview)
    assert not (preview / "output" / "noter" / "dansk-dato").exists()
    assert "Klubbens svar til KL" not in indexed_titles(preview / "output")
    assert "Mødet i Holstebro" in indexed_titles(preview / "output")  # the rest stays
    assert (preview / "output" / "theme" / "css" / "style.css").is_file()
    assert "notes/dansk-dato.md" not in page(preview, "problemer")


def test_every_footer_links_where_readers_report_an_error(preview: Path, built_site) -> None:
    link = f'<a href="mailto:{CONTACT}">Fundet en fejl? Skriv til os</a>.'
    for url in ("", "om", "personer/signe-aaberg", "tidslinje"):
        assert link in page(preview, url).split('<footer class="site">', 1)[1], url
    assert "Fundet en fejl?" not in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("rettelser@sbsys-dossier.example.org", "mailto:rettelser@sbsys-dossier.example.org"),
        ("https://sbsys-dossier.example.org/fejl", "https://sbsys-dossier.example.org/fejl"),
        (" ", ""),
        ("javascript:alert(1)", ""),
        ('a@b.dk" onmouseover="x', ""),
        ("mailto:a@b.dk?body=<script>", ""),
    ],
)
def test_the_contact_is_a_mail_address_or_a_web_address(value: str, href: str) -> None:
    assert contact_href(value) == href


def test_a_page_with_search_nej_is_not_in_the_readers_search(preview: Path) -> None:
    titles = indexed_titles(preview / "output")
    assert "Redaktørvejledning" not in titles  # the editors' guide: "KL" found it above KL
    assert "Om dossieret" in titles
    assert "<h1>Redaktørvejledning</h1>" in page(preview, "redaktoer")


def indexed_titles(output: Path) -> set[str]:
    """The titles of the pages in the Pagefind bundle (its fragments are gzipped JSON)."""
    import gzip

    titles = set()
    for fragment in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        data = data.removeprefix(b"pagefind_dcd")
        titles.add(json.loads(data).get("meta", {}).get("title", ""))
    return titles
