"""What must hold before a built site is published: links, titles, data files, and no shrinking."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .verify import canonical_of, check_pages

# What the shrink guard counts: article pages, person pages, and every HTML page.
COUNTED = {"articles": "artikler/*/*/index.html", "people": "personer/*/index.html"}


def site_counts(site: Path) -> dict[str, int]:
    """Count the article pages, person pages and all HTML pages of a built site."""
    counts = {name: sum(1 for _ in site.glob(pattern)) for name, pattern in COUNTED.items()}
    counts["pages"] = sum(1 for _ in site.rglob("*.html"))
    return counts


def shrinkage(new: dict[str, int], old: dict[str, int] | None, threshold: float) -> list[str]:
    """Why the new build is markedly smaller than the live site (empty when it is not)."""
    problems = []
    for name, before in (old or {}).items():
        after = new.get(name, 0)
        if before and after < before * (1 - threshold):
            problems.append(
                f"{name}: {after} in the new build, {before} live "
                f"(more than {threshold:.0%} fewer; deploy with --force if this is intended)"
            )
    return problems


def verify_site(site: Path, site_url: str, required: tuple[str, ...]) -> list[str]:
    """Every problem that stops a publish: missing files, broken internal links, untitled pages."""
    problems = [f"missing {name}" for name in required if not (site / name).is_file()]
    problems += local_build(site, site_url)
    broken, untitled = check_pages(site, site_url)
    problems += [f"{page}: no <title>" for page in untitled]
    return problems + [f"{p.page}: broken link {p.target}" for p in broken]


def local_build(site: Path, site_url: str) -> list[str]:
    """Why the site is a local build, which must not go online (its drafts and /problemer/
    with it): its front page's canonical address is not under site_url."""
    index = site / "index.html"
    text = index.read_text(encoding="utf-8", errors="replace") if index.is_file() else ""
    canonical = canonical_of(text)
    if canonical is None or canonical.startswith(site_url.rstrip("/") + "/"):
        return []
    return [
        f"index.html: built for the address {canonical!r}, not {site_url}: a local build, with "
        "drafts and /problemer/; build it with `invoke build --publish`"
    ]


def tree_digest(*paths: Path) -> str:
    """A SHA-256 over the names and bytes of every file under the given files and folders."""
    digest = hashlib.sha256()
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            name = path.relative_to(top.parent)
            if ".git" in name.parts or "__pycache__" in name.parts:
                continue
            digest.update(str(name).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
