"""The WARC archive: every response kept, unchanged payloads as revisits, an export warcio reads."""

from __future__ import annotations

from dataclasses import replace

import pytest
from warcio.archiveiterator import ArchiveIterator
from werkzeug import Response

from scrapers.errors import FetchError
from scrapers.fetch import Fetcher
from scrapers.warc import Archive


def test_responses_revisits_and_export(tmp_path, httpserver, fast):
    pages = {"body": "<html><body><p>Klubben holder møde om SBSYS.</p></body></html>"}
    httpserver.expect_request("/art/1").respond_with_handler(
        lambda _request: Response(pages["body"], content_type="text/html")
    )
    httpserver.expect_request("/art/2").respond_with_data("Ikke fundet", status=404)
    url = httpserver.url_for("/art/1")
    archive = Archive(tmp_path / "archive")
    fetcher = Fetcher(replace(fast, robots=False), recorder=archive.record)
    try:
        fetcher.get(url)
        fetcher.get(url)  # the same payload: a revisit record
        pages["body"] = pages["body"].replace("møde", "ekstraordinært møde")
        fetcher.get(url)  # changed: a new response record
        with pytest.raises(FetchError):  # a 404 is evidence too
            fetcher.get(httpserver.url_for("/art/2"))
    finally:
        fetcher.close()
    assert [(c.status, c.kind) for c in archive.captures(url)] == [
        (200, "response"), (200, "revisit"), (200, "response"),
    ]  # fmt: skip
    stats = archive.stats()
    assert stats["responses"] == 3 and stats["revisits"] == 1 and stats["urls"] == 2
    assert stats["bytes"] > 0 and stats["files"] == 1
    target, count = archive.export(tmp_path / "export")
    archive.close()
    with open(target, "rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    assert count == 8 and [kind for kind, _, _ in records].count("request") == 4
    bodies = [body.decode() for kind, uri, body in records if kind == "response" and uri == url]
    assert bodies[0].endswith("møde om SBSYS.</p></body></html>")
    assert "ekstraordinært møde" in bodies[1]
    revisit = next(r for r in records if r[0] == "revisit")
    assert revisit[1] == url and revisit[2] == b""
