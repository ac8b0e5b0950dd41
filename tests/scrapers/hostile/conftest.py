"""Hostile servers for the scraper tests: raw sockets with byte-level control, a 'public' host.

A RawServer answers every connection by running a script on the socket, so a test can drip
headers one byte at a time or send a body that never ends. The second pytest-httpserver listens
on 127.0.0.2, which the tests' classify() calls public, so a feed there plays one on the internet.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.addresses import address_kind
from scrapers.demo import fixture_response

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
PUBLIC_HOST = "127.0.0.2"


class RawServer:
    """A TCP server on 127.0.0.1 that hands each connection to a script after the request."""

    def __init__(self, script: Callable[[socket.socket, threading.Event], None]) -> None:
        self.script = script
        self.stop = threading.Event()
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        """The URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by close()
            self.connections += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    data = connection.recv(4096)
                    if not data:
                        return
                    request += data
                self.script(connection, self.stop)
            except OSError:
                return  # the client gave up: what the tests want

    def close(self) -> None:
        """Stop accepting and end every script."""
        self.stop.set()
        self._listener.close()
        self._thread.join(2)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    """Return a function that starts a RawServer with a script; all are stopped afterwards."""
    servers: list[RawServer] = []

    def start(script: Callable) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def public_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver on 127.0.0.2, the address the tests' classify() treats as public."""
    server = HTTPServer(host=PUBLIC_HOST, port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def classify() -> Callable[[str], str]:
    """address_kind, except that 127.0.0.2 plays a public host on the internet."""
    return lambda address: "public" if address == PUBLIC_HOST else address_kind(address)


@pytest.fixture
def outlet(httpserver: HTTPServer, tmp_path: Path) -> Callable[..., Path]:
    """Serve a fixture folder as it is on the test server; return a sources file with it as the
    one source (its feed.xml): outlet(folder, "id", "Name", fetch="max_copies = 2", publish=...)."""

    def serve(folder: Path, source_id: str, name: str, fetch: str = "", publish: str = "") -> Path:
        def handler(request: Request) -> Response:
            status, headers, body = fixture_response(folder, request.path, dict(request.headers))
            return Response(body, status=status, headers=headers)

        httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
        lines = ["[topic]", "query = 'SBSYS'", ""]
        lines += ["[fetch]", fetch, ""] if fetch else []
        lines += ["[[source]]", f'id = "{source_id}"', f'name = "{name}"']
        lines.append(f'feed = "{httpserver.url_for("/feed.xml")}"')
        lines += [f'publish = "{publish}"'] if publish else []
        sources = tmp_path / "sources.toml"
        sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return sources

    return serve
