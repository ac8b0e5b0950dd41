"""What the sanitiser lets through, parsed by a real Chromium: only allowed elements and text."""

from __future__ import annotations

import pytest

from dossier.plugin.sanitize import ALLOWED_TAGS, sanitize_html

# each one came to life in a browser at least once: the parser and the browser disagreed on
# where a piece of markup ends
HOSTILE = [
    "<![CDATA[ a > <img src=x onerror=alert(1)> ]]>",
    "<p>tekst</p><![CDATA[ ]]><img src=x onerror=alert(1)>",
    "<p>tekst</p><![if !IE]><img src=x onerror=alert(1)><![endif]>",
    "<?x > <img src=x onerror=alert(1)> ?>",
    "<!DOCTYPE x > <img src=x onerror=alert(1)> >",
    "<p>x</p><!--x--!><img src=x onerror=alert(1)>-->",
    "<!--> <img src=x onerror=alert(1)> -->",
]

FOUND = """(html) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found = [];
  for (const node of doc.body.querySelectorAll('*')) {
    found.push([node.localName, ...Array.from(node.attributes, a => a.name)].join(' '));
  }
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) found.push('#comment ' + walker.currentNode.data);
  return found;
}"""


@pytest.mark.parametrize("html", HOSTILE)
def test_chromium_finds_only_allowed_elements(browser, html: str) -> None:
    page = browser.new_page()
    found = page.evaluate(FOUND, sanitize_html(html))
    page.close()
    for element in found:
        name, *attributes = element.split(" ")
        assert name in ALLOWED_TAGS, element
        assert set(attributes) <= {"href", "rel"}, element
