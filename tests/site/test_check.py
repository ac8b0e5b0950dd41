"""`invoke check` names every broken file and line; builds warn or refuse accordingly."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dossier.editing.check import check_content
from dossier.publish.build import build_site

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "fixtures" / "check"
INVOKE = [sys.executable, "-m", "invoke"]


def run_check(content: Path, sources: Path, language: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*INVOKE, "check", "--content", str(content), "--sources", str(sources)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DOSSIER_LANGUAGE": language},
    )


def copied_content(site: Path, folder: Path) -> Path:
    """A copy of the fixture site's content folder in folder, to add files to."""
    shutil.copytree(site / "content", folder / "content")
    return folder / "content"


def test_check_reports_every_problem_as_path_line_message() -> None:
    result = run_check(CHECK / "content", CHECK / "sources.toml")
    expected = (CHECK / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == expected
    assert result.returncode == 1
    errors = [line for line in expected if ": warning: " not in line]
    warnings = len(expected) - len(errors)
    assert result.stderr.splitlines() == [f"{len(errors)} errors, {warnings} warnings"]


def test_every_kind_of_problem_is_in_the_fixture() -> None:
    text = (CHECK / "expected.txt").read_text(encoding="utf-8")
    for kind in (
        "missing Title",
        "missing Date",
        "cannot parse Date",
        "is no date: February 2024 has 29 days",  # a day the month does not have
        "is no date: there is no month 31",
        "is in both Organisations and Unlink: Unlink wins",
        "is not ISO: write",
        "unknown metadata key",
        "unknown person id",
        "unknown organisation id",
        "duplicate slug",
        "broken link {filename}",
        "malformed URL",
        "unknown source id",
        "did you mean 'soeren-aeroe-aaberg'?",
        "did you mean 'egedal-kommune'?",
        "is also a name of",
        "placeholder text from invoke new",
        "is more than two days after today: is the year right?",
        "Status: draft does not work for people and organisations",
        "Status must be draft (a draft) or left out, not 'kladde'",
        "Approximate must be one of",
        "Type is empty: write one of",
        "warning: the file name's date 2013-06-01 is not Date 2013-06-11",
    ):
        assert kind in text, kind


def test_a_text_dated_days_ahead_is_an_error_an_event_is_not_checked(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "events").mkdir()
    text = "Title: {}\nDate: {}\n\nTekst om sagen.\n"
    # two days' grace: a scraper takes a date up to a day ahead of Danish time (sanitize.py)
    (tmp_path / "notes" / "i-morgen.md").write_text(text.format("I morgen", "2026-05-05 00:30"))
    (tmp_path / "notes" / "i-overmorgen.md").write_text(text.format("Overmorgen", "2026-05-06"))
    (tmp_path / "notes" / "om-tre-dage.md").write_text(text.format("Om tre dage", "2026-05-07"))
    (tmp_path / "events" / "2026-06-01-hoering.md").write_text(text.format("Høring", "2026-06-01"))
    problems = check_content(tmp_path, today=date(2026, 5, 4))
    assert [(p.path.name, p.line, p.warning) for p in problems] == [("om-tre-dage.md", 2, False)]
    assert "2026-05-07" in problems[0].message


def test_clean_content_passes(fixture_site: Path) -> None:
    result = run_check(fixture_site / "content", fixture_site / "sources.toml")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found."


def test_the_valid_file_among_broken_ones_has_no_problem() -> None:
    problems = check_content(CHECK / "content", CHECK / "sources.toml")
    assert not [p for p in problems if p.path.name == "hanne-moelgaard.md" and p.line != 4]
    assert not [p for p in problems if p.path.name == "egedal-kommune.md"]
    assert not [p for p in problems if p.path.name == "2013-06-10-dansk-art.md"]  # Kind: møde
    assert not [p for p in problems if p.path.name == "kladde-med-skabelontekst.md"]  # a draft


def test_editors_read_the_problems_in_danish_by_default() -> None:
    result = run_check(CHECK / "content", CHECK / "sources.toml", language="")
    lines = result.stdout.splitlines()
    note = "tests/fixtures/check/content/notes/id-med-danske-bogstaver.md"
    assert (
        f"{note}:3: ukendt person-id 'søren-ærø-åberg' i People; mente du 'soeren-aeroe-aaberg'?"
    ) in lines
    assert (
        f"{note}:7: ukendt organisations-id 'egedal' i Organisations; mente du 'egedal-kommune'?"
        in lines
    )
    expected = (CHECK / "expected.txt").read_text(encoding="utf-8").splitlines()
    errors = [line for line in lines if ": advarsel: " not in line]
    warnings = len(lines) - len(errors)  # counted apart, as the build and /problemer/ count
    assert len(lines) == len(expected)
    assert result.stderr.splitlines() == [f"{len(errors)} fejl, {warnings} advarsler"]


def git(folder: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else None
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


NOTE = "Title: {title}\nDate: 2026-11-01\n{slug}Summary: En note.\n\nTekst om sagen.\n"


def test_the_file_that_had_the_address_first_in_git_keeps_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    old = content / "notes" / "sagen-kort.md"
    old.parent.mkdir(parents=True)
    old.write_text(NOTE.format(title="Sagen kort", slug=""), encoding="utf-8")
    git(content, "init", "-q")
    git(content, "-c", "user.name=R", "-c", "user.email=r@example.org", "add", ".")
    git(
        content,
        "-c",
        "user.name=R",
        "-c",
        "user.email=r@example.org",
        "commit",
        "-qm",
        "a",
        when="2020-01-01T10:00:00",
    )
    # the newcomer sorts first and is even older on disk, but git knows it came later
    newcomer = content / "notes" / "a-ny-udgave.md"
    newcomer.write_text(NOTE.format(title="Ny", slug="Slug: sagen-kort\n"), encoding="utf-8")
    os.utime(newcomer, (1_000_000_000, 1_000_000_000))
    git(content, "-c", "user.name=R", "-c", "user.email=r@example.org", "add", ".")
    git(
        content,
        "-c",
        "user.name=R",
        "-c",
        "user.email=r@example.org",
        "commit",
        "-qm",
        "b",
        when="2026-11-28T10:00:00",
    )
    problems = check_content(content)
    assert [(p.path, p.blocking) for p in problems] == [(newcomer, True)]
    assert "notes/sagen-kort.md har den i forvejen" in problems[0].message
    assert "giv denne fil en anden Slug: (fx sagen-kort-2)" in problems[0].message


def test_without_git_the_older_file_keeps_the_address(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    old, newcomer = notes / "sagen-kort.md", notes / "a-ny-udgave.md"
    old.write_text(NOTE.format(title="Sagen kort", slug=""), encoding="utf-8")
    newcomer.write_text(NOTE.format(title="Ny", slug="Slug: sagen-kort\n"), encoding="utf-8")
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(newcomer, (1_700_000_000, 1_700_000_000))
    assert [p.path for p in check_content(tmp_path)] == [newcomer]


def test_a_local_build_returns_the_problems_and_builds_the_rest(
    tmp_path, caplog, monkeypatch
) -> None:
    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")
    caplog.set_level(logging.WARNING, logger="dossier.publish.build")
    result = build_site(
        CHECK / "content",
        tmp_path / "out",
        sources=CHECK / "sources.toml",
        CACHE_PATH=str(tmp_path / "cache"),
        DOSSIER_STATE=str(tmp_path / "state"),
    )
    # the caller reports them once: the build summary and /problemer/, or the cron job's log
    assert not [r for r in caplog.records if r.name == "dossier.publish.build"]
    lines = [problem.format(ROOT) for problem in result.problems]
    assert any(
        line.startswith("tests/fixtures/check/content/notes/uden-dato.md:1: missing Date")
        for line in lines
    )
    assert (tmp_path / "out" / "noter" / "gyldig-note" / "index.html").is_file()


def build_a_copy(site: Path, output: Path, *options: str, **env: str):
    """`invoke build` of a copy of the check fixture at site (the build keeps its state beside
    the content), with the editors' messages in Danish."""
    shutil.copytree(CHECK, site)
    return subprocess.run(
        [*INVOKE, "build", *options, f"--content={site / 'content'}", f"--output={output}"]
        + [f"--sources={site / 'sources.toml'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DOSSIER_LANGUAGE": "da", **env},
    )


def test_a_local_build_says_each_problem_once_in_the_editors_language(tmp_path: Path) -> None:
    site, output = tmp_path / "site", tmp_path / "out"
    done = build_a_copy(site, output)
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert said.count("notes/uden-titel.md:1: mangler Title") == 1
    # Pelican's English for the same file, and its warning that a local build has no SITEURL
    assert "could not find information about" not in said
    assert "Feeds generated without SITEURL" not in said
    assert (output / "noter" / "gyldig-note" / "index.html").is_file()


def test_a_publishing_build_lists_the_errors_that_stop_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = build_a_copy(site, tmp_path / "out", "--publish", DOSSIER_SITEURL="https://dossier.test")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    errors = [p for p in check_content(site / "content", site / "sources.toml") if not p.warning]
    assert lines[-1].startswith(f"error: {len(errors)} content problem(s)"), lines[-3:]
    assert f"  {errors[0].format(ROOT)}" in lines  # each error, where the editor can see it
    assert sum(line.startswith("  ") for line in lines) == len(errors)
    assert not (tmp_path / "out").exists()


def test_files_the_build_cannot_read_are_marked_as_left_out() -> None:
    problems = check_content(CHECK / "content", CHECK / "sources.toml")
    blocking = {p.path.name for p in problems if p.blocking}
    assert {"uden-titel.md", "uden-dato.md", "ugyldig-dato.md", "gyldig-note.md"} <= blocking
    assert "dansk-status.md" in blocking  # Pelican skips a Status it does not know
    assert "loesark.md" in blocking  # outside the content folders: never built
    assert not {"dansk-dato.md", "ukendt-person.md", "doedt-link.md"} & blocking


def test_an_empty_required_field_is_missing(tmp_path: Path) -> None:
    notes = tmp_path / "content" / "notes"
    notes.mkdir(parents=True)
    (notes / "tom-titel.md").write_text("Date: 2013-01-01\nTitle:\n\nTekst.\n", encoding="utf-8")
    problems = check_content(tmp_path / "content", CHECK / "sources.toml")
    assert [(p.path.name, p.line, p.message) for p in problems] == [
        ("tom-titel.md", 2, "mangler Title: skriv den efter 'Title:'")  # editors read Danish
    ]


def test_what_is_no_file_to_read_is_reported_and_left_out_of_the_build(
    fixture_site: Path, tmp_path: Path
) -> None:
    # a link to nothing, to a file elsewhere or to a folder (a loop), a pipe, a folder named .md:
    # check read them and crashed, and Pelican would wait on the pipe for ever
    content = copied_content(fixture_site, tmp_path)
    secret = tmp_path / "hemmelig.md"
    secret.write_text("Title: Hemmelig\nDate: 2013-05-07\n\nadgangskode\n", "utf-8")
    notes = content / "notes"
    (notes / "forsvundet.md").symlink_to(tmp_path / "findes-ikke.md")
    (notes / "udenfor.md").symlink_to(secret)
    (notes / "ring").symlink_to(notes, target_is_directory=True)
    (notes / "mappe.md").mkdir()
    os.mkfifo(notes / "roer.md")
    result = run_check(content, fixture_site / "sources.toml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{notes / 'forsvundet.md'}:1: a link to a file that does not exist: left out",
        f"{notes / 'ring'}:1: a link to a folder: left out (put the files themselves in content/)",
        f"{notes / 'roer.md'}:1: not a file that can be read (a pipe or device): left out",
        f"{notes / 'udenfor.md'}:1: a link to a file outside the content folder: left out",
    ]
    built = build_site(content, tmp_path / "output", sources=fixture_site / "sources.toml")
    assert len(built.problems) == 4
    pages = list((tmp_path / "output").rglob("*.html"))
    assert pages and not any("adgangskode" in page.read_text("utf-8") for page in pages)
    assert not (tmp_path / "output" / "noter" / "ring").exists()


def test_a_file_that_cannot_be_read_is_reported(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copied_content(fixture_site, tmp_path)
    locked = content / "notes" / "laast.md"
    locked.write_text("Title: Låst\nDate: 2013-05-07\n\nTekst.\n", "utf-8")
    read_bytes = Path.read_bytes

    def refused(path: Path) -> bytes:  # chmod 000 is no hindrance to root, who runs CI
        if path.name == "laast.md":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refused)
    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")
    problems = [p.format(tmp_path) for p in check_content(content, fixture_site / "sources.toml")]
    assert problems == ["content/notes/laast.md:1: cannot be read (Permission denied): left out"]


def test_a_time_zone_no_clock_has_is_left_out_not_fatal(fixture_site: Path, tmp_path: Path) -> None:
    # Pelican stopped the whole build on "+25:00" while check passed it
    content = copied_content(fixture_site, tmp_path)
    bad = content / "notes" / "tidszone.md"
    bad.write_text("Title: Tidszone\nDate: 2012-11-12T10:31:00+25:00\n\nTekst.\n", "utf-8")
    built = build_site(content, tmp_path / "output", sources=fixture_site / "sources.toml")
    [problem] = [p for p in built.problems if p.path == bad]
    assert problem.blocking and "+25:00" in problem.message
    assert (tmp_path / "output" / "index.html").is_file()


def test_a_page_that_would_take_the_sites_own_address_is_left_out(
    fixture_site: Path, tmp_path: Path
) -> None:
    # Slug: tidslinje passed check and stopped the build: it would overwrite /tidslinje/
    content = copied_content(fixture_site, tmp_path)
    pages = content / "pages"
    (pages / "falsk.md").write_text("Title: Falsk\nSlug: tidslinje\n\nFalsk tidslinje.\n", "utf-8")
    (pages / "inde.md").write_text("Title: Inde\nSlug: personer/x\n\nInde i personer.\n", "utf-8")
    built = build_site(content, tmp_path / "output", sources=fixture_site / "sources.toml")
    assert {p.path.name for p in built.problems if p.blocking} >= {"falsk.md", "inde.md"}
    timeline = (tmp_path / "output" / "tidslinje" / "index.html").read_text("utf-8")
    assert "Falsk tidslinje" not in timeline and 'class="band"' in timeline


def test_the_sites_own_folders_are_known_to_check(built_site: Path) -> None:
    from dossier.content import SITE_FOLDERS

    pages = {p.stem for p in (ROOT / "tests" / "fixtures" / "site" / "content" / "pages").glob("*")}
    written = {p.name for p in built_site.iterdir() if p.is_dir()} - pages
    assert written <= SITE_FOLDERS, written - SITE_FOLDERS


def test_an_event_name_in_year_one_is_told_with_four_digits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dossier.editing.files import check_event_name

    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")
    path = Path("content/events/0001-01-02-aar-et.md")
    [problem] = check_event_name(path, "event", {"date": "0001-01-01"}, {"date": 2})
    assert problem.message.endswith("rename the file to 0001-01-01-aar-et.md")


def test_a_file_pelican_cannot_process_is_a_problem_of_the_build(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a list 300 levels deep passes check; Markdown's recursion gives up on it and Pelican leaves
    # the file out with one English log line: the summary said "no problems"
    content = copied_content(fixture_site, tmp_path)
    deep = content / "notes" / "dyb-liste.md"
    items = "\n".join("    " * level + "- punkt" for level in range(300))
    deep.write_text(f"Title: Dyb liste\nDate: 2013-05-07\n\n{items}\n", "utf-8")
    monkeypatch.setenv("DOSSIER_LANGUAGE", "en")
    assert not [p for p in check_content(content, fixture_site / "sources.toml") if p.path == deep]
    built = build_site(content, tmp_path / "output", sources=fixture_site / "sources.toml")
    [problem] = [p for p in built.problems if p.path == deep]
    assert problem.blocking and "could not read this file" in problem.message
    assert (tmp_path / "output" / "index.html").is_file()
