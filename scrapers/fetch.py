"""The only network I/O of the scrapers: polite, bounded HTTP GETs with httpx."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .addresses import Classify, address_kind, allowed_kinds, usable
from .decode import BadEncoding, TooLarge, decoded
from .errors import (
    OTHER,
    TIMEOUT,
    UNREACHABLE,
    AddressRefused,
    BodyTooLarge,
    BudgetSpent,
    FetchError,
    RobotsDisallowed,
)
from .transport import GuardedBackend, Resolve, bounded, context, resolve

log = logging.getLogger(__name__)

# The site the requests come from, so a source's webmaster can see who is asking (publishconf.py
# reads the same variable).
SITE_URL = os.environ.get("DOSSIER_SITEURL", "https://sbsys-dossier.example.org")
USER_AGENT = f"SBSYS-dossier/0.1 (+{SITE_URL})"


@dataclass(frozen=True)
class FetchConfig:
    """Limits and manners of the fetcher; tests set delay 0 and small timeouts."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    timeout: float = 30.0  # hard wall-clock limit of one request: connect, headers and body
    source_budget: float = 600.0  # wall-clock seconds all requests of one source may take per run
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    delay: float = 1.0  # between two requests to the same host
    retries: int = 2  # extra attempts after a 429 or 5xx
    backoff: float = 1.0  # first wait between attempts; doubles each time
    max_retry_after: float = 30.0  # a longer Retry-After gives up instead of waiting
    robots: bool = True
    robots_ttl: float = 24 * 3600  # seconds a robots.txt kept in state is trusted


class RobotsCache(Protocol):
    """Where robots.txt files are kept between runs (the state database)."""

    def robots(self, root: str) -> tuple[float, str | None] | None: ...

    def save_robots(self, root: str, fetched_at: float, body: str | None) -> None: ...


@dataclass(frozen=True)
class Response:
    """A fetched response: final URL, status (200 or 304), headers (lower-case keys), body."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 Not Modified to a conditional GET."""
        return self.status == 304


# Called with (url, request headers, status, response headers, body) for every response: the
# WARC archive (scrapers/warc.py) hooks in here, so no other module touches the network.
Recorder = Callable[[str, dict[str, str], int, dict[str, str], bytes], None]


class Fetcher:
    """An HTTP client that is polite per host and safe to share between threads.

    resolve and classify are injectable so tests on 127.0.0.1 can play public hosts.
    """

    def __init__(
        self,
        config: FetchConfig | None = None,
        cache: RobotsCache | None = None,
        recorder: Recorder | None = None,
        resolve: Resolve = resolve,
        classify: Classify = address_kind,
    ) -> None:
        self.config = config or FetchConfig()
        self._cache = cache
        self._recorder = recorder
        resolve = bounded(resolve, self.config.connect_timeout)
        self._resolve, self._classify = resolve, classify
        timeout = httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout)
        transport = httpx.HTTPTransport()
        # httpx has no public way to pass a network backend; the pool reads this attribute
        # whenever it opens a connection (httpcore 1.x)
        transport._pool._network_backend = GuardedBackend(resolve, classify)
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._budgets: dict[str, float] = {}  # a source's budget's end, by source id
        self.requests = 0

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    @contextmanager
    def source(self, url: str, name: str | None = None) -> Iterator[None]:
        """Requests in the block belong to the source at url: its time budget, its address kinds.

        Blocks of the same name share one budget for the fetcher's life (one run): a source's
        re-checks spend what its scrape left of it.
        """
        previous = getattr(context, "budget", math.inf), getattr(context, "kinds", None)
        with self._lock:
            budget = self._budgets.get(name) if name else None
            if budget is None:
                budget = time.monotonic() + self.config.source_budget
            if name:
                self._budgets[name] = budget
        context.budget = budget
        context.kinds = self._home_kinds(url)
        try:
            yield
        finally:
            context.budget, context.kinds = previous

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET a URL (conditionally when validators are given); raise FetchError on failure."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        outside = getattr(context, "kinds", None) is None
        if outside:  # not inside source(): the URL asked for is the source
            context.kinds = self._home_kinds(url)
        try:
            return self._follow(url, headers)
        finally:
            if outside:
                context.kinds = None

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            _check_scheme(current)
            if time.monotonic() >= getattr(context, "budget", math.inf):
                budget = self.config.source_budget
                raise BudgetSpent(current, f"the source's time budget of {budget} s is spent")
            self._check_address(current)
            self._check_robots(current)
            status, response_headers, body = self._get_with_retries(current, headers)
            if status in (301, 302, 303, 307, 308) and "location" in response_headers:
                current = urljoin(current, response_headers["location"])
                continue
            if status == 304 or 200 <= status < 300:
                return Response(current, status, response_headers, body)
            raise FetchError(current, f"HTTP {status}", status)
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        wait = self.config.backoff
        for attempt in range(self.config.retries + 1):
            status, response_headers, body = self._polite_get(url, headers)
            if status != 429 and status < 500:
                return status, response_headers, body
            if attempt == self.config.retries:
                break
            pause = _retry_after(response_headers.get("retry-after"), wait)
            if pause > self.config.max_retry_after:
                break
            if time.monotonic() + pause >= getattr(context, "budget", math.inf):
                break  # the source's time would be up before the retry: this URL waits a run
            log.info("HTTP %s from %s; retrying in %.1f s", status, url, pause)
            time.sleep(pause)
            wait *= 2
        raise FetchError(url, f"HTTP {status}", status)

    def _polite_get(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:
            pause = self._last_request.get(host, 0.0) + self.config.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                return self._raw_get(url, headers)
            finally:
                self._last_request[host] = time.monotonic()

    def _raw_get(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        deadline = time.monotonic() + self.config.timeout
        context.deadline = min(deadline, getattr(context, "budget", math.inf))
        limit = self.config.max_bytes
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                length = response_headers.get("content-length", "")
                if length.isdigit() and int(length) > limit:
                    raise BodyTooLarge(url, f"body larger than {limit} bytes")
                encoding = response_headers.get("content-encoding")
                chunks, size = [], 0
                for chunk in decoded(_bounded(response.iter_raw(), limit), encoding, limit):
                    size += len(chunk)
                    if size > limit:
                        raise BodyTooLarge(url, f"body larger than {limit} bytes")
                    chunks.append(chunk)
                body = b"".join(chunks)
                self._record(url, headers, response.status_code, response_headers, body)
                return response.status_code, response_headers, body
        except TooLarge as error:
            raise BodyTooLarge(url, f"body larger than {limit} bytes ({error})") from error
        except BadEncoding as error:
            raise FetchError(url, str(error)) from error
        except httpx.TimeoutException as error:
            message = f"timeout after {self.config.timeout} s"
            raise FetchError(url, message, kind=TIMEOUT) from error
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:  # no usable answer
            raise FetchError(url, f"{type(error).__name__}: {error}", kind=UNREACHABLE) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise FetchError(url, f"{type(error).__name__}: {error}") from error
        finally:
            context.deadline = math.inf

    def _home_kinds(self, url: str) -> frozenset[str]:
        """The address kinds requests for a source at url may connect to."""
        parts = urlsplit(url)
        try:
            home = self._resolve(parts.hostname or "", parts.port or 443)
        except (OSError, UnicodeError, ValueError):
            home = []
        return allowed_kinds(home, self._classify)

    def _check_address(self, url: str) -> None:
        """Refuse a URL whose host has no address the current source may connect to."""
        parts = urlsplit(url)
        try:
            addresses = self._resolve(parts.hostname or "", parts.port or 443)
        except (OSError, UnicodeError, ValueError) as error:
            # no such name or no name server (OSError) is no connection, as a refused one is
            kind = UNREACHABLE if isinstance(error, OSError) else OTHER
            raise FetchError(url, f"cannot resolve {parts.hostname}: {error}", kind=kind) from error
        kinds = getattr(context, "kinds", None) or allowed_kinds([], self._classify)
        if not usable(addresses, kinds, self._classify):
            found = ", ".join(f"{a} ({self._classify(a)})" for a in addresses[:3])
            raise AddressRefused(url, f"refused: {parts.hostname} is at {found}")

    def _record(self, url: str, headers: dict, status: int, response: dict, body: bytes) -> None:
        if self._recorder is None:
            return
        sent = {"User-Agent": self.config.user_agent, **headers}
        try:
            self._recorder(url, sent, status, response, body)
        except (OSError, ValueError) as error:  # a full disk must not stop the scrape
            log.warning("cannot archive %s: %s", url, error)

    def _check_robots(self, url: str) -> None:
        if not self.config.robots:
            return
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = root in self._robots
        if not known:
            parser = self._load_robots(root)
            with self._lock:
                self._robots[root] = parser
        parser = self._robots[root]
        if parser is not None and not parser.can_fetch(self.config.user_agent, url):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _load_robots(self, root: str) -> RobotFileParser | None:
        """The robots.txt of a host: from the cache while fresh, else fetched (None: allow all)."""
        cached = self._cache.robots(root) if self._cache else None
        if cached and time.time() - cached[0] < self.config.robots_ttl:
            body = cached[1]
        else:
            body = None
            try:
                status, _headers, content = self._polite_get(root + "/robots.txt", {})
                if status == 200:
                    body = content.decode("utf-8", "replace")
            except FetchError as error:
                log.debug("no robots.txt for %s: %s", root, error)
            if self._cache:
                self._cache.save_robots(root, time.time(), body)
        if body is None:
            return None
        parser = RobotFileParser()
        parser.parse(body.splitlines())
        return parser


def _bounded(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """The raw chunks of a body, stopping when more than limit bytes have arrived."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"more than {limit} bytes on the wire")
        yield chunk


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(url, "only http and https URLs are fetched")


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or HTTP date), else the default."""
    if not value:
        return default
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() takes
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default
