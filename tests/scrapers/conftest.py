"""Shared fixtures of the scraper tests: the fixture sites on a local server and fast settings."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.demo import fixture_response
from scrapers.fetch import FetchConfig

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SITES = FIXTURES / "sites"
TOPIC = 'SBSYS OR ESDH OR "brugerklubben sbsys"'


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Serve the test sites on 127.0.0.1 only (any free port)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def fast() -> FetchConfig:
    """Fetch settings for tests: no politeness delay, short timeouts, no waiting between retries."""
    return FetchConfig(
        delay=0, connect_timeout=1, timeout=2, backoff=0, max_retry_after=1, retries=2
    )


@pytest.fixture
def serve_sites(httpserver: HTTPServer) -> Callable[[], str]:
    """Return a function that serves tests/fixtures/sites (after any special handlers): base URL."""

    def handler(request: Request) -> Response:
        status, headers, body = fixture_response(SITES, request.path, dict(request.headers))
        return Response(body, status=status, headers=headers)

    def serve() -> str:
        httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
        return httpserver.url_for("").rstrip("/")

    return serve


@pytest.fixture
def write_sources(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes a sources file: the topic and the given [[source]] tables."""

    def write(*sources: dict, query: str = TOPIC) -> Path:
        lines = ["[topic]", f"query = '{query}'", ""]
        for source in sources:
            lines.append("[[source]]")
            lines.extend(
                f"{key} = {value!r}" if isinstance(value, int) else f'{key} = "{value}"'
                for key, value in source.items()
            )
            lines.append("")
        path = tmp_path / "sources.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    return write


@pytest.fixture
def state_row() -> Callable[[Path, str, str, str], dict]:
    """A row of a table of the scrape state in a state folder, as a dict ({} when none):
    state_row(state, "item_failures", "url", url)."""

    def row(state: Path, table: str, key: str, value: str) -> dict:
        with sqlite3.connect(state / "scrape.sqlite3") as db:
            db.row_factory = sqlite3.Row
            found = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", (value,)).fetchone()
        return dict(found) if found else {}

    return row
