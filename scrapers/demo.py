"""`make demo`: scrape the fixture sites, served on 127.0.0.1, into a copy of content/."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .run import scrape

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parent.parent
SITES = PROJECT / "tests" / "fixtures" / "sites"
TYPES = {".xml": "application/xml", ".rdf": "application/rdf+xml", ".html": "text/html"}
DEMO_SOURCES = """\
[topic]
query = 'SBSYS OR ESDH OR "brugerklubben sbsys"'

[fetch]
delay = 0
timeout = 10

[[source]]
id = "kommunalit"
name = "KommunalIT"
site = "{base}/kommunalit/"

[[source]]
id = "fagbladet"
name = "Digitalt Fagblad"
feed = "{base}/fagbladet/atom.xml"

[[source]]
id = "vesthavn-avis"
name = "Vesthavn Avis"
feed = "{base}/vesthavn/rss.xml"

[[source]]
id = "brugerklubben"
name = "Brugerklubben SBSYS"
page = "{base}/brugerklubben/nyheder.html"
publish = "full"
"""


def fixture_response(
    root: Path, path: str, request_headers: Mapping[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """Answer a GET for a fixture file: ETag and Last-Modified, 304, a `.headers` sidecar file."""
    relative = path.split("?", 1)[0].lstrip("/")
    target = (root / relative).resolve()
    if target.is_dir():
        target = target / "index.html"
    if root.resolve() not in target.parents or not target.is_file() or target.suffix == ".headers":
        return 404, {"Content-Type": "text/plain"}, b"Not found"
    body = target.read_bytes()
    kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "text/html"
    headers = {
        "Content-Type": kind,
        "ETag": '"' + hashlib.sha1(body).hexdigest()[:16] + '"',
        "Last-Modified": formatdate(target.stat().st_mtime, usegmt=True),
    }
    sidecar = target.with_name(target.name + ".headers")
    if sidecar.is_file():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if value:
                headers[key.strip()] = value.strip()
    lower = {key.lower(): value for key, value in request_headers.items()}
    if lower.get("if-none-match") == headers["ETag"]:
        return 304, {"ETag": headers["ETag"]}, b""
    return 200, headers, body


@contextmanager
def serve_sites(root: Path = SITES, requests: list[str] | None = None) -> Iterator[str]:
    """Serve fixture sites on 127.0.0.1 in a thread (paths logged to requests); yield the URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if requests is not None:
                requests.append(self.path)
            status, headers, body = fixture_response(root, self.path, dict(self.headers))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.debug("demo server: " + format, *args)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_sources(workdir: Path) -> Path:
    """The project's sources plus the demo's, for building the demo (names, /kilder/)."""
    demo = (workdir / "sources.toml").read_text(encoding="utf-8")
    own = (PROJECT / "sources.toml").read_text(encoding="utf-8")
    merged = workdir / "build-sources.toml"
    merged.write_text(f"{own}\n[[source]]{demo.split('[[source]]', 1)[1]}", encoding="utf-8")
    return merged


def run_demo(workdir: Path) -> Path:
    """Copy content/ into workdir, scrape the fixture sites into it; return that content folder."""
    content = workdir / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(PROJECT / "content", content)
    with serve_sites() as base:
        sources = workdir / "sources.toml"
        sources.write_text(DEMO_SOURCES.format(base=base), encoding="utf-8")
        report = scrape(sources, content, state=workdir / "state", progress=False)
    log.info("demo: %s new articles in %s", report.total("new"), content)
    return content
