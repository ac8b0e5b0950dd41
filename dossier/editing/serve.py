"""Preview the built site on 127.0.0.1, optionally rebuilding and reloading on every change."""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Callable
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from ..errors import DossierError
from .messages import _

log = logging.getLogger(__name__)
WATCHED = ("content/**/*.md", "theme/templates/**/*.html", "theme/static/**/*", "*.py", "*.toml")


class PortInUse(DossierError):
    """The preview's port is taken (another preview, or another program)."""


def port_in_use(host: str, port: int) -> PortInUse:
    """The one-line error for a taken port, suggesting --port."""
    message = _("port {port} on {host} is in use; choose another with --port, e.g. --port {other}")
    return PortInUse(message.format(port=port, host=host, other=port + 1))


def ensure_port_free(host: str, port: int) -> None:
    """Raise PortInUse when nothing can listen on host:port (before a build wastes time)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise port_in_use(host, port) from None
            raise


class ReusableServer(RootedHTTPServer):
    """Pelican's static file server, restartable without waiting for the port."""

    allow_reuse_address = True


def serve(output: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the output folder until interrupted."""
    try:
        server = ReusableServer(str(output), (host, port), ComplexHTTPRequestHandler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise port_in_use(host, port) from None
        raise
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

    ensure_port_free(host, port)
    server = Server()
    for pattern in WATCHED:
        server.watch(str(root / pattern), rebuild)
    # livereload gives its own and tornado's loggers a console handler: print each line once
    for name in ("livereload", "tornado"):
        logging.getLogger(name).propagate = False
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
