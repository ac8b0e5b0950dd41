"""Invoke tasks: The editors' commands: check, new, entities, search."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

from .common import CONFIG, ROOT, path, state_path


def editors_language() -> None:
    """Editors' messages in DOSSIER_LANGUAGE (environment, else pelicanconf.py, else Danish)."""
    import runpy

    from dossier.editing.messages import set_language

    try:
        configured = runpy.run_path(str(ROOT / "pelicanconf.py")).get("DOSSIER_LANGUAGE")
    except Exception:  # a broken settings file is reported by the build; messages stay Danish
        configured = None
    set_language(configured)


def editor_error(error: Exception, code: int = 1) -> Exit:
    """An exit with a one-line error message in the editors' language."""
    from dossier.editing.messages import _

    return Exit(_("error: {message}").format(message=error), code=code)


@task(help={"content": "content folder", "sources": "sources file"})
def check(c, content=None, sources=None):
    """Validate every content file; print path:line: message and exit 1 on errors."""
    from dossier.editing.check import check_content, errors
    from dossier.editing.messages import _, ngettext

    editors_language()
    problems = check_content(path(content, CONFIG["content"]), path(sources, CONFIG["sources"]))
    for problem in problems:
        print(problem.format(Path.cwd()))
    warnings = len(problems) - len(errors(problems))
    if errors(problems):
        count = len(errors(problems))
        found = ngettext("{n} error", "{n} errors", count).format(n=count)
        if warnings:  # counted as the build's summary and /problemer/ count them
            found += ", " + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
        print(found, file=sys.stderr)
        raise Exit(code=1)
    if warnings:
        print(
            ngettext("No errors, {n} warning.", "No errors, {n} warnings.", warnings).format(
                n=warnings
            )
        )
    else:
        print(_("No problems found."))


@task(
    help={
        "accept": "write a registry file for this name",
        "reject": "never propose it again",
        "content": "content folder",
        "limit": "candidates to list (default 40)",
    }
)
def entities(c, accept=None, reject=None, content=None, limit=40):
    """List people and organisations found in the texts; --accept or --reject one by name."""
    from dossier.analysis.registry import load_registry
    from dossier.editing.entities import (
        accept_candidate,
        candidate_lines,
        candidates_in,
        reject_name,
    )
    from dossier.editing.messages import _

    editors_language()
    folder = path(content, CONFIG["content"])
    if reject:
        reject_name(folder, reject)
        print(_("{name} is rejected (content/entities-rejected.txt)").format(name=reject))
        return
    registry = load_registry(folder)
    found = candidates_in(folder, registry)
    if accept:
        match = [cand for cand in found if cand.name.casefold() == accept.casefold()]
        known = registered_as(registry, accept)
        if not match and known:
            message = _("'{name}' is in the registry already: {file}").format(
                name=accept, file=shown_path(folder / f"{known}.md")
            )
            raise editor_error(message)
        if not match:
            message = _("no candidate named '{name}' (run invoke entities)").format(name=accept)
            raise editor_error(message)
        print(accept_candidate(folder, match[0]))
        return
    print("\n".join(candidate_lines(found, int(limit))))


def shown_path(file: Path) -> Path:
    """A file as an editor finds it: from the project's folder when it is inside it."""
    return file.resolve().relative_to(ROOT) if file.resolve().is_relative_to(ROOT) else file


def registered_as(registry, name: str) -> str | None:
    """people/<id> or organisations/<id> of the person or organisation called name (or with it
    as an alias), case aside; None when the registry has no one of that name."""
    wanted = name.casefold().strip()
    for folder, entries in (("people", registry.people), ("organisations", registry.organisations)):
        for entry in entries:
            if wanted in {n.casefold() for n in (entry.name, *entry.aliases)}:
                return f"{folder}/{entry.id}"
    return None


@task(help={"kind": "note, event, person or organisation", "title": "the title, in Danish"})
def new(c, kind, title, content=None):
    """Write a new note, event, person or organisation from a Danish template."""
    from dossier.editing.messages import _
    from dossier.editing.new import new_file
    from dossier.errors import DossierError

    editors_language()
    try:
        written = new_file(path(content, CONFIG["content"]), kind, title)
    except DossierError as error:
        raise editor_error(error) from error
    print(shown_path(written))
    if kind in ("note", "event"):
        print(
            _(
                "A draft (Status: draft): previewed at /kladder/{slug}/; "
                "published once you remove the Status line."
            ).format(slug=written.stem)
        )


@task(
    help={
        "query": 'whoosh query: words, AND/OR/NOT, "a phrase", wildcard*; "" lists all',
        "person": "only texts about this person (id)",
        "organisation": "only texts about this organisation (id)",
        "source": "only articles from this source (id)",
        "since": "only texts dated on or after this date (2012-11-12)",
        "limit": "how many results (default 10)",
        "content": "content folder",
        "state": "state folder (default: state beside the content folder)",
    }
)
def search(
    c,
    query,
    person=None,
    organisation=None,
    source=None,
    since=None,
    limit=10,
    content=None,
    state=None,
):
    """Search every article, note and event in content/, full texts included (for editors)."""
    from dossier.content import parse_date
    from dossier.editing.messages import _, ngettext
    from dossier.editing.search import Filters, format_hit
    from dossier.editing.search import search as run_search
    from dossier.errors import DossierError

    editors_language()
    since_date = parse_date(since) if since else None
    if since and since_date is None:
        message = _("--since {value} is not a date (write 2012-11-12)").format(value=repr(since))
        raise editor_error(message, code=2)
    filters = Filters(person, organisation, source, since_date)
    content_dir = path(content, CONFIG["content"])
    state_dir = state_path(state)
    try:
        hits = run_search(content_dir, query, filters, int(limit), state_dir)
    except DossierError as error:
        raise editor_error(error) from error
    for number, hit in enumerate(hits, 1):
        print(format_hit(number, hit, Path.cwd()))
    if hits:
        print(ngettext("{n} result", "{n} results", len(hits)).format(n=len(hits)), file=sys.stderr)
    else:
        print(_("No results."), file=sys.stderr)
