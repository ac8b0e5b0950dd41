"""/netvaerk/: every node of the drawing is also listed with its links (phones, screen readers)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


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
