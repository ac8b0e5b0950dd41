"""The company a person keeps (profiles) and the network: the debate's texts, not the editors'
summaries, which name everyone."""

from __future__ import annotations

from datetime import datetime

from dossier.documents import Document
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
