"""The s3:// target with boto3 against a real S3-API server on 127.0.0.1 (moto_server)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dossier.publish.deploy import DeployError, deploy, parse_target, rollback
from dossier.publish.targets.s3 import IMMUTABLE, SHORT, cache_control, content_type
from dossier.publish.update import Code

from .conftest import Site

BUCKET = "dossier-test"
MOTO = Path(sys.executable).with_name("moto_server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto_server on a free port of 127.0.0.1 for the tests of this module."""
    port = _free_port()
    server = subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, request):
    """A boto3 client of a fresh bucket; the environment points the target at the server."""
    import boto3

    for name, value in {
        "DOSSIER_S3_ENDPOINT": s3_endpoint,
        "AWS_ENDPOINT_URL": s3_endpoint,  # boto3's own default too: nothing goes to AWS
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DOSSIER_S3_ADDRESSING_STYLE": "path",  # as for MinIO
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    bucket = f"{BUCKET}-{abs(hash(request.node.name)) % 10**8}"
    client.create_bucket(Bucket=bucket)
    return client, bucket


def keys(client, bucket: str, prefix: str = "") -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def site_files(tmp_path: Path, files: dict[str, str]) -> Path:
    site = tmp_path / f"site-{len(list(tmp_path.glob('site-*')))}"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    return site


class Counting:
    """Counts the PutObject calls boto3 makes (every upload is one)."""

    def __init__(self) -> None:
        self.puts: list[str] = []

    def __call__(self, params, **_) -> None:
        self.puts.append(params["Key"])


@contextmanager
def puts_seen_by(hook, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every boto3 client made in the block calls hook(params) before each PutObject."""
    import boto3

    original = boto3.client

    def hooked_client(*args, **kwargs):
        made = original(*args, **kwargs)
        made.meta.events.register("provide-client-params.s3.PutObject", hook)
        return made

    with monkeypatch.context() as patch:
        patch.setattr(boto3, "client", hooked_client)
        yield


@pytest.mark.parametrize(
    ("path", "kind", "cache"),
    [
        ("index.html", "text/html; charset=utf-8", SHORT),
        ("feeds/atom.xml", "application/atom+xml; charset=utf-8", SHORT),
        ("data/articles.json", "application/json; charset=utf-8", SHORT),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", SHORT),
        ("pagefind/fragment/da_2c8df5a.pf_fragment", "application/octet-stream", IMMUTABLE),
        ("pagefind/pagefind.da_f5dac6c7e3.pf_meta", "application/octet-stream", IMMUTABLE),
        ("theme/css/style.css", "text/css; charset=utf-8", "public, max-age=3600"),
    ],
)
def test_content_type_and_cache_control(path: str, kind: str, cache: str) -> None:
    assert (content_type(path), cache_control(path)) == (kind, cache)


def test_deploy_uploads_changes_only_deletes_stale_after_and_rolls_back(
    s3, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, bucket = s3
    target = parse_target(f"s3://{bucket}/www")
    first = site_files(
        tmp_path,
        {
            "index.html": "<title>Forside</title>",
            "gammel/index.html": "<title>Gammel side</title>",
            "pagefind/fragment/da_2c8df5a.pf_fragment": "fragment",
        },
    )
    one = deploy(first, target, tmp_path / "state")
    head = client.head_object(Bucket=bucket, Key="www/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == SHORT
    fragment = client.head_object(Bucket=bucket, Key="www/pagefind/fragment/da_2c8df5a.pf_fragment")
    assert fragment["CacheControl"] == IMMUTABLE
    # the second release: one page changed, one new, one gone, the fragment unchanged
    second = site_files(
        tmp_path,
        {
            "index.html": "<title>Forside med nyt</title>",
            "ny/index.html": "<title>Ny side</title>",
            "pagefind/fragment/da_2c8df5a.pf_fragment": "fragment",
        },
    )
    counting = Counting()
    with puts_seen_by(counting, monkeypatch):
        two = deploy(second, target, tmp_path / "state")
    site_puts = [key for key in counting.puts if not key.startswith("www/.dossier/")]
    assert sorted(site_puts) == ["www/index.html", "www/ny/index.html"]  # changed files only
    live = keys(client, bucket, "www/")
    assert "www/gammel/index.html" not in live  # stale, deleted after the release was complete
    assert {"www/index.html", "www/ny/index.html"} <= live
    body = client.get_object(Bucket=bucket, Key="www/index.html")["Body"].read()
    assert body == b"<title>Forside med nyt</title>"
    # unchanged: nothing uploaded, the same release
    again = deploy(second, target, tmp_path / "state")
    assert not again.changed and again.release == two.release
    # rollback: the first release's files and nothing else
    back = rollback(target, tmp_path / "state")
    assert back.release == one.release
    live = keys(client, bucket, "www/")
    assert "www/ny/index.html" not in live and "www/gammel/index.html" in live
    body = client.get_object(Bucket=bucket, Key="www/index.html")["Body"].read()
    assert body == b"<title>Forside</title>"
    restored = client.head_object(Bucket=bucket, Key="www/gammel/index.html")
    assert restored["ContentType"] == "text/html; charset=utf-8"
    assert restored["CacheControl"] == SHORT
    with pytest.raises(Exception, match="no release before"):
        rollback(target, tmp_path / "state")


@pytest.mark.parametrize("lost_at", ["www/index.html", "www/.dossier/current"])
def test_a_deploy_that_fails_half_way_puts_the_live_release_back(
    s3, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lost_at: str
) -> None:
    from botocore.exceptions import EndpointConnectionError

    client, bucket = s3
    target = parse_target(f"s3://{bucket}/www")
    first = {"index.html": "<title>Forside</title>", "theme/style.css": "gammel"}
    deploy(site_files(tmp_path, first), target, tmp_path / "state")
    before = {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in
              keys(client, bucket, "www/") if not key.startswith("www/.dossier/")}  # fmt: skip
    second = {"index.html": "<title>Ny forside</title>", "theme/style.css": "ny", "a.js": "x"}

    def lost_at_the_page(params, **_) -> None:  # the connection goes as the page is sent
        if params["Key"] == lost_at:  # or as the release is switched to
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1")

    with puts_seen_by(lost_at_the_page, monkeypatch), pytest.raises(DeployError, match="put_"):
        deploy(site_files(tmp_path, second), target, tmp_path / "state")
    after = {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in
             keys(client, bucket, "www/") if not key.startswith("www/.dossier/")}  # fmt: skip
    assert after == before  # the new style sheet put back, the new script gone
    releases = keys(client, bucket, "www/.dossier/releases/")
    assert len(releases) == 1  # no manifest of a release that never went live


def test_update_deploys_the_site_to_s3_and_holds_after_rollback(s3, site: Site) -> None:
    client, bucket = s3
    target = f"s3://{bucket}/dossier"
    first = site.update(target, scrape=False)
    assert first.code == Code.DEPLOYED, first
    live = keys(client, bucket, "dossier/")
    for name in ("index.html", "kilder/index.html", "data/articles.json", "pagefind/pagefind.js"):
        assert f"dossier/{name}" in live, name
    note = site.content / "notes" / "s3-note.md"
    note.write_text("Title: En note om skyen\nDate: 2026-11-21\n\nSBSYS i skyen.\n", "utf-8")
    assert site.update(target, scrape=False).code == Code.DEPLOYED
    assert "dossier/noter/s3-note/index.html" in keys(client, bucket, "dossier/")
    from dossier.publish.update import rollback_site

    assert rollback_site(target, site.content).code == Code.DEPLOYED
    assert "dossier/noter/s3-note/index.html" not in keys(client, bucket, "dossier/")
    held = site.update(target, scrape=False)
    assert held.code == Code.UNCHANGED and "held" in held.summary


def test_an_unreachable_s3_endpoint_is_a_deploy_failure(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    monkeypatch.setenv("DOSSIER_S3_ENDPOINT", closed)
    monkeypatch.setenv("AWS_ENDPOINT_URL", closed)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    outcome = site.update("s3://nowhere/dossier", scrape=False)
    assert outcome.code == Code.DEPLOY_FAILED, outcome
    assert "s3://nowhere/dossier" in outcome.summary


def test_only_the_newest_releases_and_the_copies_they_use_are_kept(s3, tmp_path: Path) -> None:
    client, bucket = s3
    target = parse_target(f"s3://{bucket}")  # the bucket's root
    for number in range(3):
        files = {"index.html": f"<title>Udgave {number}</title>", "fast.css": "body {}"}
        deploy(site_files(tmp_path, files), target, tmp_path / "state", keep=2)
    assert len(keys(client, bucket, ".dossier/releases/")) == 2
    copies = keys(client, bucket, ".dossier/objects/")
    assert len(copies) == 3  # index.html of releases 1 and 2, fast.css once
    assert keys(client, bucket) - keys(client, bucket, ".dossier/") == {"index.html", "fast.css"}
