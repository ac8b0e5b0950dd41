"""s3://BUCKET/PREFIX: S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2, MinIO).

The site's files are objects under PREFIX/, served as they are. Beside them, PREFIX/.dossier/ keeps
what deploys and rollbacks need: a manifest per release (path -> SHA-256), the name of the live
release, and a copy of every file version under its hash, so that a rollback is server-side copies.
A deploy uploads only files whose hash changed (assets before pages), writes the manifest, switches
the live release, and only then deletes the files the new release no longer has. A deploy that
fails before the switch puts the live release's version of every file it uploaded back.

The endpoint comes from DOSSIER_S3_ENDPOINT or AWS_ENDPOINT_URL (none: AWS itself), credentials and
region from the usual AWS_* environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE).
DOSSIER_S3_ADDRESSING_STYLE=path is for servers without bucket subdomains (MinIO, as a rule).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import re
from collections.abc import Iterable
from pathlib import Path

from .base import Deployed, DeployError, Target, stamp

log = logging.getLogger(__name__)
STATE = ".dossier"  # under PREFIX: releases/<name>.json, current, objects/<sha256>
# Cache-Control by kind of file: names with a content hash never change; pages and feeds must
# show news soon; other assets (the theme's CSS and JavaScript) may be an hour old.
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"
MEDIUM = "public, max-age=3600"
FINGERPRINT = re.compile(r"[._-][0-9a-f]{7,}\.[A-Za-z0-9_]+$")
SHORT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".atom", ".rss"}
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


def split_location(location: str) -> tuple[str, str]:
    """BUCKET/PREFIX (as in s3://BUCKET/PREFIX) as the bucket and the prefix ('' or 'a/b/')."""
    bucket, _, prefix = location.strip("/").partition("/")
    if not bucket:
        raise DeployError(f"s3://{location}: no bucket (write s3://BUCKET/PREFIX)")
    return bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""


def content_type(path: str) -> str:
    """The Content-Type of a site file (text types in UTF-8)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xml" and "atom" in Path(path).name:
        kind = "application/atom+xml"
    else:
        kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    textual = kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))
    return f"{kind}; charset=utf-8" if textual else kind


def cache_control(path: str) -> str:
    """Long for fingerprinted files (pagefind's hashed chunks), short for pages and feeds."""
    name = Path(path).name
    if FINGERPRINT.search(name):
        return IMMUTABLE
    if Path(path).suffix.lower() in SHORT_SUFFIXES or name == "pagefind.js":
        return SHORT
    return MEDIUM


def manifest_of(site: Path) -> dict[str, str]:
    """Every file of a built site by its path (with /) and the SHA-256 of its bytes."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    return {p.relative_to(site).as_posix(): _sha256(p) for p in files}


def deploy(site: Path, target: Target) -> Deployed:
    """Upload the changed files, record the release, switch to it, then delete stale files."""
    store = _Store(target)
    live_name = store.current()
    live = store.manifest(live_name) if live_name else {}
    new = manifest_of(site)
    if live_name and new == live:
        return Deployed(target, live_name, changed=False)
    kept = store.objects()
    changed = [path for path, digest in new.items() if live.get(path) != digest]
    uploaded: list[str] = []
    name = stamp()
    try:
        # assets first, pages last: a page online never links to a file that is not there yet
        for path in sorted(changed, key=lambda p: (p.endswith(".html"), p)):
            uploaded.append(path)
            store.put_file(path, site / path, new[path])
            if new[path] not in kept:  # a copy by hash, for rollbacks
                store.copy(store.key(path), store.object_key(new[path]), path, new[path])
                kept.add(new[path])
        store.put_json(f"releases/{name}.json", new)
        store.put_text("current", name)  # the release is complete
    except BaseException:  # the storage, a file, or a stop (SIGTERM from a cron timeout)
        if live_name:  # else there is no site to go back to
            _put_back(store, live, uploaded, name)
        raise
    store.delete(store.key(path) for path in live.keys() - new.keys())
    log.info("%s: release %s, %d file(s) uploaded", target, name, len(changed))
    return Deployed(target, name)


def _put_back(store: _Store, live: dict[str, str], uploaded: list[str], name: str) -> None:
    """After the deploy of release name failed half-way: the live release's version of every
    file it uploaded (pages first), no file the live release does not have, and no manifest of
    a release that never went live; readers see the live release again, unless the storage
    cannot be reached either. A switch that went through despite its error is left live."""
    try:
        if store.current() == name:
            log.warning("%s/%s: release %s went live after all", store.bucket, store.prefix, name)
            return
        for path in reversed(uploaded):
            if path in live:
                store.copy(store.object_key(live[path]), store.key(path), path, live[path])
        store.delete(store.key(path) for path in uploaded if path not in live)
        store.delete([store.state_key(f"releases/{name}.json")])
    except DeployError as error:
        log.warning(
            "%s/%s: the files uploaded before the failure could not be put back (%s): readers "
            "see them beside the live release until the next deploy",
            store.bucket, store.prefix, error,
        )  # fmt: skip
        return
    log.info("%s/%s: %d file(s) put back as the live release has them", store.bucket,
             store.prefix, len(uploaded))  # fmt: skip


def rollback(target: Target) -> Deployed:
    """Put the release before the live one back (server-side copies), then delete the rest."""
    store = _Store(target)
    names = store.releases()
    current = store.current()
    if current not in names or names.index(current) == 0:
        raise DeployError(f"no release before {current or 'the live one'} to roll back to")
    earlier = names[names.index(current) - 1]
    live, wanted = store.manifest(current), store.manifest(earlier)
    changed = [path for path, digest in wanted.items() if live.get(path) != digest]
    for path in sorted(changed, key=lambda p: (p.endswith(".html"), p)):
        store.copy(store.object_key(wanted[path]), store.key(path), path, wanted[path])
    store.put_text("current", earlier)
    store.delete(store.key(path) for path in live.keys() - wanted.keys())
    return Deployed(target, earlier)


def prune(target: Target, keep: int) -> None:
    """Keep the newest `keep` release manifests (and the live one) and the copies they use."""
    store = _Store(target)
    names, current = store.releases(), store.current()
    old = [n for n in names[: max(0, len(names) - keep)] if n != current]
    store.delete(store.state_key(f"releases/{name}.json") for name in old)
    used = {d for name in set(names) - set(old) for d in store.manifest(name).values()}
    store.delete(store.object_key(digest) for digest in store.objects() - used)


class _Store:
    """The bucket and prefix of a target, through one boto3 client."""

    def __init__(self, target: Target) -> None:
        import boto3  # only an s3: deploy pays for importing it
        from botocore.config import Config

        self.bucket, self.prefix = split_location(target.location)
        endpoint = os.environ.get("DOSSIER_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        attempts = int(os.environ.get("AWS_MAX_ATTEMPTS") or 5)
        # MinIO and other self-hosted servers often need path-style URLs (endpoint/bucket/key)
        style = os.environ.get("DOSSIER_S3_ADDRESSING_STYLE") or "auto"
        config = Config(
            retries={"max_attempts": attempts, "mode": "standard"},
            s3={"addressing_style": style},
        )
        self.client = boto3.client(
            "s3", endpoint_url=endpoint or None, region_name=region or "us-east-1", config=config
        )
        self._errors = _client_errors()

    def key(self, path: str) -> str:
        return self.prefix + path

    def state_key(self, name: str) -> str:
        return f"{self.prefix}{STATE}/{name}"

    def object_key(self, digest: str) -> str:
        return self.state_key(f"objects/{digest}")

    def _call(self, method: str, **kwargs):
        try:
            return getattr(self.client, method)(Bucket=self.bucket, **kwargs)
        except self._errors as error:
            raise DeployError(f"s3://{self.bucket}/{self.prefix}: {method}: {error}") from error

    def current(self) -> str | None:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.state_key("current"))
        except self.client.exceptions.NoSuchKey:
            return None
        except self._errors as error:
            raise DeployError(f"s3://{self.bucket}/{self.prefix}: {error}") from error
        return body["Body"].read().decode("utf-8").strip() or None

    def manifest(self, name: str) -> dict[str, str]:
        body = self._call("get_object", Key=self.state_key(f"releases/{name}.json"))
        return json.loads(body["Body"].read())

    def _list(self, under: str) -> Iterable[str]:
        pages = self.client.get_paginator("list_objects_v2")
        try:
            for page in pages.paginate(Bucket=self.bucket, Prefix=under):
                yield from (item["Key"] for item in page.get("Contents", []))
        except self._errors as error:
            raise DeployError(f"s3://{self.bucket}/{self.prefix}: list: {error}") from error

    def releases(self) -> list[str]:
        under = self.state_key("releases/")
        return sorted(key[len(under) : -len(".json")] for key in self._list(under))

    def objects(self) -> set[str]:
        under = self.object_key("")
        return {key[len(under) :] for key in self._list(under)}

    def put_file(self, path: str, file: Path, digest: str) -> None:
        with file.open("rb") as body:
            self._call(
                "put_object",
                Key=self.key(path),
                Body=body,
                ContentType=content_type(path),
                CacheControl=cache_control(path),
                Metadata={"sha256": digest},
            )

    def copy(self, source: str, key: str, path: str, digest: str) -> None:
        self._call(
            "copy_object",
            Key=key,
            CopySource={"Bucket": self.bucket, "Key": source},
            MetadataDirective="REPLACE",
            ContentType=content_type(path),
            CacheControl=cache_control(path),
            Metadata={"sha256": digest},
        )

    def put_json(self, name: str, data: dict) -> None:
        body = json.dumps(data, indent=1, sort_keys=True).encode("utf-8")
        self._call(
            "put_object", Key=self.state_key(name), Body=body, ContentType="application/json"
        )

    def put_text(self, name: str, text: str) -> None:
        self._call(
            "put_object", Key=self.state_key(name), Body=text.encode(), CacheControl="no-store"
        )

    def delete(self, keys: Iterable[str]) -> None:
        keys = sorted(keys)
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            chunk = [{"Key": key} for key in keys[start : start + 1000]]
            self._call("delete_objects", Delete={"Objects": chunk, "Quiet": True})


def _client_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
