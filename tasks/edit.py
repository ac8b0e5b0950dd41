"""Invoke tasks: The editors' commands: check, new, entities, search."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

from .common import CONFIG, ROOT, fail, path, state_path


@task(help={"content": "content folder", "sources": "sources file"})
def check(c, content=None, sources=None):
    """Validate every content file; print path:line: message and exit 1 on errors."""
    from dossier.editing.check import check_content, errors

    problems = check_content(path(content, CONFIG["content"]), path(sources, CONFIG["sources"]))
    for problem in problems:
        print(problem.format(Path.cwd()))
    warnings = len(problems) - len(errors(problems))
    if errors(problems):
        print(f"{len(problems)} problem(s) ({warnings} warning(s))", file=sys.stderr)
        raise Exit(code=1)
    print(f"No errors, {warnings} warning(s)." if warnings else "No problems found.")


@task(help={"accept": "write a registry file for this name", "reject": "never propose it again"})
def entities(c, accept=None, reject=None, content=None, limit=40):
    """List people and organisations found in the texts; --accept or --reject one by name."""
    from dossier.analysis.registry import load_registry
    from dossier.editing.entities import (
        accept_candidate,
        candidate_lines,
        candidates_in,
        reject_name,
    )

    folder = path(content, CONFIG["content"])
    if reject:
        reject_name(folder, reject)
        print(f"{reject} is rejected (content/entities-rejected.txt)")
        return
    found = candidates_in(folder, load_registry(folder))
    if accept:
        match = [cand for cand in found if cand.name.casefold() == accept.casefold()]
        if not match:
            raise Exit(f"error: no candidate named '{accept}' (run invoke entities)", code=1)
        print(accept_candidate(folder, match[0]))
        return
    print("\n".join(candidate_lines(found, int(limit))))


@task(help={"kind": "note, event, person or organisation", "title": "the title, in Danish"})
def new(c, kind, title, content=None):
    """Write a new note, event, person or organisation from a Danish template."""
    from dossier.editing.new import new_file
    from dossier.errors import DossierError

    try:
        written = new_file(path(content, CONFIG["content"]), kind, title)
    except DossierError as error:
        raise fail(error) from error
    print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)


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
    from dossier.editing.search import Filters, format_hit
    from dossier.editing.search import search as run_search
    from dossier.errors import DossierError

    since_date = parse_date(since) if since else None
    if since and since_date is None:
        raise Exit(f"error: --since {since!r} is not a date (write 2012-11-12)", code=2)
    filters = Filters(person, organisation, source, since_date)
    content_dir = path(content, CONFIG["content"])
    state_dir = state_path(state)
    try:
        hits = run_search(content_dir, query, filters, int(limit), state_dir)
    except DossierError as error:
        raise fail(error) from error
    for number, hit in enumerate(hits, 1):
        print(format_hit(number, hit, Path.cwd()))
    print(f"{len(hits)} result(s)" if hits else "No results.", file=sys.stderr)
