"""Undo a response's Content-Encoding as it streams, counting every layer's output against a limit.

httpx decompresses each received chunk whole before anyone can count it, so a few kilobytes of
stacked gzip ("gzip, gzip") grow to gigabytes in memory. Here each layer hands out at most STEP
bytes at a time and stops as soon as its total output passes the limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

STEP = 64 * 1024
SUPPORTED = ("gzip", "x-gzip", "deflate")


class TooLarge(ValueError):
    """A layer of the body decoded to more bytes than the limit."""


class BadEncoding(ValueError):
    """The body is not valid data of its declared Content-Encoding, or the encoding is unknown."""


def encodings(header: str | None) -> list[str]:
    """The encodings of a Content-Encoding header in the order the server applied them."""
    names = [name.strip().lower() for name in (header or "").split(",")]
    return [name for name in names if name and name != "identity"]


def decoded(chunks: Iterable[bytes], header: str | None, limit: int) -> Iterator[bytes]:
    """The decoded body of raw chunks; raise TooLarge when any layer passes limit bytes."""
    names = encodings(header)
    unknown = [name for name in names if name not in SUPPORTED]
    if unknown:
        raise BadEncoding(f"unsupported Content-Encoding {', '.join(unknown)}")
    stream: Iterator[bytes] = iter(chunks)
    for name in reversed(names):  # the last encoding applied is undone first
        stream = _layer(stream, name, limit)
    return stream


def _layer(chunks: Iterator[bytes], name: str, limit: int) -> Iterator[bytes]:
    """Undo one encoding, at most STEP output bytes per call into zlib."""
    total = 0
    decoder = _decoder(name)
    started = False
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = decoder.decompress(data, STEP)
            except zlib.error as error:
                if name == "deflate" and not started:  # some servers send raw deflate
                    decoder, started = zlib.decompressobj(-zlib.MAX_WBITS), True
                    continue
                raise BadEncoding(f"invalid {name} data: {error}") from error
            started = True
            total += len(out)
            if total > limit:
                raise TooLarge(f"{name} layer decodes to more than {limit} bytes")
            if out:
                yield out
            data = decoder.unconsumed_tail
            if decoder.eof and decoder.unused_data:  # a further gzip member follows
                data, decoder = decoder.unused_data, _decoder(name)
    tail = decoder.flush()  # at most one window of output
    total += len(tail)
    if total > limit:
        raise TooLarge(f"{name} layer decodes to more than {limit} bytes")
    if tail:
        yield tail


def _decoder(name: str):
    """A zlib decompressor for one encoding (gzip header, or zlib-wrapped deflate)."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS if name in ("gzip", "x-gzip") else zlib.MAX_WBITS)
