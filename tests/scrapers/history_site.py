"""The history fixture site on a local server: listings, sitemaps, a Wayback Machine, versions."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from werkzeug import Request, Response

from scrapers.demo import fixture_response

HISTORY = Path(__file__).resolve().parent.parent / "fixtures" / "history"


@dataclass
class HistorySite:
    """What the server answers from: the site root, an overlay version, and the requests seen."""

    base: str = ""
    root: Path = HISTORY / "site"
    version: str | None = None  # changes/<version>/ is looked at first
    requests: list[str] = field(default_factory=list)

    def pages(self) -> list[str]:
        """The requests for pages (robots.txt left out)."""
        return [path for path in self.requests if path != "/robots.txt"]

    def handle(self, request: Request) -> Response:
        """Answer one request like the real sites and the Wayback Machine would."""
        path = request.path
        self.requests.append(
            path + (f"?{request.query_string.decode()}" if request.query_string else "")
        )
        if path == "/cdx/search/cdx":
            return self._cdx(request.args.get("url", ""))
        snapshot = re.match(r"^/web/(\d{14})id_/(.+)$", path)
        if snapshot:
            target = urlsplit(unquote(snapshot.group(2))).path
            return self._file(HISTORY / "wayback" / snapshot.group(1), target, request)
        short = re.fullmatch(r"/(art)/(\d+)/?", path)
        if short:  # like the real site: /art/<id> redirects to /art/<id>/<slug>
            for root in self._roots():
                folder = root / "art" / short.group(2)
                if folder.is_dir() and (slugs := sorted(p.name for p in folder.iterdir())):
                    return Response(
                        status=301, headers={"Location": f"{path.rstrip('/')}/{slugs[0]}"}
                    )
        for root in self._roots():
            response = self._file(root, path, request)
            if response.status_code != 404 or root == self._roots()[-1]:
                return response
        return Response("Not found", status=404)

    def _roots(self) -> list[Path]:
        return ([HISTORY / "changes" / self.version] if self.version else []) + [self.root]

    def _file(self, root: Path, path: str, request: Request) -> Response:
        status, headers, body = fixture_response(root, path, dict(request.headers))
        if status == 200 and path.endswith(".gz"):  # absolute URLs in the sitemaps
            body = gzip.compress(
                gzip.decompress(body).replace(b"BASE", self.base.encode()), mtime=0
            )
        elif status == 200 and path.endswith(".xml"):
            body = body.replace(b"BASE", self.base.encode())
        return Response(body, status=status, headers=headers)

    def _cdx(self, url: str) -> Response:
        rows = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]]
        path = urlsplit(url).path.strip("/")
        for stamp in sorted((HISTORY / "wayback").iterdir()):
            if (stamp / path / "index.html").is_file():
                rows.append([path, stamp.name, url, "text/html", "200", "X", "100"])
        return Response(json.dumps(rows), headers={"Content-Type": "application/json"})
