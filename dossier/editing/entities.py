"""`invoke entities`: the names discovery found, and the editors' accept or reject of one."""

from __future__ import annotations

from pathlib import Path

from ..analysis.discovery import (
    REJECTED_FILE,
    Candidate,
    discover,
    load_rejected,
    organisation_kind,
)
from ..analysis.registry import Registry
from ..content import atomic_write, format_header, split_file
from .messages import _, ngettext


def candidates_in(content: Path, registry: Registry) -> list[Candidate]:
    """Candidates found in the Markdown of every article under content/ (for `invoke entities`)."""
    texts = []
    for path in sorted((content / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        texts.append((path.stem, split_file(text)[1]))
    return discover(texts, registry, load_rejected(content))


_ORG_TYPES = ("kommune", "region", "ministerium")


def accept_candidate(content_dir: Path, candidate: Candidate) -> Path:
    """Write a candidate as a registry file marked `Discovered: ja`; an existing file is kept."""
    folder = "people" if candidate.kind == "person" else "organisations"
    path = content_dir / folder / f"{candidate.id}.md"
    if path.exists():
        raise FileExistsError(path)
    fields = [("Title", candidate.name), ("Discovered", "ja")]
    if candidate.kind != "person":
        kind = organisation_kind(candidate.name)
        fields.append(("Type", kind if kind in _ORG_TYPES else ""))
    fields = [(k, v) for k, v in fields if v]
    texts = len(candidate.articles)
    # No example sentence: it would publish a third party's words on the page.
    body = f"Fundet automatisk i {texts} {'tekst' if texts == 1 else 'tekster'}."
    atomic_write(path, format_header(fields) + body + "\n")
    return path


def reject_name(folder: Path, name: str) -> None:
    """Add a name to the rejection list once, keeping the file's comments and order."""
    path = folder / REJECTED_FILE
    if not name.strip() or name.strip() in load_rejected(folder):
        return
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    atomic_write(
        path, text + ("" if not text or text.endswith("\n") else "\n") + f"{name.strip()}\n"
    )


def candidate_lines(found: list[Candidate], limit: int) -> list[str]:
    """What `invoke entities` prints: each candidate (* = gets a page) with two examples."""
    lines = []
    for cand in found[:limit]:
        mark = "*" if cand.promoted else " "
        times = ngettext("{n} time", "{n} times", cand.count).format(n=cand.count)
        texts = len(cand.articles)
        where = ngettext("in {n} text", "in {n} texts", texts).format(n=texts)
        lines.append(f"{mark} {cand.name} ({kind_name(cand.kind)}: {times} {where})")
        lines.extend(f"      {example}" for example in cand.examples[:2])
    if not found:
        lines.append(_("No candidates: every name found is in the registry or rejected."))
    return lines


def kind_name(kind: str) -> str:
    """A kind of entity (person, organisation) in the editors' language."""
    return {"person": _("person"), "organisation": _("organisation")}.get(kind, kind)
