"""The cron job end to end: real scrapes from 127.0.0.1, real Pelican builds, real deploys."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.publish.deploy import load_record, parse_target
from dossier.publish.lock import exclusive
from dossier.publish.update import Code, rollback_site

from .conftest import ROOT, Site

ARTICLE = "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html"


def add_note(site: Site, slug: str = "ny-note", title: str = "En ny note om SBSYS") -> None:
    """An editor's change: a new note, so that the next build differs."""
    note = site.content / "notes" / f"{slug}.md"
    note.write_text(f"Title: {title}\nDate: 2026-11-20\n\nBrugerklubben SBSYS mødes.\n", "utf-8")


def test_update_deploys_a_release_then_nothing_when_nothing_is_new(
    site: Site, dir_target: str, live, tmp_path: Path
) -> None:
    first = site.update(dir_target)
    assert first.code == Code.DEPLOYED, first
    assert "0 new" in first.summary
    link = tmp_path / "www" / "dossier"
    assert link.is_symlink()
    assert live().parent.name == "dossier.releases"
    for name in ("index.html", ARTICLE, "data/articles.json", "pagefind/pagefind.js"):
        assert (link / name).is_file(), name
    # the second run: the feeds have nothing new and content/ is as deployed
    second = site.update(dir_target)
    assert second.code == Code.UNCHANGED, second
    assert "nothing changed" in second.summary
    assert len(list((tmp_path / "www" / "dossier.releases").iterdir())) == 1
    assert not list(site.state.glob("staging-*"))


def test_update_scrapes_commits_and_deploys_news_to_a_git_branch(
    site: Site, tmp_path: Path
) -> None:
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    git = ["git", "-C", str(site.content)]
    subprocess.run([*git, "init", "--quiet"], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    identity = ["-c", "user.name=Test", "-c", "user.email=test@localhost"]
    subprocess.run([*git, *identity, "commit", "--quiet", "-m", "Start"], check=True)
    target = f"git:{bare}#gh-pages"

    assert site.update(target).code == Code.DEPLOYED
    site.serve_news()
    outcome = site.update(target)
    assert outcome.code == Code.DEPLOYED, outcome
    assert "1 new" in outcome.summary

    # content/ got a commit naming the new article
    log = subprocess.run([*git, "log", "-1", "--format=%B"], capture_output=True, text=True)
    assert "Kommunerne vælger ny leverandør til SBSYS" in log.stdout
    assert subprocess.run([*git, "status", "--porcelain"], capture_output=True).stdout == b""
    # the branch has two deploy commits; the newest holds the new article's page
    pages = ["git", "--git-dir", str(bare)]
    commits = subprocess.run([*pages, "rev-list", "gh-pages"], capture_output=True, text=True)
    assert len(commits.stdout.split()) == 2
    files = subprocess.run(
        [*pages, "ls-tree", "-r", "--name-only", "gh-pages"], capture_output=True, text=True
    ).stdout.splitlines()
    assert "index.html" in files and ".nojekyll" in files
    assert any(f.startswith("artikler/2026/") and f.endswith("/index.html") for f in files)
    assert "pagefind/pagefind.js" in files


def test_update_to_rsync_target_mirrors_the_build(site: Site, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "stale.html").write_text("<title>old</title>", "utf-8")
    outcome = site.update(f"rsync:{mirror}", scrape=False)
    assert outcome.code == Code.DEPLOYED, outcome
    assert (mirror / ARTICLE).is_file()
    assert not (mirror / "stale.html").exists()  # --delete-after
    add_note(site)
    assert site.update(f"rsync:{mirror}", scrape=False).code == Code.DEPLOYED
    assert (mirror / "noter" / "ny-note" / "index.html").is_file()
    assert rollback_site(f"rsync:{mirror}", site.content).code == Code.DEPLOYED
    assert not (mirror / "noter" / "ny-note").exists()
    record = load_record(site.state, parse_target(f"rsync:{mirror}"))
    assert record["counts"]["articles"] >= 2 and record["held"]
    # the rollback holds: nothing changed since the rolled-back release, so nothing is sent
    held = site.update(f"rsync:{mirror}", scrape=False)
    assert held.code == Code.UNCHANGED and "held" in held.summary, held
    assert not (mirror / "noter" / "ny-note").exists()


def test_a_second_run_is_refused_while_one_holds_the_lock(site: Site, dir_target: str) -> None:
    with exclusive(site.state / "update.lock"):
        outcome = site.update(dir_target)
    assert outcome.code == Code.LOCKED
    assert "another update is running" in outcome.summary
    assert not (Path(dir_target[4:])).exists()


def test_a_failed_build_leaves_the_live_site_alone(
    site: Site, dir_target: str, live, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    before = live()
    broken = site.content / "notes" / "uden-titel.md"
    broken.write_text("Date: 2026-11-20\n\nEn note uden titel.\n", "utf-8")
    monkeypatch.setenv("DOSSIER_LANGUAGE", "da")  # what the editors read
    outcome = site.update(dir_target, scrape=False)
    assert outcome.code == Code.BUILD_FAILED, outcome
    # named as the operator finds it from the project's folder, as invoke check names it, and
    # in the operators' language
    missing = "content/notes/uden-titel.md:1: missing Title: add a line 'Title: ...' to the header"
    assert missing in outcome.problems, outcome
    assert live() == before
    assert not list(site.state.glob("staging-*"))


def test_a_lasting_problem_is_for_stderr_once_and_another_problem_at_once(
    site: Site, dir_target: str
) -> None:
    # cron mails stderr: the same build failure an hour later is a repeat, a new one is not
    (site.content / "notes" / "uden-titel.md").write_text("Date: 2026-11-20\n\nTekst.\n", "utf-8")
    first = site.update(dir_target, scrape=False)
    again = site.update(dir_target, scrape=False)
    assert first.code == again.code == Code.BUILD_FAILED
    assert first.repeated == "" and again.repeated, again
    (site.content / "notes" / "uden-titel.md").unlink()  # as many problems, another one
    (site.content / "notes" / "uden-dato.md").write_text("Title: Uden dato\n\nTekst.\n", "utf-8")
    other = site.update(dir_target, scrape=False)
    assert other.code == Code.BUILD_FAILED and other.repeated == "", other


def test_a_run_killed_while_building_leaves_the_live_site_alone(
    site: Site, dir_target: str, live
) -> None:
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    before = live()
    old_index = (before / "index.html").read_text("utf-8")
    add_note(site)
    marker = site.root / "building"
    script = Path(__file__).with_name("slow_update.py")
    command = [sys.executable, str(script), str(site.content), str(site.sources), dir_target]
    process = subprocess.Popen([*command, str(marker)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the update never reached the build"
        assert (site.state / "staging").is_dir(), "no staging folder while building"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert live() == before
    assert (live() / "index.html").read_text("utf-8") == old_index
    # the lock died with the process: the next run builds the note and deploys it
    outcome = site.update(dir_target, scrape=False)
    assert outcome.code == Code.DEPLOYED, outcome
    assert live() != before
    assert (live() / "noter" / "ny-note" / "index.html").is_file()
    assert not list(site.state.glob("staging-*"))


def test_staging_is_kept_and_built_incrementally_without_what_was_deleted(
    site: Site, dir_target: str, live
) -> None:
    add_note(site, "kort-note", "En kort note om udbuddet")
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    staging = site.state / "staging"
    assert (live() / "noter" / "kort-note" / "index.html").is_file()
    # left by an older build or by hand: a publishing build must not carry it to readers
    (staging / "gammel-side").mkdir()
    (staging / "gammel-side" / "index.html").write_text("<p>Forældet</p>", "utf-8")
    (staging / "data" / "gammel.json").write_text("[]", "utf-8")
    (site.content / "notes" / "kort-note.md").unlink()
    add_note(site)
    before = page_digests(site)
    outcome = site.update(dir_target, scrape=False)
    assert outcome.code == Code.DEPLOYED, outcome
    deployed = live()
    assert (deployed / "noter" / "ny-note" / "index.html").is_file()
    for gone in ("noter/kort-note/index.html", "gammel-side/index.html", "data/gammel.json"):
        assert not (deployed / gone).exists(), gone
        assert not (staging / gone).exists(), gone
    assert "kort-note" not in (deployed / "data" / "articles.json").read_text("utf-8")
    for kept in ("index.html", ARTICLE, "theme/css/style.css", "pagefind/pagefind.js"):
        assert (deployed / kept).is_file(), kept
    # the second build was incremental: most pages were kept, not rendered again
    after = page_digests(site)
    kept = [key for key, digest in after.items() if before.get(key) == digest]
    assert 0 < len(after) - len(kept) < len(kept), sorted(set(after) - set(kept))


def page_digests(site: Site) -> dict[str, str]:
    """The digest of each HTML page the last build recorded (data files change with any text)."""
    records = next((site.state / "pages").glob("*.json"))
    pages = json.loads(records.read_text("utf-8"))["pages"]
    return {key: r["digest"] for key, r in pages.items() if key.endswith(".html")}


def test_the_shrink_guard_refuses_half_the_articles(site: Site, dir_target: str, live) -> None:
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    before = live()
    articles = sorted((site.content / "articles").rglob("*.md"))
    linked = " ".join(p.read_text("utf-8") for p in site.content.rglob("*.md"))
    unlinked = [path for path in articles if path.name not in linked]
    for path in unlinked[: (len(articles) + 1) // 2]:
        path.unlink()
    outcome = site.update(dir_target, scrape=False)
    assert outcome.code == Code.VERIFY_FAILED, outcome
    expected = f"in the new build, {len(articles)} live (more than 10% fewer"
    assert any(p.startswith("articles: ") and expected in p for p in outcome.problems), outcome
    assert live() == before
    forced = site.update(dir_target, scrape=False, force=True)
    assert forced.code == Code.DEPLOYED, forced
    assert live() != before


def test_rollback_restores_the_previous_release(site: Site, dir_target: str, live) -> None:
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    first = live()
    add_note(site)
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    assert live() != first
    outcome = rollback_site(dir_target, site.content)
    assert outcome.code == Code.DEPLOYED, outcome
    assert live() == first
    assert not (live() / "noter" / "ny-note").exists()
    # there is nothing before the first release
    assert rollback_site(dir_target, site.content).code == Code.ERROR
    # the rollback holds: the next runs do not redeploy the rolled-back release ...
    for _ in range(2):
        held = site.update(dir_target, scrape=False)
        assert held.code == Code.UNCHANGED and "held until something changes" in held.summary
        assert live() == first
    # ... until content changes (or with --force)
    add_note(site, "endnu-en-note", "Endnu en note om SBSYS")
    assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    assert (live() / "noter" / "ny-note" / "index.html").is_file()
    assert (live() / "noter" / "endnu-en-note" / "index.html").is_file()
    # and a new deploy lifts the hold: the next rollback holds again, --force overrides it
    assert rollback_site(dir_target, site.content).code == Code.DEPLOYED
    assert site.update(dir_target, scrape=False).code == Code.UNCHANGED
    assert site.update(dir_target, scrape=False, force=True).code == Code.DEPLOYED
    assert (live() / "noter" / "endnu-en-note" / "index.html").is_file()


def test_a_rollback_holds_against_a_change_of_source_status_too(
    site: Site, dir_target: str, live
) -> None:
    assert site.update(dir_target).code == Code.DEPLOYED
    first = live()
    add_note(site)
    assert site.update(dir_target).code == Code.DEPLOYED
    assert rollback_site(dir_target, site.content).code == Code.DEPLOYED
    # a source starts failing: /kilder/ would change, but the release stays rolled back
    (site.served / "lokalavisen" / "rss.xml").unlink()
    outcome = site.update(dir_target)
    assert outcome.code == Code.UNCHANGED and "held" in outcome.summary, outcome
    assert live() == first


def test_only_five_releases_are_kept(site: Site, dir_target: str, tmp_path: Path) -> None:
    for number in range(7):
        add_note(site, f"note-{number}", f"Note nummer {number} om SBSYS")
        assert site.update(dir_target, scrape=False).code == Code.DEPLOYED
    releases = sorted((tmp_path / "www" / "dossier.releases").iterdir())
    assert len(releases) == 5
    assert (tmp_path / "www" / "dossier").resolve() == releases[-1]


def test_the_log_has_one_line_per_stage(site: Site, dir_target: str) -> None:
    from dossier.publish.runlog import logging_to

    with logging_to(site.state, quiet=True) as path:
        site.update(dir_target)
    text = path.read_text("utf-8")
    lines = text.splitlines()
    for stage in ("scrape", "build", "verify", "deploy"):
        done = [line for line in lines if f" dossier.publish.update: {stage} done in " in line]
        assert len(done) == 1, (stage, lines)
    assert "dossier.update:" not in text  # each line names its logger once, by the format
    assert sum("exit 0: update: deployed" in line for line in lines) == 1
    record = load_record(site.state, parse_target(dir_target))
    assert record["counts"]["articles"] >= 2 and record["digest"]
    assert json.loads((site.state / "deploy.json").read_text("utf-8"))
