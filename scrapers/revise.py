"""Revise a stored article in place: the notice keys, and its text when no editor changed it."""

from __future__ import annotations

import re
from pathlib import Path

from dossier.content import atomic_write, split_header

from .enrich import MARKER
from .extract import escape_html
from .sanitize import fit_title, one_line
from .store import FINGERPRINT_LINE, clean_body, escape_markdown, fingerprint, is_unmodified

# Keys that state facts about the source (not an editor's choices): set even in a file an editor
# changed, since they only add a line and never replace what the editor wrote.
NOTICE_KEYS = ("Changed", "Removed", "Archived", "Captured")


def set_keys(path: Path, values: dict[str, str]) -> None:
    """Set notice keys (Changed, Removed, Archived, Captured); re-sign only an unmodified file."""
    text = path.read_text(encoding="utf-8")
    signed = is_unmodified(text)
    header, body = split_header(text)  # an editor's blank line may hold spaces
    header = FINGERPRINT_LINE.sub("", header + "\n", count=1).rstrip("\n")
    for key, value in values.items():
        if key not in NOTICE_KEYS:
            raise ValueError(f"{key} is not a notice key")
        line = f"{key}: {' '.join(value.split())}"
        pattern = re.compile(rf"^{key}:.*$", re.M | re.I)
        if pattern.search(header):
            header = pattern.sub(lambda _m, line=line: line, header, count=1)
        else:
            header = f"{header}\n{line}"
    _write(path, header, body, signed)


def update_text(path: Path, title: str | None, body: str, summary: str = "") -> bool:
    """Put a source's new title and text into a file no editor changed; False when one did."""
    text = path.read_text(encoding="utf-8")
    if not is_unmodified(text):
        return False
    header, _, old_body = text.partition("\n\n")
    header = FINGERPRINT_LINE.sub("", header + "\n", count=1).rstrip("\n")
    body = clean_body(body)  # as at first write
    if MARKER in old_body:  # an enriched record: the title and the text above are the editor's
        body = old_body.split(MARKER, 1)[0].rstrip() + f"\n\n{MARKER}\n\n{body}\n"
    else:
        # the title and summary rules of the first write: cleaned, one line, the title cut
        title, summary = escape_html(fit_title(title or "")), escape_markdown(one_line(summary))
        for key, value in (("Title", title), ("Summary", summary)):
            if value:
                line = f"{key}: {value}"
                header = re.sub(rf"^{key}:.*$", lambda _m, v=line: v, header, count=1, flags=re.M)
        body = body + "\n"
    _write(path, header, body, True)
    return True


def _write(path: Path, header: str, body: str, signed: bool) -> None:
    unsigned = f"{header}\n\n{body}"
    if signed:
        atomic_write(path, f"{header}\nFingerprint: {fingerprint(unsigned)}\n\n{body}")
    else:
        atomic_write(path, unsigned)
