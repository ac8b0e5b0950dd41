"""Allow-list sanitising of scraped HTML: nothing from a source runs or loads in a browser."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment

ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "sup",
    "sub",
}
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "svg",
    "math",
    "form",
    "frame",
    "frameset",
    "link",
    "meta",
    "base",
}


def sanitize_html(html: str) -> str:
    """Keep only allowed tags; links keep an http(s) href and nothing else."""
    if not html or "<" not in html:
        return html or ""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(True):
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
        elif tag.name not in ALLOWED_TAGS:
            tag.unwrap()
        else:
            href = tag.get("href", "") if tag.name == "a" else ""
            tag.attrs = {}
            if href.strip().lower().startswith(("http://", "https://")):
                tag.attrs = {"href": href.strip(), "rel": "nofollow noopener"}
    return str(soup)
