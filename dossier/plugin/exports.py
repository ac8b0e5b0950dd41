"""The data exports: output/data/*.json, written by every build (README: Data exports)."""

from __future__ import annotations

import json

from ..documents import Document, Quote


def article_rows(documents: list[Document], history: dict[str, dict] | None = None) -> list[dict]:
    """articles.json: every article, note and event (with its source page's history)."""
    empty = {"archived": None, "wayback": None, "changed": [], "removed": None}
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "title": d.title,
            "date": d.date.isoformat(),
            **_exactness(d),
            "source": d.source,
            "source_url": d.source_url,
            "authors": list(d.authors),
            "people": list(d.people),
            "organisations": list(d.organisations),
            "page": d.page,
            **(history or {}).get(d.page, empty),
        }
        for d in documents
    ]


def person_rows(people, documents: list[Document], quotes: list[Quote]) -> list[dict]:
    """people.json: every person with roles, the texts that mention them and their statements."""
    texts, statements = _ids_by(documents, "people"), _ids_by(quotes, "person")
    return [
        {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "roles": [
                {
                    "title": r.title,
                    "organisation": r.organisation,
                    "from": r.start or None,
                    "to": r.end or None,
                }
                for r in p.roles
            ],
            "articles": texts.get(p.id, []),
            "statements": statements.get(p.id, []),
            "page": p.page,
        }
        for p in people
    ]


def organisation_rows(organisations, people, documents: list[Document]) -> list[dict]:
    """organisations.json: every organisation with its people (by role) and texts."""
    texts = _ids_by(documents, "organisations")
    return [
        {
            "id": o.id,
            "name": o.name,
            "aliases": list(o.aliases),
            "type": o.type,
            "people": [p.id for p in people if any(r.organisation == o.id for r in p.roles)],
            "articles": texts.get(o.id, []),
            "page": o.page,
        }
        for o in organisations
    ]


def _ids_by(items, field: str) -> dict[str, list[str]]:
    """The ids of items by each entity id in their field (one id or several), in items' order."""
    found: dict[str, list[str]] = {}
    for item in items:
        value = getattr(item, field)
        for key in dict.fromkeys((value,) if isinstance(value, str) else value or ()):
            found.setdefault(key, []).append(item.id)
    return found


def statement_rows(quotes: list[Quote], documents: list[Document]) -> list[dict]:
    """statements.json: every quote with its speaker (null when not certain).

    `person` is the id of the speaker's page (null when they have none), `speaker` the name the
    text gives (null when the quote has no certain speaker). A quote is dated as its text is.
    """
    exactness = {d.id: _exactness(d) for d in documents}
    return [
        {
            "id": q.id,
            "person": q.person,
            "speaker": q.speaker or None,
            "text": q.text,
            "date": q.date.isoformat(),
            **exactness.get(q.article, {"precision": "day", "approximate": False}),
            "article": q.article,
            "source_url": q.source_url,
        }
        for q in quotes
    ]


def _exactness(dated) -> dict:
    """How much of a date is known: precision (day, month or year: an ISO date of the 1st says
    no more than its month or year) and approximate (estimated, shown as "ca.")."""
    return {"precision": dated.precision, "approximate": bool(dated.approximate)}


def json_text(make, *inputs) -> str:
    """UTF-8 JSON of make(*inputs): a list one record per line, anything else on one line.

    One line per record keeps the files readable and their changes small in a diff, and lets
    json use its C encoder (any indent makes it fall back to the pure-Python one, which cost
    most of the exports' time).
    """
    rows = make(*inputs)
    if isinstance(rows, list) and rows:
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        return "[\n" + lines + "\n]\n"
    return json.dumps(rows, ensure_ascii=False) + "\n"
