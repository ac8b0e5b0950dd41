"""README's cron line and systemd unit, run as written: the deployed site's links all resolve.

Only the paths under /srv/ move into tmp_path: the checkout becomes a folder with the project's
code, the fixture content and a sources file whose sources are served on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from dossier.publish.verify import check_pages, parse_page

from .conftest import ROOT, Site

README = (ROOT / "README.md").read_text(encoding="utf-8")
CHECKOUT, LIVE = "/srv/sbsys-dossier", "/srv/www/dossier"


def cron_command() -> str:
    """The command of README's crontab line (after the five time fields)."""
    section = README[README.index("### Cron") :]
    block = section[section.index("```") + 3 : section.index("```", section.index("```") + 3)]
    line = next(line for line in block.splitlines() if line.startswith("10 "))
    return line.split(None, 5)[5]


def service_unit() -> dict[str, list[str]]:
    """The [Service] keys of README's systemd unit (a key may repeat, like Environment)."""
    section = README[README.index("### systemd") :]
    block = section[section.index("```ini") + 6 : section.index("```", section.index("```ini") + 6)]
    keys: dict[str, list[str]] = {}
    for line in block.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def checkout(tmp_path: Path, site: Site) -> tuple[Path, Path]:
    """A checkout like /srv/sbsys-dossier: the project's code, the fixture content, the sources."""
    project = tmp_path / "srv" / "sbsys-dossier"
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "tasks", project / "tasks")  # tasks/ finds content/ beside itself
    for name in ("dossier", "scrapers", "theme", "pelicanconf.py", "publishconf.py", ".venv"):
        (project / name).symlink_to(ROOT / name)
    shutil.copytree(site.content, project / "content")
    shutil.copy(site.sources, project / "sources.toml")
    return project, tmp_path / "srv" / "www" / "dossier"


def moved(text: str, project: Path, live: Path) -> str:
    return text.replace(CHECKOUT, str(project)).replace(LIVE, str(live))


def clean_environment() -> dict[str, str]:
    """The test's environment without any DOSSIER_* setting: the README's lines set their own."""
    return {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}


def assert_every_link_resolves(live: Path, site_url: str) -> None:
    broken, untitled = check_pages(live, site_url)
    assert broken == [] and untitled == []
    absolute = [
        link
        for page in live.rglob("*.html")
        for link in parse_page(page.read_text("utf-8"))[1]
        if link.startswith(site_url + "/")
    ]
    assert len(absolute) > 50  # the published site links to itself by absolute URLs
    html = (live / "index.html").read_text("utf-8")
    assert f'href="{site_url}/theme/css/style.css"' in html
    assert "sbsys-dossier.example.org" not in html


def test_the_readme_cron_line_and_systemd_unit_deploy_a_site_whose_links_resolve(
    site: Site, tmp_path: Path
) -> None:
    project, live = checkout(tmp_path, site)
    command = moved(cron_command(), project, live)
    site_url = re.search(r"DOSSIER_SITEURL=(\S+)", command).group(1)
    assert command.endswith(">/dev/null") and "--target dir:" in command

    # without DOSSIER_SITEURL (as before this README): refused, one line, nothing deployed
    unset = command.replace(f"DOSSIER_SITEURL={site_url} ", "")
    refused = subprocess.run(["sh", "-c", unset], env=clean_environment(), **TEXT)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "DOSSIER_SITEURL" in refused.stderr
    assert not live.exists()

    # the cron line as written: silent (stdout goes to /dev/null), deployed, every link resolves
    cron = subprocess.run(["sh", "-c", command], env=clean_environment(), **TEXT)
    assert cron.returncode == 0, cron.stderr
    assert cron.stdout == "" and cron.stderr == ""
    assert_every_link_resolves(live.resolve(), site_url)

    # the systemd unit as written: its environment, working directory and ExecStart
    unit = service_unit()
    environment = clean_environment()
    for assignment in unit["Environment"]:
        key, _, value = moved(assignment, project, live).partition("=")
        environment[key] = value
    assert environment["DOSSIER_SITEURL"] == site_url
    note = project / "content" / "notes" / "systemd-note.md"
    note.write_text("Title: Kørt af systemd\nDate: 2026-11-22\n\nSBSYS hver time.\n", "utf-8")
    argv = shlex.split(moved(unit["ExecStart"][0], project, live))
    cwd = moved(unit["WorkingDirectory"][0], project, live)
    service = subprocess.run(argv, cwd=cwd, env=environment, **TEXT)
    assert service.returncode == 0, service.stderr
    assert service.stdout.startswith("update: deployed ") and service.stderr == ""
    assert (live / "noter" / "systemd-note" / "index.html").is_file()
    assert_every_link_resolves(live.resolve(), site_url)


TEXT = {"capture_output": True, "text": True, "check": False, "timeout": 120}
