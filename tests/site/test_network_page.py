"""/netvaerk/: every node of the drawing is also listed with its links (phones, screen readers),
and the drawing's labels stand clear of other nodes and labels."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from dossier.plugin.graph import label_places, label_width


def test_every_drawn_node_is_listed_with_the_links_drawn_from_it(built_site: Path) -> None:
    html = BeautifulSoup(
        (built_site / "netvaerk/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    drawn = {a["href"] for a in html.select("figure.network svg a")}
    assert drawn
    listed = {}
    for item in html.select("ul.network-list > li"):
        own, *others = item.find_all("a")
        listed[own["href"]] = {a["href"] for a in others}
        assert others, own.get_text()  # a node in the drawing has at least one line
        assert own.get_text().strip()
    assert set(listed) == drawn
    # each line of the drawing appears from both of its ends
    pairs = {frozenset((a, b)) for a, bs in listed.items() for b in bs}
    assert all(a in listed[b] for a, bs in listed.items() for b in bs)
    assert len(pairs) == len(html.select("figure.network svg line"))


def _box(x: float, y: float, anchor: str, label: str) -> tuple[float, float, float, float]:
    w = label_width(label)
    x1 = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
    return x1, y - 13, x1 + w, y + 4  # ascent to descenders


def _overlap(a, b) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def test_labels_stand_clear_of_other_nodes_and_labels() -> None:
    # a crowded row: each node's right is taken by its neighbour, so labels go left or around
    nodes = [(f"n{i}", 100 + 30 * i, 200 + (i % 2) * 8, 6, f"Navn {i}") for i in range(12)]
    nodes += [("ensom", 600, 500, 6, "Ensom Organisation")]
    places = label_places(nodes, 800, 600, always=0)
    assert places["ensom"] == (609, 504, "start")  # room on the right: there
    assert len(places) >= 8
    boxes = {key: _box(*places[key], label) for key, *_, label in nodes if key in places}
    for key, x, y, r, _ in nodes:
        for other, box in boxes.items():
            assert other == key or not _overlap(box, (x - r, y - r, x + r, y + r)), (other, key)
    keys = list(boxes)
    for i, a in enumerate(keys):
        assert all(not _overlap(boxes[a], boxes[b]) for b in keys[i + 1 :]), a
        assert boxes[a][0] >= 0 and boxes[a][2] <= 800


def test_the_most_mentioned_are_labelled_even_among_nodes() -> None:
    # the club sits among its members: no free place, yet its name is the one a reader looks for
    hub = [("klub", 300, 300, 14, "Brugerklubben SBSYS")]
    offsets = [(dx, dy) for dx in range(-120, 180, 12) for dy in (-24, -12, 0, 12, 24)]
    ring = [(f"m{i}", 300 + dx, 300 + dy, 5, "") for i, (dx, dy) in enumerate(offsets) if dx or dy]
    assert "klub" not in label_places(hub + ring, 800, 600, always=0)
    assert "klub" in label_places(hub + ring, 800, 600, always=1)
