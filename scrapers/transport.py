"""The socket layer under fetch.py: connections to checked addresses, within a request's deadline.

httpx's timeouts apply to each read, so a server sending a byte every few seconds never times out;
here every read, write, connect and TLS handshake is cut to what is left of the deadline that
fetch.py sets for the request running on this thread.
"""

from __future__ import annotations

import ipaddress
import math
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import httpcore

from .addresses import Classify, allowed_kinds, usable

Resolve = Callable[[str, int], list[str]]
# What the request running on this thread may do: its deadline (monotonic seconds), the deadline
# of its source's budget and the address kinds it may connect to. The network backend reads it,
# since httpx gives a transport no per-request hook below its per-read timeouts.
context = threading.local()


def resolve(host: str, port: int) -> list[str]:
    """The IP addresses of a host (an IP literal is its own address)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def bounded(resolve: Resolve, seconds: float) -> Resolve:
    """A resolver that gives up after seconds, so a slow name server cannot hold a request."""

    def within(host: str, port: int) -> list[str]:
        if _is_ip(host):
            return resolve(host, port)
        box: list[tuple[bool, object]] = []

        def work() -> None:
            try:
                box.append((True, resolve(host, port)))
            except Exception as error:  # handed to the caller below
                box.append((False, error))

        # a daemon thread: getaddrinfo cannot be interrupted, but need not be waited for
        thread = threading.Thread(target=work, daemon=True, name=f"resolve {host}")
        thread.start()
        thread.join(seconds)
        if not box:
            raise TimeoutError(f"resolving {host} took more than {seconds} s")
        done, value = box[0]
        if not done:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    return within


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the current request."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read at most max_bytes, waiting no longer than the request's deadline allows."""
        return self._stream.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write the buffer, waiting no longer than the request's deadline allows."""
        self._stream.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        """Close the connection."""
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout=None):
        """Upgrade to TLS within the deadline."""
        limit = _remaining(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        """What the underlying stream knows (socket, addresses, TLS object)."""
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the current source may use, and within the request deadline."""

    def __init__(self, resolve: Resolve, classify: Classify) -> None:
        self._resolve, self._classify = resolve, classify

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        """Connect to the first usable address of host (resolved here, so no rebinding)."""
        try:
            addresses = self._resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from error
        kinds = getattr(context, "kinds", None) or allowed_kinds([], self._classify)
        addresses = usable(addresses, kinds, self._classify)
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address this source may connect to")
        error: Exception = httpcore.ConnectError(host)
        for address in addresses:
            limit = _remaining(timeout, httpcore.ConnectTimeout)
            try:
                stream = super().connect_tcp(address, port, limit, local_address, socket_options)
            except httpcore.ConnectError as failure:
                error = failure
                continue
            return _DeadlineStream(stream)
        raise error


def _remaining(timeout: float | None, expired: type[Exception]) -> float:
    """The timeout of one socket operation: the given one, cut to the request's deadline."""
    left = getattr(context, "deadline", math.inf) - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    return min(left, timeout) if timeout is not None else left
