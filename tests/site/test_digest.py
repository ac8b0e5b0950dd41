"""Digests of page data (digest.py): what changes them, what does not, in any process."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.contents import Page

from dossier.documents import Quote
from dossier.plugin.digest import Hasher, template_inputs
from dossier.publish.build import site_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALUE = """
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from dossier.documents import Quote
from dossier.plugin.digest import Hasher, template_inputs

when = datetime(2019, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
quote = Quote("q-1", "Vi betaler pr. indbygger.", when, "a-1", "a/", "https://x.example/", "p")
value = {
    "quotes": [quote, quote],
    "title": Markup("<em>Kommunernes</em> system"),
    "names": frozenset({1, 2, 3}),
    "rows": [("Aarhus", 1.5, None, True), {"ø": b"bytes"}],
}
print(Hasher().digest(value).hex())
"""


def quote(text: str = "Vi betaler pr. indbygger.") -> Quote:
    when = datetime(2019, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    return Quote("q-1", text, when, "a-1", "a/", "https://x.example/", "p")


def test_the_same_data_has_the_same_digest_in_every_process():
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", VALUE], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    assert len(digests.pop()) == 64


def test_shared_and_copied_data_have_one_digest_and_any_change_shows():
    shared = quote()
    same = Hasher().digest([shared, shared])
    assert Hasher().digest([shared, copy.deepcopy(shared)]) == same
    assert Hasher().digest([shared, quote("Vi betaler pr. borger.")]) != same
    assert Hasher().digest([shared]) != same
    assert Hasher().digest({"a": 1, "b": 2}) != Hasher().digest({"b": 2, "a": 1})  # order shows
    assert Hasher().digest(Markup("x")) != Hasher().digest("x")


class Labels(set):
    """A set subclass: its items are its data."""


def test_objects_without_attributes_are_told_apart_by_their_items():
    assert Hasher().digest(Labels({"a"})) != Hasher().digest(Labels({"b"}))
    assert Hasher().digest(Labels({"a", "b"})) == Hasher().digest(Labels({"b", "a"}))


def texts(tmp_path: Path) -> tuple[Page, Page, Page]:
    """Three pages: a links to b, b links to c."""
    settings = site_settings(FIXTURES / "site" / "content", tmp_path / "output")
    a, b, c = (
        Page(f"<p>{name}</p>", {"title": name}, settings, f"pages/{name}.md")
        for name in ("a", "b", "c")
    )
    a.related, b.related = [b], [c]
    return a, b, c


def test_a_text_counts_with_what_its_links_carry_and_their_links_by_place(tmp_path):
    a, b, c = texts(tmp_path)
    before = Hasher().digest({"article": a})
    b.title = "b, rettet"
    after_b = Hasher().digest({"article": a})
    assert after_b != before  # a page showing a shows what b carries
    c.title = "c, rettet"
    assert Hasher().digest({"article": a}) == after_b  # b's links stand for themselves
    c.override_save_as = "andetsteds/index.html"
    assert Hasher().digest({"article": a}) != after_b  # ... by where they are


class Node:
    """A plain object, such as two that point at each other."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_a_cycle_cut_in_one_walk_hides_no_change_from_another(tmp_path):
    """a shows o1, b shows o2, and o1 and o2 point at each other: a walk from a cuts the cycle
    at o1, so the o2 it walked lacks o1; b's page, digested after a's, must still change when
    o1 does."""

    def digest_of_b(name: str) -> bytes:
        a, b, _ = texts(tmp_path)
        a.related = b.related = []
        o1, o2 = Node(name), Node("y")
        o1.other, o2.other = o2, o1
        a.node, b.node = o1, o2
        hasher = Hasher()
        hasher.digest({"article": a})
        return hasher.digest({"article": b})

    assert digest_of_b("x") != digest_of_b("z")
    assert digest_of_b("x") == digest_of_b("x")  # and the same data has the same digest


def test_a_partial_counts_with_its_function_and_arguments():
    assert Hasher().digest(partial(round, ndigits=1)) != Hasher().digest(partial(round, ndigits=2))
    assert Hasher().digest(partial(round, 1)) == Hasher().digest(partial(round, 1))


def test_template_sources_are_parsed_once_across_builds():
    sources = {"a.html": "{% include 'b.html' %}{{ x }}", "b.html": "{{ y }}"}
    env = Environment(loader=DictLoader(sources))
    first: dict = {}
    assert template_inputs(env.get_template("a.html"), {}, first)[1] == {"x", "y"}
    assert len(first) == 2
    for entry in first.values():  # what the next build reads is what it uses
        entry["names"] = [*entry["names"], "from_record"]
    second: dict = {}
    assert template_inputs(env.get_template("a.html"), first, second)[1] == {
        "x",
        "y",
        "from_record",
    }
    env.loader.mapping["b.html"] = "{{ z }}"  # a changed source is parsed again
    third: dict = {}
    assert template_inputs(env.get_template("a.html"), second, third)[1] == {
        "x",
        "z",
        "from_record",
    }
    assert len(third) == 2  # this build's sources only: the old b.html is forgotten
