"""Re-check young articles at their source: conditional GET, compare, keep and show the change."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dossier.content import split_file, split_list

from . import wayback
from .changes import Outcome, compare, recheck_since
from .errors import BudgetSpent, FetchError
from .extract import extract
from .fetch import Fetcher
from .history import Change, History, Version
from .pages import decode_html, read_page, select_main
from .revise import set_keys, update_text
from .sanitize import Limits, fit_body, fit_text
from .store import summarize

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recheck:
    """What a re-check needs: the fetcher, the memory, where the articles are, the settings."""

    fetcher: Fetcher
    history: History
    articles: Path
    now: datetime  # UTC
    days: int = 30
    budget: int = 50
    hours: int = 6  # since its last check (or since it was written)
    wayback: str | None = None
    selectors: dict[str, str | None] | None = None  # CSS selector by source id
    homes: dict[str, str] | None = None  # the source's URL by source id: its budget, its addresses
    limits: Limits = Limits()  # the text is cut as at the first write, or it always differs


def recheck(check: Recheck) -> list[Outcome]:
    """Re-check articles younger than recheck_days, at most budget of them, oldest check first."""
    since = recheck_since(check.now, check.days)
    # not on every hourly run: a run with nothing new makes no page requests
    rested = (check.now - timedelta(hours=check.hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    due = check.history.due(since, check.budget, rested)
    by_source: dict[str, list[Version]] = {}
    for version in due:
        by_source.setdefault(Path(version.path).parts[0], []).append(version)
    return [outcome for source, versions in by_source.items()
            for outcome in _source_rechecks(check, source, versions)]  # fmt: skip


def _source_rechecks(check: Recheck, source: str, versions: list[Version]) -> list[Outcome]:
    """The re-checks of one source's articles, within what is left of its time budget."""
    home = (check.homes or {}).get(source) or versions[0].url  # a source no longer listed
    outcomes = []
    with check.fetcher.source(home, source):
        for number, version in enumerate(versions):
            try:
                outcomes.append(_isolated(check, version))
            except BudgetSpent as error:  # not checked: due first on the next run
                log.warning("recheck: %s: %s", source, error)
                left = len(versions) - number
                reason = f"{source}: {error.reason}; {left} re-check(s) wait for the next run"
                outcomes.append(Outcome(version.url, "error", error=reason))
                break
    return outcomes


def _isolated(check: Recheck, version: Version) -> Outcome:
    """Re-check one article; whatever goes wrong with it is its own error, not the run's."""
    try:
        return _check(check, version)
    except BudgetSpent:
        raise  # the source's time is up for this run
    except Exception as error:
        log.exception("recheck: %s (%s): unexpected error", version.url, version.path)
        # remembered as checked: tried again after recheck_hours like any other, not every run
        check.history.remember(_with(version, checked=f"{check.now:%Y-%m-%dT%H:%M:%SZ}"))
        reason = f"{version.path}: unexpected {type(error).__name__}: {error}"
        return Outcome(version.url, "error", error=reason)


def _check(check: Recheck, version: Version) -> Outcome:
    now = check.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    path = check.articles / version.path
    if not path.exists():  # an editor deleted it: nothing to show a change on
        check.history.remember(_with(version, checked=now, removed=now))
        return Outcome(version.url, "unchanged")
    try:
        response = check.fetcher.get(version.url, version.etag, version.last_modified)
    except BudgetSpent:
        raise
    except FetchError as error:
        if error.status in (404, 410):
            return _removed(check, version, path, now)
        log.warning("recheck: %s", error)
        # checked, though in vain: asked again after recheck_hours, not on every run (with its
        # retries), and the budget's first places go to the articles checked longest ago
        check.history.remember(_with(version, checked=now))
        return Outcome(version.url, "error", error=error.reason)
    if response.not_modified:
        check.history.remember(_with(version, checked=now))
        return Outcome(version.url, "not_modified")
    html = decode_html(response.content, response.headers)
    source = path.relative_to(check.articles).parts[0]
    selector = (check.selectors or {}).get(source)
    main = select_main(html, selector) if selector else None
    extracted = extract(main or html, response.url)
    text = fit_text(extracted.text, check.limits.max_text)
    title = extracted.title or read_page(html, response.url).title or ""
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    current = _with(version, title=title, text=text, checked=now)
    current = _with(current, etag=etag, last_modified=modified)
    what = compare(version.title, version.text, title, text)
    if not what or not text:
        check.history.remember(_with(version, checked=now, etag=etag, last_modified=modified))
        return Outcome(version.url, "unchanged")
    change = Change(version.url, version.path, now, what, version.title, title, version.text,
                    text)  # fmt: skip
    check.history.add_change(change)
    new_title = title if "title" in what else None
    body = fit_body(extracted.markdown, check.limits.max_text)
    if not update_text(path, new_title, body, summarize(text)):
        log.info("%s: changed by an editor; the source's new version is kept in state", path)
    changed = [*_changed(path), f"{check.now:%Y-%m-%d} {what}"]
    set_keys(path, {"Changed": ", ".join(changed)})
    check.history.remember(current)
    return Outcome(version.url, "changed", what)


def _removed(check: Recheck, version: Version, path: Path, now: str) -> Outcome:
    """A 404/410: mark the article removed (never delete it) and look up its snapshot."""
    keys = {"Removed": f"{check.now:%Y-%m-%d}"}
    if check.wayback and (address := wayback.lookup(check.fetcher, check.wayback, version.url)):
        keys["Archived"] = address
    set_keys(path, keys)
    change = Change(version.url, version.path, now, "removed", version.title, "", version.text, "")
    check.history.add_change(change)
    check.history.remember(_with(version, checked=now, removed=now))
    return Outcome(version.url, "removed")


def _changed(path: Path) -> list[str]:
    fields, _ = split_file(path.read_text(encoding="utf-8"))
    values = {field.key: field.value for field in fields}
    return split_list(values.get("changed", ""))


def _with(version: Version, **values: str | None) -> Version:
    return Version(**{**version.__dict__, **values})


def first_version(
    url: str, path: str, title: str, text: str, headers: dict, published: datetime, at: str
) -> Version:
    """The version of an article as it was first written or enriched (at: the time, ISO UTC)."""
    return Version(
        url, path, title, text, headers.get("etag"), headers.get("last-modified"),
        published.strftime("%Y-%m-%d"), at, None,
    )  # fmt: skip


def find_changes(history: History, articles: Path, article: str) -> list[Change]:
    """The changes of one article, named by its file, its file name (slug) or a URL of it."""
    candidates = [Path(article), articles / article]
    for path in candidates:
        if path.is_file():
            try:
                return history.changes(str(path.resolve().relative_to(articles.resolve())))
            except ValueError:
                break
    slug = Path(article).stem
    return [c for c in history.changes() if Path(c.path).stem == slug or c.url == article]
