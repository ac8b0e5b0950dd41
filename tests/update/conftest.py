"""Fixtures of the update tests: a private fixture site, its sources on 127.0.0.1, and a runner."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from dossier.publish.update import Outcome, update

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
UPDATE = FIXTURES / "update"


@dataclass
class Site:
    """A copy of the fixture site with its sources served from `served` on a local server."""

    root: Path
    served: Path
    sources: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def state(self) -> Path:
        return self.root / "state"

    def update(self, target: str, **options) -> Outcome:
        """Run the cron job's update against this site."""
        return update(self.content, self.sources, target, **options)

    def update_command(self, target: str) -> list[str]:
        """`invoke update` for this site, as cron would run it."""
        return [
            str(Path(sys.executable).with_name("invoke")),
            "update",
            f"--content={self.content}",
            f"--sources={self.sources}",
            f"--target={target}",
        ]

    def serve_news(self) -> None:
        """Serve the feed with one new article (tests/fixtures/update/news)."""
        shutil.copytree(UPDATE / "news", self.served, dirs_exist_ok=True)


# The address the published test sites claim (publishconf.py refuses the placeholder).
SITEURL = "https://dossier.test"


@pytest.fixture(autouse=True)
def site_url(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every publish build in these tests has a real-looking SITEURL (DOSSIER_SITEURL)."""
    monkeypatch.setenv("DOSSIER_SITEURL", SITEURL)
    return SITEURL


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Serve the fixture sources on 127.0.0.1 only (any free port)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer) -> Site:
    """The fixture site in tmp_path; its sources serve feeds with nothing new until serve_news()."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "site" / "content", root / "content")
    served = tmp_path / "served"
    shutil.copytree(UPDATE / "served", served)
    base = httpserver.url_for("").rstrip("/")

    def handler(request: Request) -> Response:
        path = served / request.path.lstrip("/")
        if not path.is_file() or ".." in request.path:
            return Response("not found", status=404)
        kind = "application/rss+xml" if path.suffix == ".xml" else "text/html; charset=utf-8"
        body = path.read_text(encoding="utf-8").replace("{base}", base)
        return Response(body, status=200, content_type=kind)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    sources = root / "sources.toml"
    text = (UPDATE / "sources.toml").read_text(encoding="utf-8")
    sources.write_text(text.replace("{base}", base), encoding="utf-8")
    return Site(root, served, sources)


@pytest.fixture
def live(tmp_path: Path) -> Callable[[], Path]:
    """The live path of a dir: target in tmp_path; call it for the folder it serves now."""
    path = tmp_path / "www" / "dossier"
    return lambda: path.resolve()


@pytest.fixture
def dir_target(tmp_path: Path) -> str:
    """A dir: deploy target in tmp_path."""
    return f"dir:{tmp_path / 'www' / 'dossier'}"
