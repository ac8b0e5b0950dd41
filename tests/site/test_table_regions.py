"""A text's tables sit in the theme's scrolling region, named for a screen reader."""

from __future__ import annotations

from dossier.plugin.templating import filters, scrollable

TABLE = "<table><tr><td>a</td></tr></table>"


def test_a_table_is_wrapped_and_named_by_the_heading_above_it() -> None:
    html = f"<h2>Alle <code>nøgler</code> &amp; værdier</h2><p>Se her.</p>{TABLE}<p>Slut.</p>"
    assert scrollable(html) == (
        "<h2>Alle <code>nøgler</code> &amp; værdier</h2><p>Se her.</p>"
        '<div class="table-scroll" role="region" aria-label="Alle nøgler &amp; værdier"'
        f' tabindex="0">{TABLE}</div><p>Slut.</p>'
    )


def test_a_caption_names_its_table_and_a_nested_table_is_not_wrapped_again() -> None:
    html = f'<table><caption>Udbud "2012"</caption><tr><td>{TABLE}</td></tr></table>'
    wrapped = scrollable(html)
    assert wrapped.count('class="table-scroll"') == 1
    assert 'aria-label="Udbud &quot;2012&quot;"' in wrapped
    assert wrapped.endswith("</table></td></tr></table></div>")


def test_a_table_without_a_name_gets_the_sites_word_for_table() -> None:
    assert 'aria-label="Tabel"' in filters("da")["scrollable"](TABLE)
    assert 'aria-label="Table"' in filters("en")["scrollable"](TABLE)


def test_text_without_a_table_or_code_block_is_unchanged() -> None:
    html = "<p>Ingen tabel, kun en <em>tablet</em>, &lt;table&gt; og <code>pre</code>.</p>"
    assert scrollable(html) == html


def test_a_code_block_can_be_scrolled_by_keyboard() -> None:
    html = '<pre><code>Archived: https://web.archive.org/</code></pre><pre tabindex="-1">x</pre>'
    assert scrollable(html) == (
        '<pre tabindex="0"><code>Archived: https://web.archive.org/</code></pre>'
        '<pre tabindex="-1">x</pre>'
    )
