"""The evidence archive: every response the fetcher gets, as WARC records under state/archive/.

Written with warcio from the bytes fetch.py already has (no network here). A 200 whose payload is
the same as an earlier capture of the URL becomes a revisit record, so an hourly cron does not fill
the archive with copies. captures.sqlite3 beside the WARC files lists every record for look-ups.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .database import Database

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL, at TEXT NOT NULL, status INTEGER, length INTEGER,
    digest TEXT, kind TEXT NOT NULL, file TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS captures_url ON captures (url, digest);
"""
# httpx has decoded the body already: these headers would no longer describe the stored bytes.
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Capture:
    """One archived response of a URL."""

    url: str
    at: str  # ISO 8601 UTC
    status: int
    length: int
    kind: str  # response or revisit
    file: str


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body: sha1 in base32, as warcio writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


class Archive(Database):
    """WARC files state/archive/<yyyy-mm-dd>.warc.gz and their index; thread-safe."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / "captures.sqlite3", SCHEMA)
        self.folder = folder

    def record(
        self, url: str, request: dict[str, str], status: int, headers: dict[str, str], body: bytes
    ) -> None:
        """Write a request and its response (or a revisit of an unchanged payload)."""
        now = datetime.now(UTC)
        at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        digest = payload_digest(body)
        name = f"{now:%Y-%m-%d}.warc.gz"
        http = _http_headers(status, headers, len(body))
        with self._lock:
            prior = self._db.execute(
                "SELECT at FROM captures WHERE url = ? AND digest = ? AND kind = 'response' "
                "ORDER BY id LIMIT 1",
                (url, digest),
            ).fetchone()
            with open(self.folder / name, "ab") as stream:
                writer = WARCWriter(stream, gzip=True)
                date = {"WARC-Date": at}
                if prior and status == 200:
                    kind = "revisit"
                    record = writer.create_revisit_record(
                        url, digest, url, prior[0], http_headers=http, warc_headers_dict=date
                    )
                else:
                    kind = "response"
                    record = writer.create_warc_record(
                        url, "response", payload=BytesIO(body), http_headers=http,
                        warc_headers_dict=date,
                    )  # fmt: skip
                writer.write_record(record)
                writer.write_record(_request_record(writer, url, request, at))
            self._db.execute(
                "INSERT INTO captures (url, at, status, length, digest, kind, file) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, at, status, len(body), digest, kind, name),
            )

    def captures(self, url: str | None = None) -> list[Capture]:
        """Every capture (of one URL, when given), oldest first."""
        sql = "SELECT url, at, status, length, kind, file FROM captures"
        args: tuple = ()
        if url:
            sql, args = sql + " WHERE url = ?", (url,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        return [Capture(*row) for row in rows]

    def first_capture(self, url: str) -> str | None:
        """When a URL was first captured with a 200 (ISO time), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(at) FROM captures WHERE url = ? AND status = 200", (url,)
            ).fetchone()
        return row[0] if row else None

    def stats(self) -> dict[str, int]:
        """Size on disk and record counts: files, bytes, responses, revisits, URLs."""
        files = sorted(self.folder.glob("*.warc.gz"))
        with self._lock:
            kinds = dict(self._db.execute("SELECT kind, COUNT(*) FROM captures GROUP BY kind"))
            urls = self._db.execute("SELECT COUNT(DISTINCT url) FROM captures").fetchone()[0]
        return {
            "files": len(files),
            "bytes": sum(path.stat().st_size for path in files),
            "responses": kinds.get("response", 0),
            "revisits": kinds.get("revisit", 0),
            "requests": sum(kinds.values()),
            "urls": urls,
        }

    def export(self, folder: Path, url: str | None = None) -> tuple[Path, int]:
        """Write one WARC file (every record, or those of one URL) for ReplayWeb.page or pywb."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"sbsys-dossier-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.warc.gz"
        count = 0
        with self._lock, open(target, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            writer.write_record(
                writer.create_warcinfo_record(target.name, {"software": "sbsys-dossier"})
            )
            for path in sorted(self.folder.glob("*.warc.gz")):
                with open(path, "rb") as stream:
                    for record in ArchiveIterator(stream):
                        if url and record.rec_headers.get_header("WARC-Target-URI") != url:
                            continue
                        writer.write_record(record)
                        count += 1
        return target, count


def _http_headers(status: int, headers: dict[str, str], length: int) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    kept = [(k, v) for k, v in headers.items() if k.lower() not in DROPPED_HEADERS]
    kept.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}", kept, protocol="HTTP/1.1")


def _request_record(writer: WARCWriter, url: str, headers: dict[str, str], at: str):
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [("Host", parts.netloc), *headers.items()]
    http = StatusAndHeaders(f"GET {target} HTTP/1.1", lines, is_http_request=True)
    return writer.create_warc_record(
        url, "request", http_headers=http, warc_headers_dict={"WARC-Date": at}
    )
