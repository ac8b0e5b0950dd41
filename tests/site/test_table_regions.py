"""A text's tables sit in the theme's scrolling region, named for a screen reader."""

from __future__ import annotations

from dossier.plugin.templating import filters, scroll_tables

TABLE = "<table><tr><td>a</td></tr></table>"


def test_a_table_is_wrapped_and_named_by_the_heading_above_it() -> None:
    html = f"<h2>Alle <code>nøgler</code> &amp; værdier</h2><p>Se her.</p>{TABLE}<p>Slut.</p>"
    assert scroll_tables(html) == (
        "<h2>Alle <code>nøgler</code> &amp; værdier</h2><p>Se her.</p>"
        '<div class="table-scroll" role="region" aria-label="Alle nøgler &amp; værdier"'
        f' tabindex="0">{TABLE}</div><p>Slut.</p>'
    )


def test_a_caption_names_its_table_and_a_nested_table_is_not_wrapped_again() -> None:
    html = f'<table><caption>Udbud "2012"</caption><tr><td>{TABLE}</td></tr></table>'
    wrapped = scroll_tables(html)
    assert wrapped.count('class="table-scroll"') == 1
    assert 'aria-label="Udbud &quot;2012&quot;"' in wrapped
    assert wrapped.endswith("</table></td></tr></table></div>")


def test_a_table_without_a_name_gets_the_sites_word_for_table() -> None:
    assert 'aria-label="Tabel"' in filters("da")["scroll_tables"](TABLE)
    assert 'aria-label="Table"' in filters("en")["scroll_tables"](TABLE)


def test_text_without_a_table_is_unchanged() -> None:
    html = "<p>Ingen tabel, kun en <em>tablet</em> og &lt;table&gt; som tekst.</p>"
    assert scroll_tables(html) == html
