"""The site's language: every interface string in both catalogues, and each site in its language.

The strings are extracted as a translator's tool would (Babel: the jinja2 extractor over the
theme's templates, the Python one over the plugin) and looked up in the .po files.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from bs4.element import PreformattedString
from jinja2 import Environment

from dossier.i18n import LANGUAGES, catalogue_path
from dossier.plugin.language import (
    PLUGIN_DOMAIN,
    PLUGIN_LOCALE,
    THEME_DOMAIN,
    install_translations,
    markup_gettext,
)
from dossier.publish.build import build_site

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"
DOMAINS = {
    THEME_DOMAIN: (
        THEME,
        [("templates/**.html", "jinja2.ext:babel_extract")],
        THEME / "translations",
    ),
    PLUGIN_DOMAIN: (PLUGIN_LOCALE.parent, [("**.py", "python")], PLUGIN_LOCALE),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-words")


def extracted(domain: str) -> set[str | tuple[str, ...]]:
    folder, method_map, _ = DOMAINS[domain]
    return {message for _, _, message, _, _ in extract_from_dir(folder, method_map)}


def catalogue(domain: str, language: str):
    with catalogue_path(DOMAINS[domain][2], domain, language).open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_is_translated_in_both_catalogues(domain: str, language: str) -> None:
    messages = extracted(domain)
    assert len(messages) > 20, domain  # the extraction itself found the strings
    po = catalogue(domain, language)
    ids = {m.id for m in po if m.id}
    missing = [m for m in messages if m not in ids]
    untranslated = [m.id for m in po if m.id and not all(_forms(m.string))]
    stale = [m for m in ids if m not in messages]  # no longer in the code: a translator's noise
    broken = [(m.id, errors) for m, errors in po.check()]  # placeholders that do not match
    assert (missing, untranslated, stale, broken) == ([], [], [], []), (domain, language)


# What a template may hold outside the catalogue: trans blocks are the catalogue's; the blocks
# canonical and og_type hold a URL and a schema type; file names and URL paths are not words.
TRANS = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.S)
MACHINE_BLOCKS = re.compile(
    r"{%-?\s*block\s+(canonical|og_type)\s*-?%}.*?{%-?\s*endblock\s*-?%}", re.S
)
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
NOT_WORDS = re.compile(r"[\w.-]+\.(json|xml|js|css)\b|[\w-]+/")
WORD = re.compile(r"[^\W\d_]{2,}")
# A string in a Jinja expression reads as interface text when it has a capital, æ/ø/å or two words;
# date patterns, locale codes and the Pagefind filter key "år" (search.js, URLs) are machine values.
WORDY = re.compile(r"[A-ZÆØÅ]|[æøå]|[^\W\d_]{2,}\s+[^\W\d_]{2,}")
MACHINE = re.compile(r"%|^[a-z]{2}_[A-Z]{2}$|^år$")


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # entity_feed.html is Atom
@pytest.mark.parametrize(
    "template", sorted((THEME / "templates").glob("*.html")), ids=lambda path: path.name
)
def test_templates_have_no_words_outside_the_catalogue(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    page = BeautifulSoup(
        JINJA.sub("", MACHINE_BLOCKS.sub("", TRANS.sub("", source))), "html.parser"
    )
    for code in page(["script", "style"]):
        code.decompose()
    texts = [str(t) for t in page.find_all(string=True) if not isinstance(t, PreformattedString)]
    texts += [
        str(v) for t in page.find_all(True) for k, v in t.attrs.items() if k in SHOWN_ATTRIBUTES
    ]
    words = [w for text in texts for w in WORD.findall(NOT_WORDS.sub(" ", text))]
    ids = {i for m in catalogue(THEME_DOMAIN, "da") if m.id for i in _forms(m.id)}
    lexer = Environment(extensions=["jinja2.ext.i18n"])
    strings = [
        value[1:-1]
        for _, kind, value in lexer.lex(source)
        if kind == "string" and value[1:-1] not in ids
    ]
    literal = [s for s in strings if WORDY.search(s) and not MACHINE.search(s)]
    assert (words, literal) == ([], []), template.name


def _forms(string) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, (list, tuple)) else (string,)


def shown_text(html: str) -> str:
    """What a reader sees or hears of a page: its text and the attributes read out."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style"]):
        hidden.decompose()
    said = [
        str(v) for t in page.find_all(True) for k, v in t.attrs.items() if k in SHOWN_ATTRIBUTES
    ]
    return " ".join([page.get_text(" "), *said])


def foreign_fragments(shown_in: str, domain_pairs, content: str) -> list[str]:
    """Literal pieces (4+ letters) of messages of the other language found in a page's text."""
    found = []
    for foreign, own in domain_pairs:
        for piece in PLACEHOLDER.split(foreign):
            piece = piece.strip(" .,:;()·")
            if len(piece) < 4 or piece in own or piece in content:
                continue  # the same in both languages, or the content's own words
            # a word of a file name (statements.json) is no message
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w|\.\w)", shown_in):
                found.append(piece)
    return found


def pairs(language: str, reverse: bool = False) -> list[tuple[str, str]]:
    """(foreign text, own text) for every message of both domains, for a site in a language."""
    result = []
    for domain in DOMAINS:
        for message in catalogue(domain, language):
            if not message.id:
                continue
            english, own = _forms(message.id), _forms(message.string)
            for a, b in zip(english, own, strict=False):
                if a != b:
                    result.append((b, a) if reverse else (a, " ".join(own)))
    return result


def content_text(site_content: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in site_content.rglob("*.md"))


def test_the_danish_site_shows_no_english_string(built_site: Path, fixture_site: Path) -> None:
    content = content_text(fixture_site / "content")
    english = pairs("da")
    problems = {}
    for page in built_site.rglob("*.html"):
        found = foreign_fragments(shown_text(page.read_text(encoding="utf-8")), english, content)
        if found:
            problems[str(page.relative_to(built_site))] = found
    assert problems == {}
    assert '<html lang="da">' in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def english_site(fixture_site: Path, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("english") / "output"
    sources = fixture_site / "sources.toml"
    build_site(fixture_site / "content", output, sources=sources, DOSSIER_LANGUAGE="en")
    return output


def test_the_english_site_is_english(english_site: Path, fixture_site: Path) -> None:
    article = english_site / "artikler/2012/kommuner-strides-om-faelles-sagssystem/index.html"
    html = article.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert ">November 12, 2012</time>" in html  # Babel's English dates
    page = BeautifulSoup(
        (english_site / "tidslinje/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.h1.get_text() == "Timeline"
    assert [a.get_text() for a in page.select("header nav a")][:3] == [
        "Front page",
        "Timeline",
        "People",
    ]
    assert "c. October 2012" in page.get_text()  # Precision: month, Approximate: ja
    entry = json.loads((english_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]  # Pagefind follows <html lang>


def test_the_english_site_shows_no_danish_string(english_site: Path, fixture_site: Path) -> None:
    content = content_text(fixture_site / "content")
    danish = pairs("da", reverse=True)
    problems = {}
    for page in english_site.rglob("*.html"):
        found = foreign_fragments(shown_text(page.read_text(encoding="utf-8")), danish, content)
        if found:
            problems[str(page.relative_to(english_site))] = found
    assert problems == {}


def test_the_interface_names_the_topic_from_the_settings(fixture_site: Path, tmp_path) -> None:
    # another debate: the theme's words name its topic, and the front page starts with the
    # site's own sentence on it, escaped like any text
    output = tmp_path / "output"
    about = 'Letbanen <b>"kører"</b> & skaber debat.'
    sources = fixture_site / "sources.toml"
    build_site(
        fixture_site / "content",
        output,
        sources=sources,
        DOSSIER_TOPIC="Letbanen",
        DOSSIER_TOPIC_ABOUT=about,
    )
    front = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    intro = front.main.find("p").get_text(" ", strip=True)
    assert intro.startswith(about + " Dossieret samler")
    assert "i debatten om Letbanen: her kan du følge" in intro
    assert "<b>" not in str(front.main.find("p"))
    footer = front.footer.get_text(" ", strip=True)
    assert "følger debatten om Letbanen" in footer and "om SBSYS" not in footer
    for page, words in (
        ("tidslinje/index.html", "Debatten om Letbanen i datoorden"),
        ("netvaerk/index.html", "i debatten om Letbanen"),
        ("kilder/index.html", "artikler om Letbanen fra disse kilder"),
    ):
        html = (output / page).read_text(encoding="utf-8")
        assert words in html, page
        assert "debatten om SBSYS" not in html and "artikler om SBSYS" not in html, page


class _Catalogue(gettext.NullTranslations):
    """A catalogue of two messages, one of them with markup in its translation."""

    def gettext(self, message: str) -> str:
        return {"Hello %(name)s": "Hej %(name)s", "A <b>bold</b> word": "Et <b>fedt</b> ord"}.get(
            message, message
        )


@pytest.mark.parametrize(
    "source",
    [
        "{{ _('Hello %(name)s', name=who) }}",
        "{{ _('Hello %(name)s', name='<script>') }}",
        "{{ _('A <b>bold</b> word') }}",
        "{{ _('100%% sure') }}",
        "{{ _('Not in the catalogue') ~ who }}",
        "{{ _('Hello %(name)s', name=_('A <b>bold</b> word')) }}",
        "{% set t = _('Hello %(name)s', name=who) %}{{ t|upper }}",
        "{% autoescape false %}{{ _('Hello %(name)s', name=who) }}{% endautoescape %}",
        "{% autoescape false %}{{ _('A <b>bold</b> word') ~ who }}{% endautoescape %}",
    ],
)
def test_the_quick_gettext_renders_as_jinjas_own(source: str) -> None:
    def environment(quick: bool) -> Environment:
        env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(_Catalogue(), newstyle=True)
        if quick:
            env.globals["_"] = markup_gettext(_Catalogue().gettext)
        return env

    values = {"who": "Ærø & <Å>"}
    jinja = environment(False).from_string(source).render(values)
    assert environment(True).from_string(source).render(values) == jinja
    if "autoescape false" not in source:
        assert "<script>" not in jinja and "<Å>" not in jinja  # the variables stay escaped


@pytest.mark.parametrize("autoescape", [True, False])
def test_the_quick_gettext_is_what_templates_get(autoescape: bool) -> None:
    class Generator:
        settings = {"THEME": str(THEME)}
        env = Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])

    install_translations(Generator())
    rendered = Generator.env.from_string("{{ _('Search') }} {{ _('%(n)s <i>', n='<b>') }}")
    escaped = "Søg &lt;b&gt; <i>" if autoescape else "Søg <b> <i>"
    assert rendered.render() == escaped
    assert Generator.env.globals["_"].__name__ == "_"  # not Jinja's alias
