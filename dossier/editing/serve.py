"""Preview the built site on 127.0.0.1, optionally rebuilding and reloading on every change."""

from __future__ import annotations

import errno
import logging
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from ..errors import DossierError
from .messages import _

log = logging.getLogger(__name__)
# in the project's folder; the content folder's Markdown files are watched wherever it is
WATCHED = ("theme/templates/**/*.html", "theme/static/**/*", "*.py", "*.toml")


class PortInUse(DossierError):
    """The preview's port is taken (another preview, or another program)."""


def port_in_use(host: str, port: int) -> PortInUse:
    """The one-line error for a taken port, suggesting the next one (make's PORT=, invoke's
    --port)."""
    message = _(
        "port {port} on {host} is in use; choose another, e.g. make serve PORT={other}"
        " (invoke: --port {other})"
    )
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


class LaterIndex:
    """The readers' search of the preview, indexed after the browser has reloaded the new pages.

    Indexing is about half of a rebuild at 5,000 articles (Pagefind over every page); the
    editor sees the pages as soon as Pelican has written them, and the search keeps its last
    index until the new one is in place (pagefind.py). The next rebuild waits for a running one.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self, index: Callable[[], None]) -> None:
        """Run index (a build's indexing: build.render_and_index) in a thread of its own."""
        self.wait()
        self._thread = threading.Thread(target=self._run, args=(index,), name="search-index")
        self._thread.start()

    def wait(self) -> None:
        """Return when no indexing runs."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @staticmethod
    def _run(index: Callable[[], None]) -> None:
        try:
            index()
        except DossierError as error:  # the preview goes on; the next save indexes again
            log.error("%s", error)


def livereload(
    output: Path,
    rebuild: Callable[[Callable[[Callable[[], None]], object]], object],
    root: Path,
    content: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve the output folder and rebuild and reload the browser when a watched file changes.

    rebuild(index_later) builds the site and hands its search indexing to index_later, which
    runs it after the reload (LaterIndex).
    """
    from livereload import Server

    ensure_port_free(host, port)
    server = Server()
    search = LaterIndex()

    def changed() -> None:
        search.wait()  # Pelican does not write pages that Pagefind is reading
        rebuild(search.start)

    for pattern in (content / "**" / "*.md", *(root / p for p in WATCHED)):
        server.watch(str(pattern), changed)
    # livereload gives its own and tornado's loggers a console handler: print each line once
    for name in ("livereload", "tornado"):
        logging.getLogger(name).propagate = False
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
