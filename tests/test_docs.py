"""The README and the editors' guide stay true to the tasks and the content model."""

from __future__ import annotations

import re
from pathlib import Path

from invoke import Collection
from invoke.loader import FilesystemLoader

from dossier.content import KEYS_BY_KIND

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "content" / "pages" / "redaktoer.md").read_text(encoding="utf-8")


def task_names() -> list[str]:
    """The tasks `invoke --list` shows, loaded as invoke loads them (the tasks package)."""
    loader = FilesystemLoader(start=str(ROOT))
    module, _ = loader.load("tasks")
    return sorted(Collection.from_module(module).task_names)


def test_there_are_tasks() -> None:
    assert {"build", "check", "new", "serve"} <= set(task_names())


def test_every_invoke_task_is_documented_in_readme() -> None:
    missing = [name for name in task_names() if f"`invoke {name}" not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make site")
    assert first_block.splitlines()[1].startswith("make test")


def test_every_metadata_key_is_in_readme_and_guide() -> None:
    keys = {key for keys in KEYS_BY_KIND.values() for key in keys}
    for key in sorted(keys):
        assert key.capitalize() in README, key
        assert f"{key.capitalize()}:" in GUIDE, key
