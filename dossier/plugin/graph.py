"""The network of who is mentioned with whom, laid out at build time as a static SVG."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape
from itertools import combinations
from typing import TYPE_CHECKING

from ..content import danish_key
from ..documents import Document, is_editorial
from .language import Gettext, Ngettext, danish, danish_plural

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Node:
    """A person or organisation in the network, with its page and label."""

    key: str  # "person:<id>" or "organisation:<id>"
    name: str
    page: str


def cooccurrence(documents: list[Document], exclude_organisations=frozenset()) -> nx.Graph:
    """A graph whose edge weights count the documents two entities share, the editors'
    summaries (notes, phases) left out: an overview names everyone."""
    return cooccurrence_of(shared_keys(documents, exclude_organisations))


def shared_keys(
    documents: list[Document], exclude_organisations=frozenset()
) -> list[tuple[str, ...]]:
    """The entities each text but the editors' summaries names, as node keys, sorted: all the
    network is drawn from."""
    texts = []
    for doc in (d for d in documents if not is_editorial(d)):
        orgs = {f"organisation:{o}" for o in doc.organisations if o not in exclude_organisations}
        texts.append(tuple(sorted({f"person:{p}" for p in doc.people} | orgs)))
    return texts


def _networkx():
    """networkx, imported when a graph is first made: 0.13 s of every build's start, and a
    build draws the network only when the entities of the texts changed (pages.py)."""
    import networkx

    return networkx


def cooccurrence_of(texts: list[tuple[str, ...]]) -> nx.Graph:
    """The co-occurrence graph of the entities each text names (shared_keys())."""
    weights: Counter[tuple[str, str]] = Counter()
    degree: Counter[str] = Counter()
    for keys in texts:
        degree.update(keys)
        weights.update(combinations(keys, 2))
    graph = _networkx().Graph()
    for key, count in degree.items():
        graph.add_node(key, mentions=count)
    for (a, b), weight in weights.items():
        graph.add_edge(a, b, weight=weight)
    return graph


def strongest(graph: nx.Graph, limit: int) -> nx.Graph:
    """The subgraph of the `limit` most mentioned connected entities."""
    connected = [n for n in graph.nodes if graph.degree(n) > 0]
    keep = sorted(connected, key=lambda n: (-graph.nodes[n]["mentions"], n))[:limit]
    return ordered(graph.subgraph(keep))


def ordered(graph: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges in sorted order.

    A subgraph view iterates a set, whose order changes from run to run, and the layout, the
    drawing and the table follow the graph's order: the same content must give the same page.
    """
    copy = _networkx().Graph()
    copy.add_nodes_from(sorted(graph.nodes(data=True)))
    edges = sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True))
    copy.add_edges_from(edges)
    return copy


def backbone(graph: nx.Graph, per_node: int = 3) -> nx.Graph:
    """Each entity's strongest links only: a dense graph drawn whole is an unreadable hairball."""
    graph = ordered(graph)
    kept = _networkx().Graph()
    kept.add_nodes_from(graph.nodes(data=True))
    for node in graph.nodes:
        edges = sorted(graph.edges(node, data=True), key=lambda e: (-e[2]["weight"], e[1]))
        kept.add_edges_from(edges[:per_node])
    return kept


# px per character of a 12 px label, by how wide the letter is in a common sans-serif (DejaVu
# Sans, the widest of those a reader's system-ui is likely to be), rounded up: a label's box that
# is too short lets it overlap the node or label beside it (KMD was 21 px for its 27)
NARROW, WIDE, CAPITAL, OTHER = 4.8, 12.0, 9.5, 7.7
_NARROW = frozenset("fijlrtIJ.,:;'!|()[]/- ")
_WIDE = frozenset("mwæMWÆ&%")


def label_width(label: str) -> float:
    """About how wide a label is drawn at 12 px, in the drawing's units."""
    return sum(
        NARROW if c in _NARROW else WIDE if c in _WIDE else CAPITAL if c.isupper() or c.isdigit()
        else OTHER
        for c in label
    )  # fmt: skip


def label_places(
    nodes: list[tuple[str, float, float, float, str]], width: float, height: float, always: int = 3
) -> dict[str, tuple[float, float, str]]:
    """Where each node's label stands: (x, y, text-anchor) of its text, or no entry when it fits
    nowhere. nodes: (key, x, y, radius, label) in order of importance.

    A label stands right of its node, else left, above, below or at a corner, wherever it
    overlaps no node, no label placed before it and nothing outside the drawing. The first
    `always` nodes, the most mentioned, are labelled where no label is, over nodes if need be.
    """
    nodes_boxes = [(x - r, y - r, x + r, y + r) for _, x, y, r, _ in nodes]
    labels: list[tuple[float, float, float, float]] = []
    found: dict[str, tuple[float, float, str]] = {}
    for index, (key, x, y, r, label) in enumerate(nodes):
        others = [b for i, b in enumerate(nodes_boxes) if i != index]
        for over_nodes in (False, True) if index < always else (False,):
            place = _free_place(_label_boxes(x, y, r, label_width(label)), width, height,
                                labels if over_nodes else labels + others)  # fmt: skip
            if place is not None:
                labels.append(place[3])
                found[key] = place[:3]
                break
    return found


def _label_boxes(x: float, y: float, r: float, w: float) -> list:
    """Where a label may stand, in order of preference: (x, y, text-anchor, box)."""
    # a box from the text's ascent to below its descenders (p, j: 3 px under the baseline)
    right, left, top, bottom = x + r + 3, x - r - 3, y - r - 5, y + r + 13
    return [
        (right, y + 4, "start", (right - 1, y - 9, right + 1 + w, y + 8)),
        (left, y + 4, "end", (left - 1 - w, y - 9, left + 1, y + 8)),
        (x, top, "middle", (x - w / 2, top - 12, x + w / 2, top + 4)),
        (x, bottom, "middle", (x - w / 2, bottom - 12, x + w / 2, bottom + 4)),
        (right, top, "start", (right - 1, top - 12, right + 1 + w, top + 4)),
        (right, bottom, "start", (right - 1, bottom - 12, right + 1 + w, bottom + 4)),
        (left, top, "end", (left - 1 - w, top - 12, left + 1, top + 4)),
        (left, bottom, "end", (left - 1 - w, bottom - 12, left + 1, bottom + 4)),
    ]


def _free_place(candidates: list, width: float, height: float, taken: list):
    for candidate in candidates:
        x1, y1, x2, y2 = candidate[3]
        inside = x1 >= 0 and y1 >= 0 and x2 <= width and y2 <= height
        if inside and all(x2 < a1 or x1 > a2 or y2 < b1 or y1 > b2 for a1, b1, a2, b2 in taken):
            return candidate
    return None


def network_svg(
    graph: nx.Graph,
    nodes: dict[str, Node],
    site_url: str,
    width: int = 1200,
    height: int = 800,
    seed: int = 7,
    _: Gettext = danish,
    ngettext: Ngettext = danish_plural,
) -> str:
    """Lay the graph out with a seeded spring layout and draw it as an accessible SVG."""
    graph = backbone(graph.subgraph([n for n in graph.nodes if n in nodes]))
    if graph.number_of_nodes() == 0:
        return ""
    k = 2.5 / math.sqrt(graph.number_of_nodes())
    positions = _networkx().spring_layout(graph, k=k, weight="weight", seed=seed, iterations=80)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    margin = 70

    def place(key: str) -> tuple[float, float]:
        x, y = positions[key]
        span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
        return (  # labels stand right of their node: keep room for them
            margin / 2 + (x - min(xs)) / span_x * (width - 3.5 * margin),
            margin / 2 + (y - min(ys)) / span_y * (height - margin),
        )

    top = max(d["weight"] for _, _, d in graph.edges(data=True)) if graph.number_of_edges() else 1
    title = _("People and organisations mentioned together")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="netvaerk-titel" class="network">',
        f'<title id="netvaerk-titel">{escape(title)}</title>',
        '<g class="edges" stroke="currentColor" stroke-linecap="round">',
    ]
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: e[2]["weight"]):
        (x1, y1), (x2, y2) = place(a), place(b)
        share = data["weight"] / top
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{0.6 + 3 * share:.2f}" stroke-opacity="{0.15 + 0.45 * share:.2f}"/>'
        )
    parts.append('</g><g class="nodes">')
    most = max(graph.nodes[n]["mentions"] for n in graph.nodes)
    order = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], n))
    radii = {key: 4 + 10 * math.sqrt(graph.nodes[key]["mentions"] / most) for key in order}
    labels = label_places(
        [(key, *place(key), radii[key], nodes[key].name) for key in order], width, height
    )
    for key in sorted(graph.nodes, key=lambda n: graph.nodes[n]["mentions"]):
        node, (x, y), radius = nodes[key], place(key), radii[key]
        colour = "#0a6ebd" if key.startswith("person:") else "#c2410c"
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"/>'
            if key.startswith("person:")
            else f'<rect x="{x - radius:.1f}" y="{y - radius:.1f}" width="{2 * radius:.1f}" '
            f'height="{2 * radius:.1f}" fill="{colour}"/>'
        )
        label = escape(node.name)
        text = ""  # no room: the name shows on hover and in the table below
        if key in labels:
            tx, ty, anchor = labels[key]
            end = "" if anchor == "start" else f' text-anchor="{anchor}"'
            text = f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="12"{end}>{label}</text>'
        count = graph.nodes[key]["mentions"]
        hover = ngettext(
            "%(name)s: mentioned in %(count)d text", "%(name)s: mentioned in %(count)d texts", count
        ) % {"name": node.name, "count": count}
        parts.append(
            f'<a href="{site_url}/{node.page}" aria-label="{label}"><title>{escape(hover)}</title>'
            f"{shape}{text}</a>"
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def node_links(
    graph: nx.Graph, nodes: dict[str, Node]
) -> list[tuple[Node, list[tuple[Node, int]]]]:
    """Every drawn node with the links drawn from it, strongest first: the graph as a list."""
    drawn = backbone(graph.subgraph([n for n in graph.nodes if n in nodes]))
    order = sorted(drawn.nodes, key=lambda n: danish_key(nodes[n].name))
    return [
        (
            nodes[key],
            [
                (nodes[other], data["weight"])
                for _, other, data in sorted(
                    drawn.edges(key, data=True),
                    key=lambda e: (-e[2]["weight"], danish_key(nodes[e[1]].name)),
                )
            ],
        )
        for key in order
    ]


def top_edges(
    graph: nx.Graph, nodes: dict[str, Node], limit: int = 30
) -> list[tuple[Node, Node, int]]:
    """The strongest connections, for a table beside the drawing."""
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    return [(nodes[a], nodes[b], d["weight"]) for a, b, d in edges if a in nodes and b in nodes][
        :limit
    ]
