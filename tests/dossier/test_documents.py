"""Plain text from rendered HTML: what the analysis and the related texts read of every text."""

from __future__ import annotations

import random
import re
from html import unescape

import pytest

from dossier.documents import html_to_text, keep_plain_text, plain_text, unique_ids


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Kommunerne ejer SBSYS.</p>", "Kommunerne ejer SBSYS."),
        ("<p>Første afsnit.</p>\n<p>Andet afsnit.</p>", "Første afsnit.\n\nAndet afsnit."),
        ("<p>En  linje\tmed\r\nmellemrum</p>", "En linje med mellemrum"),
        (
            "<h2>Klage</h2><ul><li>IT-Branchen</li><li>Dansk IT</li></ul>",
            "Klage\n\nIT-Branchen\n\nDansk IT",
        ),
        ("<p>Linje et<br>linje to<br/>linje tre</p>", "Linje et\n\nlinje to\n\nlinje tre"),
        ("<p>Fællesskab &amp; konkurrence&nbsp;</p>", "Fællesskab & konkurrence"),
        ("<p>\n  Indrykket\n  tekst\n</p>", "Indrykket tekst"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


def _by_paragraph(html: str) -> str:
    """The definition, a paragraph at a time: blocks end paragraphs, tags go, entities are
    read; within a paragraph, line breaks and runs of spaces and tabs are one space."""
    text = unescape(
        re.sub(
            r"<[^>]+>",
            "",
            re.sub(r"</(p|h[1-6]|li|blockquote|pre|tr|div)>|<br\s*/?>", "\n\n", html, flags=re.I),
        )
    )
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = re.sub(r"[ \t\r\f\v]+", " ", paragraph.replace("\n", " ")).strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def test_html_to_text_is_its_definition_on_random_markup():
    """Folding spaces once for the whole text, and only when it has any to fold (a regular
    expression scanning every text costs most of the conversion), gives the definition."""
    pieces = [
        "ord",
        "å",
        " ",
        "  ",
        "\t",
        "\r",
        "\n",
        "\f",
        "\v",
        "\xa0",
        "\u3000",
        "<p>",
        "</p>",
        "<br>",
        "</li>",
        "&amp;",
        "&nbsp;",
        "&#9;",
        "&#10;",
        "&#13;",
        "&#32;",
    ]
    rng = random.Random(14)
    for _ in range(20_000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert html_to_text(html) == _by_paragraph(html), repr(html)


def test_ids_are_unique_when_texts_share_a_slug_and_even_a_year():
    slugs = [("svar", 2013), ("svar", 2013), ("kritik", 2012), ("svar", 2014), ("svar", 2013)]
    assert unique_ids(slugs) == ["svar-2013", "svar-2013-2", "kritik", "svar-2014", "svar-2013-3"]
    assert unique_ids([("x", 2013), ("x", 2013), ("x-2013-2", 2013)]) == [
        "x-2013",
        "x-2013-3",
        "x-2013-2",
    ]


class _Text:
    """What plain_text reads of a Pelican content object."""

    def __init__(self, title: str, content: str) -> None:
        self.title, self._content = title, content


def test_the_plain_text_kept_with_a_text_is_worked_out_again_once_its_html_changed():
    text = _Text("Klage over <em>SBSYS</em>", "<p>Foreningen klager.</p>")
    keep_plain_text(text)
    assert plain_text(text) == ("Klage over SBSYS", "Foreningen klager.")
    text._dossier_plain = (text._dossier_plain[0], "forældet titel", "forældet tekst")
    assert plain_text(text) == ("forældet titel", "forældet tekst")  # the kept one is used
    text._content = "<p>Foreningen trækker klagen tilbage.</p>"
    assert plain_text(text) == ("Klage over SBSYS", "Foreningen trækker klagen tilbage.")
    text.title = "Ny titel"
    del text._dossier_plain
    assert plain_text(text) == ("Ny titel", "Foreningen trækker klagen tilbage.")
