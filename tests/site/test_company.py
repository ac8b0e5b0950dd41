"""What the entity pages and lists say: the company kept (profiles) and the network come from
the debate's texts, not the editors' summaries, which name everyone; aliases and roles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dossier.documents import Document
from dossier.plugin.dossier import shown_aliases
from dossier.plugin.entities import build_profiles
from dossier.plugin.graph import cooccurrence


def text(kind: str, people: tuple[str, ...], event_kind: str = "") -> Document:
    name = f"{kind}-{'-'.join(people)}-{event_kind}"
    return Document(
        id=name,
        kind=kind,
        title=name,
        date=datetime(2013, 5, 1),
        page=f"{kind}/{name}/",
        text="",
        event_kind=event_kind,
        people=people,
    )


TEXTS = [
    text("article", ("rasch", "torp")),
    text("event", ("rasch", "berg"), "aktindsigt"),
    text("note", ("rasch", "mikkelsen", "loehde", "berg")),  # an overview naming everyone
    text("event", ("rasch", "mikkelsen"), "fase"),
]


def test_a_persons_company_comes_from_articles_and_events_alone() -> None:
    profile = build_profiles(TEXTS, [])["person:rasch"]
    assert profile.people == [("berg", 1), ("torp", 1)]
    assert len(profile.documents) == 4 and len(profile.editorial) == 2  # still listed


def test_the_network_leaves_the_editors_summaries_out() -> None:
    graph = cooccurrence(TEXTS)
    assert sorted(graph.nodes) == ["person:berg", "person:rasch", "person:torp"]
    assert graph.edges["person:rasch", "person:berg"]["weight"] == 1


def test_a_page_shows_each_alias_once_whatever_its_case() -> None:
    aliases = ("Rasch", "Kita-formanden", "KITA-formanden", "rasch", "Jørgen Rasch")
    assert shown_aliases("Jørgen Rasch", aliases) == ("Rasch", "Kita-formanden")


def test_the_list_of_people_says_where_a_role_is(built_site: Path) -> None:
    html = (built_site / "personer/index.html").read_text(encoding="utf-8")
    assert "<td>Formand, Brugerklubben SBSYS</td>" in html
