"""Writing on two cores: a forked helper writes about half of the pages (split.py).

Real Pelican builds of the fixture site, with the helper started whatever the site's size and
without it; the trees must be the same, on a first build and on an incremental one, and a helper
that fails must fail the build.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from pelican import Pelican

from dossier.plugin import pages, split
from dossier.plugin.incremental import IncrementalWriter, manifest_path
from dossier.publish.build import run_pelican, site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def settings_for(site: Path, **overrides) -> dict:
    return site_settings(
        site / "content",
        site / "output",
        DOSSIER_SOURCES=str(site / "sources.toml"),
        **overrides,
    )


def build(site: Path, **overrides) -> dict[str, bytes]:
    """Build site/content into site/output; return every output file by its relative path."""
    Pelican(settings_for(site, **overrides)).run()
    output = site / "output"
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def last_counts(site: Path) -> dict:
    settings = settings_for(site)
    record = manifest_path(settings, site / "output")
    return json.loads(record.read_text(encoding="utf-8"))["last"]


@pytest.fixture
def helper_always(monkeypatch):
    """The helper starts for any site on any machine (it needs two cores and 200 texts)."""
    monkeypatch.setattr(split.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(split, "SPLIT_MIN", 0)


def site_copy(target: Path) -> Path:
    shutil.copytree(FIXTURES / "site", target)
    return target


def test_two_processes_write_the_tree_one_writes(tmp_path, caplog, helper_always):
    caplog.set_level(logging.INFO, logger="dossier.plugin.split")
    alone = build(site_copy(tmp_path / "alone"), DOSSIER_SPLIT=False)
    assert not [r for r in caplog.records if r.name == "dossier.plugin.split"]

    site = site_copy(tmp_path / "split")
    together = build(site)
    assert any("two processes" in r.getMessage() for r in caplog.records)
    assert sorted(together) == sorted(alone)
    assert [name for name in alone if together[name] != alone[name]] == []
    # both shares were written: pages and data files of either owner
    for kind in (".html", ".json"):
        assert {split.owner(name) for name in alone if name.endswith(kind)} == {0, 1}, kind
    first = last_counts(site)
    assert first["rendered"] > 20 and first["unchanged"] == 0

    # again, nothing changed: every page of both shares is known unchanged and none is removed
    again = build(site)
    assert again == alone
    second = last_counts(site)
    assert second == {"rendered": 0, "unchanged": first["rendered"], "removed": 0}


def test_a_new_note_reaches_the_share_it_belongs_to(tmp_path, helper_always):
    site = site_copy(tmp_path / "split")
    build(site)
    note = site / "content" / "notes" / "en-ny-note.md"
    note.write_text(
        "Title: En ny note om Ærø\nDate: 2013-02-03\n\nNoten nævner KL og licenssalget.\n",
        encoding="utf-8",
    )
    together = build(site)
    alone_site = site_copy(tmp_path / "alone")
    shutil.copy(note, alone_site / "content" / "notes" / note.name)
    alone = build(alone_site, DOSSIER_SPLIT=False)
    assert "noter/en-ny-note/index.html" in together
    assert together == alone


def test_both_processes_know_every_shared_digest_before_they_write(
    tmp_path, monkeypatch, helper_always
):
    # each walks every other root (texts, documents, quotes, profiles) and takes the other's
    from dossier.plugin.digest import Hasher

    adopt = Hasher.adopt

    def recorded(self, roots, entries):
        before = len(self.known(roots))
        adopt(self, roots, entries)
        report = {"roots": len(roots), "walked": before, "known": len(self.known(roots))}
        (tmp_path / f"process-{os.getpid()}.json").write_text(json.dumps(report), "utf-8")

    monkeypatch.setattr(Hasher, "adopt", recorded)
    build(site_copy(tmp_path / "split"))
    reports = [json.loads(p.read_text()) for p in tmp_path.glob("process-*.json")]
    assert len(reports) == 2
    for report in reports:  # about half walked, and all known once the other's are in
        assert report["known"] == report["roots"] > 20
        assert report["roots"] / 4 < report["walked"] < report["roots"]


def test_a_process_sent_no_digests_walks_them_itself(tmp_path, monkeypatch, helper_always):
    from dossier.plugin.digest import Hasher

    alone = build(site_copy(tmp_path / "alone"), DOSSIER_SPLIT=False)

    def broken(self, roots):
        raise OSError("the pipe is gone")

    monkeypatch.setattr(Hasher, "known", broken)  # neither process can send its digests
    assert build(site_copy(tmp_path / "split")) == alone


def test_two_processes_without_digests_write_the_same_tree(tmp_path, helper_always):
    alone = build(site_copy(tmp_path / "alone"), DOSSIER_SPLIT=False, DOSSIER_INCREMENTAL=False)
    assert build(site_copy(tmp_path / "split"), DOSSIER_INCREMENTAL=False) == alone


def test_a_helper_that_fails_fails_the_build(tmp_path, monkeypatch, caplog, helper_always):
    caplog.set_level(logging.INFO, logger="dossier.plugin.split")
    monkeypatch.setattr(split, "owner", lambda name: 1 if name == pages.NETWORK else 0)

    def broken(*_args, **_kwargs):
        raise ValueError("the network page cannot be drawn")

    monkeypatch.setattr(pages, "_write_network", broken)
    site = site_copy(tmp_path / "split")
    with pytest.raises(RuntimeError, match="the network page cannot be drawn"):
        build(site)
    started = [r.getMessage() for r in caplog.records if "two processes" in r.getMessage()]
    helper = int(re.search(r"helper (\d+)", started[0]).group(1))
    with pytest.raises(ChildProcessError):  # the helper was waited for: no process is left
        os.waitpid(helper, os.WNOHANG)


def test_no_helper_when_memory_would_not_allow_it(tmp_path, caplog, helper_always):
    caplog.set_level(logging.INFO, logger="dossier.plugin.split")
    build(site_copy(tmp_path / "small"), DOSSIER_MEMORY_MB=1)
    said = [r.getMessage() for r in caplog.records if r.name == "dossier.plugin.split"]
    assert said and all("one process" in message for message in said)


def _slow_helper(monkeypatch) -> None:
    """The helper takes 50 ms a page, the network page is the build's and cannot be drawn."""
    write = IncrementalWriter._write

    def slow(self, key, digest, override, render):
        if self.part == 1:
            time.sleep(0.05)
        return write(self, key, digest, override, render)

    def broken(*_args, **_kwargs):
        raise ValueError("the network page cannot be drawn")

    monkeypatch.setattr(IncrementalWriter, "_write", slow)
    monkeypatch.setattr(split, "owner", lambda name: 0 if name == pages.NETWORK else 1)
    monkeypatch.setattr(pages, "_write_network", broken)


def files_in(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def test_a_build_that_fails_in_its_own_share_takes_its_helper_with_it(
    tmp_path, monkeypatch, helper_always
):
    # as invoke build runs Pelican: in a process of its own, which ends with the failure
    _slow_helper(monkeypatch)
    site = site_copy(tmp_path / "split")
    with pytest.raises(ValueError, match="cannot be drawn"):
        run_pelican(settings_for(site))
    written = files_in(site / "output")
    time.sleep(1.0)  # a helper still running would write a page every 50 ms
    assert files_in(site / "output") == written


def test_the_next_build_stops_a_helper_left_by_a_failed_build(
    tmp_path, monkeypatch, caplog, helper_always
):
    # in one process (the tests, a preview that builds in-process): the next build stops it
    caplog.set_level(logging.INFO, logger="dossier.plugin.split")
    _slow_helper(monkeypatch)
    site = site_copy(tmp_path / "split")
    with pytest.raises(ValueError, match="cannot be drawn"):
        build(site)
    said = [r.getMessage() for r in caplog.records if "two processes" in r.getMessage()]
    helper = int(re.search(r"helper (\d+)", said[0]).group(1))
    monkeypatch.undo()
    build(site_copy(tmp_path / "next"), DOSSIER_SPLIT=False)
    with pytest.raises(ChildProcessError):  # stopped and waited for
        os.waitpid(helper, os.WNOHANG)


LINKING = "![Kort]({attach}kort.png)"


@pytest.mark.parametrize(
    ("linking", "skipped", "place"),
    [
        (["kort"], [], "kort"),
        # a file attached by several texts goes to the first by source path, in every build
        (["zzz", "kort", "mmm"], [], "kort"),
        # a text left out of the build (DOSSIER_SKIP) attaches nothing
        (["aaa", "kort"], ["aaa"], "kort"),
        (["zzz"], ["zzz"], "pages"),
    ],
    ids=["one", "several", "skipped-first", "only-skipped"],
)
def test_an_attached_file_goes_next_to_its_text_in_either_share(
    tmp_path, caplog, helper_always, linking, skipped, place
):
    """{attach} moves a static file next to the text linking it (Pelican's rule) although the
    build, which copies static files, may not render that text: links are resolved before
    anything is written, in source order. The sweep keeps the moved file; the tree is the
    one-process build's."""
    trees = {}
    for name, overrides in (("alone", {"DOSSIER_SPLIT": False}), ("split", {})):
        site = site_copy(tmp_path / name)
        pages_dir = site / "content" / "pages"
        for slug in linking:
            (pages_dir / f"{slug}.md").write_text(
                f"Title: Kort over kommunerne {slug}\nSlug: {slug}\n\n{LINKING}\n",
                encoding="utf-8",
            )
        (pages_dir / "kort.png").write_bytes(b"\x89PNG\r\n\x1a\n ikke et rigtigt billede")
        caplog.clear()
        skip = [f"pages/{slug}.md" for slug in skipped]
        trees[name] = build(site, DOSSIER_SWEEP=True, DOSSIER_SKIP=skip, **overrides)
        if len(set(linking) - set(skipped)) == 1:
            assert not [r for r in caplog.records if "cannot relocate" in r.getMessage()]
        assert sorted(n for n in trees[name] if n.endswith("kort.png")) == [f"{place}/kort.png"]
        if place != "pages":
            html = (site / "output" / place / "index.html").read_text(encoding="utf-8")
            assert f'src="/{place}/kort.png"' in html
        # a second build keeps the moved file: it is one of the build's own
        assert build(site, DOSSIER_SWEEP=True, DOSSIER_SKIP=skip, **overrides) == trees[name]
    assert trees["split"] == trees["alone"]


def test_a_draft_rendered_by_the_helper_moves_its_attached_file_too(tmp_path, helper_always):
    """A draft is listed on no page, so only its own page shows its content; that page is the
    helper's (by its name), and the build, which copies the file, still moves it."""
    slug = "kladde-med-kort-4"
    trees = {}
    for name, overrides in (("alone", {"DOSSIER_SPLIT": False}), ("split", {})):
        site = site_copy(tmp_path / name)
        folder = site / "content" / "notes"
        (folder / f"{slug}.md").write_text(
            f"Title: Kladde med kort\nDate: 2013-05-02\nSlug: {slug}\nStatus: draft\n"
            f"\nKortet over kommunerne.\n\n{LINKING}\n",
            encoding="utf-8",
        )
        (folder / "kort.png").write_bytes(b"\x89PNG\r\n\x1a\n ikke et rigtigt billede")
        trees[name] = build(site, **overrides)
    draft = [n for n in trees["alone"] if slug in n and n.endswith(".html")]
    assert len(draft) == 1 and split.owner(draft[0]) == 1, draft
    attached = [n for n in trees["alone"] if n.endswith("kort.png")]
    assert attached == [str(Path(draft[0]).parent / "kort.png")]
    assert trees["split"] == trees["alone"]
