"""Preview the built site on 127.0.0.1, optionally rebuilding and reloading on every change."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

log = logging.getLogger(__name__)
WATCHED = ("content/**/*.md", "theme/templates/**/*.html", "theme/static/**/*", "*.py", "*.toml")


class ReusableServer(RootedHTTPServer):
    """Pelican's static file server, restartable without waiting for the port."""

    allow_reuse_address = True


def serve(output: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the output folder until interrupted."""
    server = ReusableServer(str(output), (host, port), ComplexHTTPRequestHandler)
    log.info("Serving %s at http://%s:%s/", output, host, port)
    server.serve_forever()


def livereload(
    output: Path,
    rebuild: Callable[[], object],
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve the output folder and rebuild and reload the browser when a watched file changes."""
    from livereload import Server

    server = Server()
    for pattern in WATCHED:
        server.watch(str(root / pattern), rebuild)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
