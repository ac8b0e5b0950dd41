"""Which network addresses a source may lead the scraper to: public ones, and its own kind.

A feed on a public host must not make the scraper fetch from loopback, the local network or
link-local addresses (cloud metadata services live there); a source that itself is on such an
address (a test server, an intranet) may stay on addresses of the same kind.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

PUBLIC = "public"
Classify = Callable[[str], str]


def address_kind(address: str) -> str:
    """The kind of an IP address: public, loopback, private, link-local or special."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "special"
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:127.0.0.1 is loopback too
        ip = mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "special"
    if ip.is_private:
        return "private"
    return PUBLIC if ip.is_global else "special"


def allowed_kinds(home: Iterable[str], classify: Classify = address_kind) -> frozenset[str]:
    """The address kinds a source whose host has the given addresses may be led to."""
    return frozenset({PUBLIC, *(classify(address) for address in home)} - {"special"})


def usable(addresses: Iterable[str], kinds: frozenset[str], classify: Classify) -> list[str]:
    """The addresses of a host the scraper may connect to under the allowed kinds."""
    return [address for address in addresses if classify(address) in kinds]
