"""Deploy targets on tiny sites: dir: releases, rsync with rollback, git branches, bad targets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dossier.publish.deploy import DeployError, deploy, parse_target, rollback
from dossier.publish.update import Code, deploy_site

from .conftest import ROOT, SITEURL, Site


def tiny_site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<title>{text}</title><p>{text}</p>", "utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "kind", "location", "branch"),
    [
        ("dir:/srv/www/dossier", "dir", "/srv/www/dossier", "gh-pages"),
        ("rsync:deploy@web:/var/www", "rsync", "deploy@web:/var/www", "gh-pages"),
        ("git:git@github.com:org/site.git#main", "git", "git@github.com:org/site.git", "main"),
        ("git:/srv/git/site.git", "git", "/srv/git/site.git", "gh-pages"),
        ("s3://dossier-site/www", "s3", "dossier-site/www", "gh-pages"),
        ("s3://dossier-site", "s3", "dossier-site", "gh-pages"),
    ],
)
def test_targets_parse(text: str, kind: str, location: str, branch: str) -> None:
    target = parse_target(text)
    assert (target.kind, target.location, target.branch) == (kind, location, branch)


@pytest.mark.parametrize("text", ["", "/srv/www", "ftp:host:/x", "dir:", "s3://", "s3:bucket"])
def test_bad_targets_are_refused(text: str) -> None:
    with pytest.raises(DeployError, match="deploy target"):
        parse_target(text)


def test_rsync_rollback_sends_the_previous_build(tmp_path: Path) -> None:
    from dossier.publish.deploy import save_record

    target = parse_target(f"rsync:{tmp_path / 'mirror'}")
    state = tmp_path / "state"
    for text in ("first", "second"):
        done = deploy(tiny_site(tmp_path / text, text), target, state)
        save_record(state, target, {"release": done.release})
    assert "second" in (tmp_path / "mirror" / "index.html").read_text("utf-8")
    rollback(target, state)
    assert "first" in (tmp_path / "mirror" / "index.html").read_text("utf-8")


def test_git_deploys_once_per_change_and_rolls_back(tmp_path: Path) -> None:
    bare = tmp_path / "site.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    target = parse_target(f"git:{bare}#pages")
    state = tmp_path / "state"
    first = deploy(tiny_site(tmp_path / "a", "first"), target, state)
    again = deploy(tmp_path / "a", target, state)
    assert not again.changed and again.release == first.release
    deploy(tiny_site(tmp_path / "b", "second"), target, state)
    rollback(target, state)

    def show(ref: str) -> str:
        command = ["git", "--git-dir", str(bare), "show", f"{ref}:index.html"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    assert "first" in show("pages") and "second" in show("pages~1")
    assert not list(state.glob("git-deploy-*"))  # the scratch repository is gone


def test_a_dir_target_that_is_a_real_folder_is_not_replaced(tmp_path: Path) -> None:
    live = tiny_site(tmp_path / "www", "hand-made")
    with pytest.raises(DeployError, match="real folder"):
        deploy(tiny_site(tmp_path / "new", "new"), parse_target(f"dir:{live}"), tmp_path / "s")
    assert "hand-made" in (live / "index.html").read_text("utf-8")


def test_deploy_refuses_a_site_with_a_broken_link(site: Site, tmp_path: Path) -> None:
    output = tiny_site(tmp_path / "output", "Forside")
    (output / "index.html").write_text('<title>Forside</title><a href="/mangler/">x</a>', "utf-8")
    outcome = deploy_site(output, f"dir:{tmp_path / 'www'}", site.content)
    assert outcome.code == Code.VERIFY_FAILED
    assert "index.html: broken link /mangler/" in outcome.problems
    assert "missing data/articles.json" in outcome.problems
    assert not (tmp_path / "www").exists()


def test_deploy_refuses_a_local_build(site: Site, built_site: Path, tmp_path: Path) -> None:
    # `invoke build` without --publish: drafts under /kladder/, addresses without the domain
    outcome = deploy_site(built_site, f"dir:{tmp_path / 'www'}", site.content)
    assert outcome.code == Code.VERIFY_FAILED
    [problem] = [p for p in outcome.problems if p.startswith("index.html: built for")]
    assert problem.startswith(f"index.html: built for the address '/', not {SITEURL}: a local")
    assert "invoke build --publish" in problem
    assert not (tmp_path / "www").exists()


def test_deploy_without_the_sites_address_is_refused(
    site: Site, built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_SITEURL", "")  # a local build's addresses would pass for it
    outcome = deploy_site(built_site, f"dir:{tmp_path / 'www'}", site.content)
    assert outcome.code == Code.ERROR and "SITEURL is empty" in outcome.summary, outcome
    assert not (tmp_path / "www").exists()


def test_an_unreachable_git_target_is_a_deploy_failure(site: Site, tmp_path: Path) -> None:
    outcome = site.update(f"git:{tmp_path / 'no-such-repo.git'}#gh-pages", scrape=False)
    assert outcome.code == Code.DEPLOY_FAILED, outcome
    assert "deploy to git:" in outcome.summary


def test_no_target_is_an_error_before_anything_runs(site: Site) -> None:
    outcome = site.update("")
    assert outcome.code == Code.ERROR
    assert "DEPLOY_TARGET" in outcome.summary
    assert not (site.state / "scrape.sqlite3").exists()


def test_invoke_update_exits_with_the_documented_codes_and_is_quiet(
    site: Site, tmp_path: Path
) -> None:
    target = f"dir:{tmp_path / 'www' / 'dossier'}"
    command = site.update_command(target)
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("update: deployed ") and first.stdout.count("\n") == 1
    assert first.stderr == ""  # not on a terminal: the summary line only
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert second.returncode == 2, second.stderr
    assert "nothing changed" in second.stdout
    assert (site.state / "logs" / "update.log").is_file()


def test_the_one_pass_check_agrees_with_dossier_verify(built_site: Path, tmp_path: Path) -> None:
    from dossier.publish.preflight import verify_site
    from dossier.publish.verify import broken_links, untitled_pages

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "noter" / "brudt.html").write_text('<p><a href="../mangler.html">x</a></p>', "utf-8")
    expected = [f"{p.page}: broken link {p.target}" for p in broken_links(site)]
    expected += [f"{page}: no <title>" for page in untitled_pages(site)]
    assert sorted(verify_site(site, "", ())) == sorted(expected)
    assert "noter/brudt.html: no <title>" in expected
