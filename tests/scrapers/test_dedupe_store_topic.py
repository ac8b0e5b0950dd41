from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import markdown
import pytest

from scrapers.dedupe import Index, canonical_url, jaccard, shingles
from scrapers.store import (
    Article,
    add_copy,
    escape_markdown,
    fingerprint,
    is_unmodified,
    render,
    summarize,
    write_new,
)
from scrapers.topic import Topic


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTP://KommunalIT.DK/a.html?utm_source=rss&utm_medium=feed",
            "http://kommunalit.dk/a.html",
        ),
        ("https://x.dk:443/a?id=7&fbclid=abc&gclid=x#kommentarer", "https://x.dk/a?id=7"),
        ("http://x.dk:8080", "http://x.dk:8080/"),
    ],
)
def test_canonical_url(url: str, expected: str):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/a?utm_source=x", "http://127.0.0.1:8080/a"),
        (
            "http://[::FFFF:127.0.0.1]:18087/a/v6target",
            "http://[::ffff:127.0.0.1]:18087/a/v6target",
        ),
        ("https://[2001:DB8::1]:443/sag", "https://[2001:db8::1]/sag"),
        ("http://[::1]/", "http://[::1]/"),
        ("https://redaktion:hemmelig@Avis.DK:8443/a", "https://avis.dk:8443/a"),
        ("http://bruger@[::1]:81/b#top", "http://[::1]:81/b"),
        ("https://ÆRØ-Avis.dk/nyheder/sbsys", "https://ærø-avis.dk/nyheder/sbsys"),
        ("https://xn--r-avis-ixa2g.dk/a,b", "https://xn--r-avis-ixa2g.dk/a,b"),
        ("http://avis.dk:abc/a", "http://avis.dk:abc/a"),
    ],
    ids=[
        "ipv4-port",
        "ipv6-mapped",
        "ipv6-default-port",
        "ipv6-loopback",
        "userinfo",
        "userinfo-ipv6",
        "idn",
        "punycode",
        "bad-port",
    ],  # fmt: skip
)
def test_canonical_url_keeps_hosts_and_is_idempotent(url: str, expected: str):
    assert canonical_url(url) == expected
    assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_near_duplicates():
    text = " ".join(f"ord{i}" for i in range(200))
    assert jaccard(shingles(text), shingles(text + " og et par ord mere")) > 0.9
    index = Index()
    index.add(Path("a.md"), ["http://x.dk/a"], text)
    assert index.similar(text.replace("ord5 ", "ORD5 ")) == Path("a.md")
    assert index.similar("noget helt andet om SBSYS " * 20) is None
    assert index.by_url("http://X.dk/a?utm_campaign=1") == Path("a.md")


def _article(**changes) -> Article:
    values = dict(
        title="Kommuner & <SBSYS>",
        date=datetime(2012, 11, 12, 10, 31),
        source="kommunalit",
        original="https://kommunalit.example/a",
        body="Tekst.\n",
        authors=("Jens Mikkelsen",),
        scraped="2026-11-27T02:00:00Z",
        summary="Tekst.",
    )
    values.update(changes)
    return Article(**values)


def test_render_header_keys_and_fingerprint(tmp_path: Path):
    text = render(_article())
    keys = [line.split(":", 1)[0] for line in text.split("\n\n", 1)[0].splitlines()]
    assert keys == [
        "Title", "Date", "Source", "Original", "Authors", "Publish", "Scraped", "Summary",
        "Fingerprint",
    ]  # fmt: skip
    assert "Title: Kommuner &amp; &lt;SBSYS&gt;\n" in text
    assert "Date: 2012-11-12 10:31\n" in text
    assert is_unmodified(text)
    assert not is_unmodified(text.replace("Tekst.", "Rettet tekst."))
    assert fingerprint(text) == fingerprint(text.replace("Fingerprint: ", "Fingerprint: 0"))


def test_write_new_never_replaces_and_add_copy_respects_editors(tmp_path: Path):
    first = write_new(tmp_path, _article(), "kommuner-sbsys")
    second = write_new(tmp_path, _article(), "kommuner-sbsys")
    assert first.name == "kommuner-sbsys.md" and second.name == "kommuner-sbsys-2.md"
    assert first.parent == tmp_path / "kommunalit" / "2012"
    assert add_copy(first, "https://andet.example/kopi")
    text = first.read_text()
    assert "Copies: https://andet.example/kopi\n" in text and is_unmodified(text)
    second.write_text(second.read_text().replace("Tekst.", "Tekst rettet af redaktør."))
    before = second.read_text()
    assert not add_copy(second, "https://andet.example/kopi")
    assert second.read_text() == before


def test_summary_two_sentences_max_300():
    text = "Første sætning. Anden sætning! Tredje sætning."
    assert summarize(text) == "Første sætning. Anden sætning!"
    long = "Ord " * 200 + "."
    assert len(summarize(long)) <= 300


def test_a_summary_begins_after_the_headline_and_ends_before_a_crosshead():
    # a page's headline (its h1, when it is not the title) and byline are no sentences
    text = (
        "Kommuner dropper SBSYS – se listen\n\nAf Jens Hansen\n\nFire kommuner skifter. Det koster."
    )
    assert summarize(text) == "Fire kommuner skifter. Det koster."
    assert summarize("Første sætning.\n\nBaggrund\n\nAnden sætning.") == "Første sætning."
    assert summarize("Kun en overskrift") == "Kun en overskrift"  # nothing else to say
    dated = "[ 2018-08-25 15:24 ]\n\nKlubben svarer. Kritikken er forkert.\n\n(Ritzau)"
    assert summarize(dated) == "Klubben svarer. Kritikken er forkert."  # a dateline is no sentence
    assert summarize("(Det sagde han.)\n\nMere.") == "(Det sagde han.) Mere."
    quote = "»Vi skifter,« siger hun.\n\n»Det er dyrt«\n\nDet mener de."  # a quote is no heading
    assert summarize(quote) == "»Vi skifter,« siger hun. »Det er dyrt« Det mener de."


@pytest.mark.parametrize(
    "text",
    [
        "Se [her](https://evil.example/phish) og [ref][1] og ![x](https://evil.example/x.png)",
        "**fed**, __fed__, *kursiv*, _kursiv_, `kode` og \\*allerede undtaget\\*",
        "<a href='https://evil.example/'>link</a> &amp; <https://evil.example/auto>",
        "# Overskrift",
        "- punkt",
        "1. punkt",
        "---",
        'Afsnit med attributter {: onclick="alert(1)" }',
    ],
    ids=["links", "emphasis", "html", "heading", "list", "ordered", "rule", "attr-list"],
)
def test_escape_markdown_renders_as_the_text(text: str):
    rendered = markdown.markdown(escape_markdown(text), extensions=["extra"])
    assert rendered.startswith("<p>") and rendered.count("<") == 2, rendered
    assert html.unescape(rendered[3:-4]) == text


@pytest.mark.parametrize(
    ("title", "text", "matches"),
    [
        ("Nyt fra klubben", "Kommunerne i **SBSYS** holder møde", True),
        ("Brugerklubben SBSYS holder møde", "", True),
        ("Cykelstier", "Kommunerne bygger cykelstier", False),
        ("Nyt ESDH", "", True),
    ],
)
def test_topic_query(title: str, text: str, matches: bool):
    assert Topic('SBSYS OR ESDH OR "brugerklubben sbsys"').matches(title, text) is matches


def test_topic_danish_stemming():
    topic = Topic("kommune AND sagsbehandlingssystem")
    assert topic.matches("", "Kommunernes nye sagsbehandlingssystemer")


def test_topic_matching_is_thread_safe():
    topic = Topic("SBSYS")
    texts = ["Kommunerne og SBSYS " * 30 if i % 2 else "Cykelstier " * 30 for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda text: topic.matches("", text), texts))
    assert results == [bool(i % 2) for i in range(200)]
