"""Extract an article's main text as safe Markdown: strip page furniture, then trafilatura."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from dossier.content import is_http_url, parse_date

# Elements that never hold article text.
NEVER_TEXT = (
    "//script|//style|//noscript|//iframe|//frame|//object|//embed|//template|//svg|//button"
    "|//select|//canvas|//video|//audio"
)
# Elements that hold menus, boxes and banners, unless the article is inside (some sites wrap the
# whole page in a <form>).
FURNITURE_XPATH = (
    "//form|//nav|//aside|//dialog"
    "|//*[@role='navigation' or @role='banner' or @role='complementary' or @role='contentinfo']"
    "|//*[@aria-hidden='true']"
    "|//header[not(ancestor::article or ancestor::main)]"
    "|//footer[not(ancestor::article or ancestor::main)]"
)
ARTICLE_INSIDE = ".//h1|.//article|.//main|.//*[@itemprop='articleBody']"
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Words in class or id values that mark furniture (split on - and _).
FURNITURE_WORDS = {
    "ad", "ads", "adsense", "advert", "advertisement", "annonce", "annoncer", "reklame",
    "banner", "cookie", "cookies", "consent", "samtykke", "gdpr", "popup", "modal",
    "comment", "comments", "kommentar", "kommentarer", "disqus", "debat",
    "job", "jobs", "jobliste", "jobannoncer", "stillinger", "karriere",
    "related", "relaterede", "recommended", "popular", "mostread", "trending", "laeses",
    "lige-nu", "navnenyt", "newsletter", "nyhedsbrev", "subscribe", "signup",
    "share", "sharing", "social", "deling", "breadcrumb", "breadcrumbs",
    "menu", "navbar", "nav", "navigation", "sidebar", "promo", "sponsor", "sponsored",
    "footer", "masthead", "topbar",
}  # fmt: skip
# Headings that open a box of furniture.
FURNITURE_HEADINGS = re.compile(
    r"^\s*(læses lige nu|læs også|mest læste|navnenyt|kommentarer|skriv en kommentar|"
    r"debat|job|ledige stillinger|jobannoncer|relaterede|nyhedsbrev|annonce|reklame|"
    r"del artiklen|cookies?)\b",
    re.I,
)
DANISH_DATE = re.compile(
    r"\b\d{1,2}\.\s*(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zæøå]*\.?\s+\d{4}"
    r"(?:,?\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2})?|\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    re.I,
)
# A Markdown link or image. Linear on any text: a label cannot contain "[", an escaped "\[" opens
# none, and every repeat is possessive, so no failed match rescans what another one scanned
# (60,000 "[" cost 196 s with the old pattern).
MD_LINK = re.compile(
    r"(!?)(?<!\\)\[((?:\\.|[^\[\]\\])*+)\]\(\s*+(<[^<>\n]*+>|[^()\s]*+(?:\([^()\s]*+\))?+)\s*+\)"
)


@dataclass(frozen=True)
class Extracted:
    """The main text of a page as safe Markdown and plain text, with its title, date, authors."""

    title: str | None
    markdown: str
    text: str
    published: datetime | None
    authors: tuple[str, ...]


def strip_furniture(html: str) -> str:
    """Remove menus, ads, job lists, "Læses lige nu"/"Navnenyt" boxes, cookie banners, comments."""
    return lxml_html.tostring(_stripped_tree(html), encoding="unicode")


def _document(html: str) -> HtmlElement:
    """The parsed page; an empty document for one with no content (blank, only a comment)."""
    try:
        return lxml_html.document_fromstring(XML_DECLARATION.sub("", html, count=1) or "<html/>")
    except etree.ParserError:  # "Document is empty": nothing to extract, not an error
        return lxml_html.document_fromstring("<html/>")


def _stripped_tree(html: str) -> HtmlElement:
    tree = _document(html)
    for element in tree.xpath(NEVER_TEXT):
        element.drop_tree()
    for table in tree.xpath("//table[.//h1 or .//h2 or .//div or .//p]"):  # layout tables
        for cell in [table, *table.xpath(".//thead|.//tbody|.//tr|.//td|.//th")]:
            cell.tag = "div"
    body = tree.find("body") if tree.find("body") is not None else tree
    total = len(body.text_content()) or 1
    article = _densest_block(body)
    protected = {article, *article.iterancestors()} if article is not None else set()
    doomed = [
        element for element in tree.xpath(FURNITURE_XPATH) if _small(element, total, protected)
    ]
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("body", "main", "article"):
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        words = set(re.split(r"[\s_-]+", names)) | set(re.findall(r"lige-nu", names))
        if words & FURNITURE_WORDS and _small(element, total, protected):
            doomed.append(element)
    for heading in body.iter("h2", "h3", "h4", "h5"):
        if FURNITURE_HEADINGS.match(heading.text_content()):
            box = heading.getparent()
            keep = (
                box is None
                or box.tag in ("body", "article", "main")
                or not _small(box, total, protected)
            )
            doomed.append(heading if keep else box)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _densest_block(body: HtmlElement) -> HtmlElement | None:
    """The element with the most paragraph text in its own <p> children: the article body."""
    best, most = None, 0
    for element in body.iter():
        if isinstance(element.tag, str):
            size = sum(len(child.text_content()) for child in element if child.tag == "p")
            if size > most:
                best, most = element, size
    return best


def _small(element: HtmlElement, total: int, protected: set[HtmlElement]) -> bool:
    """True when an element is not the article: not around the article text, < half the text."""
    if element in protected or element.xpath(
        ".//h1|.//article|.//main|.//*[@itemprop='articleBody']"
    ):
        return False
    return len(element.text_content()) < total * 0.5


def extract(html: str, url: str) -> Extracted:
    """Extract the main text of an article page as safe Markdown, with title, date and authors."""
    tree = _stripped_tree(html)
    meta = trafilatura.extract_metadata(deepcopy(tree), default_url=url)
    published = _danish_date(tree.text_content())
    markdown = trafilatura.extract(
        tree,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_links=True,
        include_images=False,
        include_comments=False,
        include_tables=True,
    )
    title = _clean_line(meta.title) if meta and meta.title else None
    markdown = markdown or ""
    lines = markdown.strip().splitlines()
    if lines and title and lines[0].lstrip("# ").strip() == title:
        markdown = "\n".join(lines[1:]).strip()
    paragraphs = markdown.strip().split("\n\n")
    while paragraphs and _is_dateline(plain_text(paragraphs[0])):
        paragraphs.pop(0)  # "Publiceret 2.4.2024", "Af Jens Hansen, 12.11.2012": metadata
    markdown = "\n\n".join(paragraphs)
    safe = safe_markdown(markdown)
    authors = _authors(meta.author if meta else None)
    return Extracted(title, safe, plain_text(markdown), published, authors)


def _is_dateline(text: str) -> bool:
    return len(text) <= 80 and DANISH_DATE.search(text) is not None


def find_danish_date(html: str) -> datetime | None:
    """Find the first Danish date ("12. november 2012 kl. 10:31", "12.11.2012") in a page."""
    return _danish_date(_document(html).text_content())


def _danish_date(text: str) -> datetime | None:
    for match in DANISH_DATE.finditer(text):
        parsed = parse_date(" ".join(match.group(0).split()))
        if parsed:
            return parsed
    return None


def safe_markdown(markdown: str) -> str:
    """Escape raw HTML (& < >) and keep only http(s) links and no images, so nothing is HTML."""
    parts, position = [], 0
    for match in MD_LINK.finditer(markdown):
        parts.append(_defuse(markdown[position : match.start()]))
        image, label, target = match.groups()
        target = target.strip("<>").strip()
        if not image and is_http_url(target):
            safe_target = re.sub(r"[\s<>\"'()]", lambda m: f"%{ord(m.group(0)):02X}", target)
            parts.append(f"[{escape_html(label)}]({safe_target})")
        elif not image:
            parts.append(escape_html(label))
        position = match.end()
    parts.append(_defuse(markdown[position:]))
    text = "".join(parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _defuse(text: str) -> str:
    """Text outside the kept links, with its brackets escaped: no link Markdown could still find
    in it (a leftover "[x](javascript:...)" or a reference "[x][1]" with "[1]: javascript:...")."""
    pieces = _SLASHES.split(escape_html(text))  # text, a run of backslashes, text, ...
    out, escaped = [], False
    for number, piece in enumerate(pieces):
        if number % 2:
            out.append(piece)
            escaped = len(piece) % 2 == 1  # an odd run escapes the next character already
            continue
        head = piece[:1] if escaped and piece[:1] in ("[", "]") else ""
        out.append(head + piece[len(head) :].replace("[", "\\[").replace("]", "\\]"))
        escaped = False
    return "".join(out)


_SLASHES = re.compile(r"(\\++)")


def plain_text(markdown: str) -> str:
    """Plain text of extracted Markdown: no link targets, emphasis marks or heading marks."""
    text = MD_LINK.sub(lambda m: "" if m.group(1) else m.group(2), markdown)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"(?<!\\)(\*\*|__|\*|`)", "", text)  # "\*" is a star the page wrote
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>&|])", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def escape_html(text: str) -> str:
    """Escape & < > so that no text is read as HTML (backslash escapes of them are dropped)."""
    text = re.sub(r"\\([<>&])", r"\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean_line(value: str) -> str:
    return " ".join(value.split())


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    value = re.sub(r"^\s*(af|by)\s+", "", value, flags=re.I)
    names = [_clean_line(name) for name in re.split(r";|,| og | and ", value)]
    return tuple(name for name in names if name and not is_http_url(name))[:5]
