"""Allow-list sanitising of scraped HTML: nothing from a source runs or loads in a browser."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import PreformattedString

ALLOWED_TAGS = frozenset(
    "p br a em strong b i ul ol li blockquote h2 h3 h4 h5 h6 code pre table thead tbody tr th td "
    "hr sup sub".split()
)
DROPPED_WITH_CONTENT = frozenset(
    "script style iframe object embed template noscript svg math form frame frameset link meta "
    "base".split()
)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
SAFE_LINK = re.compile(r'\s+href="https?://[^"\s<>]*"(\s+title="[^"<>]*")?\s*')


def is_plain(html: str) -> bool:
    """True when html has only allowed tags without attributes, links only with http(s) hrefs.

    Markdown renders escaped scraped text to exactly this, so the full parse below is needed
    only when something else got in.
    """
    if "<!--" in html or "<!" in html or "<?" in html:
        return False
    for closing, name, attributes in TAG.findall(html):
        name = name.lower()
        if name not in ALLOWED_TAGS:
            return False
        if attributes.strip() and (closing or name != "a" or not SAFE_LINK.fullmatch(attributes)):
            return False
    return html.count("<") == len(TAG.findall(html))


def sanitize_html(html: str) -> str:
    """Keep only allowed tags; links keep an http(s) href and nothing else."""
    if not html or "<" not in html or is_plain(html):
        return html or ""
    soup = BeautifulSoup(html, "html.parser")
    # comments, CDATA, processing instructions and declarations are written out as they came,
    # and a browser ends some of them elsewhere (CDATA at the first ">"): none is text, drop all
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:  # inside an element already dropped
            continue
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
        elif tag.name == "h1":  # the page's one h1 is its title: a heading in the text is h2
            tag.name, tag.attrs = "h2", {}
        elif tag.name not in ALLOWED_TAGS:
            tag.unwrap()
        else:
            href = tag.get("href", "") if tag.name == "a" else ""
            tag.attrs = {}
            if href.strip().lower().startswith(("http://", "https://")):
                tag.attrs = {"href": href.strip(), "rel": "nofollow noopener"}
    return str(soup)
