"""Readers' search in a real Chromium: Pagefind over the built fixture site, via /soeg/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

ARTICLE = "/artikler/2012/kommuner-strides-om-faelles-sagssystem/"
NOTE = "/noter/kommunens-arkiv/"
PERSON = re.compile("Signe Åberg|signe-aaberg")
DRAFT = "Kladde om mødet"


@pytest.fixture(scope="module", params=["one bundle", "in parts"])
def site_url(request, site_url: str) -> str:
    """Every test here searches the site indexed whole and indexed in parts of two pages."""
    return site_url if request.param == "one bundle" else request.getfixturevalue("parted_site_url")


def results(page) -> list[str]:
    """Titles of the results shown, once the live region has reported the search."""
    page.wait_for_function("document.getElementById('soeg-status').textContent.length > 0")
    return page.locator("#soeg-resultater li h2 a").all_inner_texts()


def status(page) -> str:
    return page.locator("#soeg-status").inner_text()


def test_inflected_danish_form_finds_its_stem(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=kommunerne")
    titles = results(page)
    # the note says "kommune" and "Kommunens", never "kommunerne": Danish stemming finds it
    assert "Kommunens arkiv flytter ind i det fælles system" in titles
    assert "Kommuner strides om fælles sagssystem" in titles
    assert re.search(r"\d+ resultater? for »kommunerne«", status(page))
    assert page.locator("#soeg-resultater mark").count() > 0


def test_quoted_statements_of_an_excerpt_article_are_searchable(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=konkurrerer")
    assert "Kommuner strides om fælles sagssystem" in results(page)


def test_excerpt_only_text_drafts_and_navigation_are_not_indexed(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=HEMMELIG-FULDTEKST")
    assert results(page) == []
    page.goto(f"{site_url}/soeg/?q=KLADDE-TEKST")
    # drafts are not searchable (a word Pagefind finds nothing for is looked for as ever
    # shorter prefixes: "kladde" finds KL, whose page is no draft)
    assert (
        DRAFT not in results(page)
        and page.locator("#soeg-resultater a[href*='/kladder/']").count() == 0
    )
    page.goto(f"{site_url}/soeg/?q=Spring")
    assert results(page) == []  # "Spring til indholdet" is on every page, outside the main text


def test_person_filter_narrows_results_and_is_kept_in_url(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=kommunerne")
    before = results(page)
    page.locator("#soeg-filtre summary").click()
    page.locator("#soeg-filtre fieldset", has_text="Person").get_by_label(PERSON).check()
    page.wait_for_function(
        "n => document.querySelectorAll('#soeg-resultater li').length < n", arg=len(before)
    )
    after = results(page)
    assert 0 < len(after) < len(before)
    assert "Kommunens arkiv flytter ind i det fælles system" not in after
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["kommunerne"] and PERSON.fullmatch(query["person"][0])
    # the URL restores the same search when linked or bookmarked
    page.goto(page.url)
    assert results(page) == after
    assert page.locator("#soeg-filtre input:checked").count() == 1


def test_type_filter_and_sort_by_date_from_url(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=klubben&sort=aeldste")
    dates = page.locator("#soeg-resultater .meta")
    assert len(results(page)) >= 2
    page.goto(f"{site_url}/soeg/?type=begivenhed&sort=nyeste")
    titles = results(page)
    assert titles == ["Udbuddet offentliggøres", "Udbud og kritik"]
    assert "begivenhed" in dates.first.inner_text()


def test_a_name_leads_to_its_page_and_a_short_one_is_a_whole_word(page, site_url: str) -> None:
    # "KL" as a prefix would find every text about "klubben"; the page of KL comes first
    page.goto(f"{site_url}/soeg/?q=kl")
    titles = results(page)
    assert page.locator("#soeg-side a").all_inner_texts() == ["KL"]
    assert page.locator("#soeg-side a").get_attribute("href").endswith("/organisationer/kl/")
    assert titles and titles[0] == "KL" and not any("lubben" in t for t in titles)
    page.goto(f"{site_url}/soeg/?q=kommunernes%20landsforening")
    results(page)
    assert page.locator("#soeg-side a").all_inner_texts() == ["KL"]
    page.goto(f"{site_url}/soeg/?q=klubben")
    assert len(results(page)) > 1 and page.locator("#soeg-side").is_hidden()


def test_result_link_opens_the_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/soeg/?q=arkivarerne")
    assert results(page) == ["Kommunens arkiv flytter ind i det fælles system"]
    page.locator("#soeg-resultater a").first.click()
    page.wait_for_url(f"{site_url}{NOTE}")
    assert page.locator("h1").inner_text() == "Kommunens arkiv flytter ind i det fælles system"


def test_header_form_searches_from_any_page_without_script(page, site_url: str) -> None:
    page.goto(f"{site_url}{ARTICLE}")
    scripts = page.locator("script:not([type='application/ld+json'])")
    assert scripts.count() == 0
    page.get_by_label("Søg i dossieret").fill("sagssystem")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=sagssystem$"))
    assert "Kommuner strides om fælles sagssystem" in results(page)
    assert page.locator("#soeg-q").input_value() == "sagssystem"


def test_plain_pages_load_no_search_code(page, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/", ARTICLE, NOTE):
        page.goto(f"{site_url}{path}")
        page.get_by_label("Søg i dossieret").focus()
    assert not [url for url in requests if "/pagefind/" in url or url.endswith(".js")]


def test_keyboard_reaches_search_field_and_results(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "soeg-top":
            break
    else:
        pytest.fail("Tab never reached the header search field")
    page.keyboard.type("kommunerne")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=kommunerne"))
    assert results(page)
    page.locator("#soeg-q").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#soeg-resultater')"):
            break
    else:
        pytest.fail("Tab never reached the results")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/soeg/" not in page.url


def test_every_order_covers_the_whole_index(page, site_url: str, request) -> None:
    # date order across parts is merged by the pages' dates (search-parts.js)
    page.goto(f"{site_url}/soeg/")
    found = page.evaluate(
        """async () => {
            const {openIndex} = await import("/theme/js/search-parts.js");
            const base = new URL("/pagefind/", location.href).href;
            const index = await openIndex(base, {});
            const all = async (sort) => {
                const answer = await index.debouncedSearch(null, {filters: {}, sort}, 0);
                const pages = await answer.results.take(answer.results.length + 1);
                return pages.map((data) => [data.url, data.meta.isodate || ""]);
            };
            const parts = await (await fetch("/pagefind/parts.json")).json();
            return {newest: await all({date: "desc"}), oldest: await all({date: "asc"}),
                    types: (await index.filters()).type, parts: parts.length};
        }"""
    )
    newest = [date for _, date in found["newest"]]
    assert len(newest) >= 5 and newest == sorted(newest, reverse=True)
    assert [date for _, date in found["oldest"]] == sorted(newest)
    assert sorted(found["newest"]) == sorted(found["oldest"])
    assert found["types"]["artikel"] >= 3  # the filter counts cover every part
    if request.node.callspec.params["site_url"] == "in parts":
        assert found["parts"] >= 4  # two pages a part: the merge was really exercised
    else:
        assert found["parts"] == 0


@pytest.mark.parametrize("typed", ["Aaberg", "aaberg", "Aberg"])
def test_a_name_typed_without_danish_letters_finds_its_texts(page, site_url: str, typed) -> None:
    # a reader without a Danish keyboard writes Åberg as Aaberg or Aberg
    page.goto(f"{site_url}/soeg/?q=Åberg")
    spelled = results(page)
    page.goto(f"{site_url}/soeg/?q={typed}")
    assert results(page) == spelled and "Signe Åberg" in spelled and len(spelled) > 1
    assert "»Åberg«" in status(page)  # what was searched for
    assert parse_qs(urlsplit(page.url).query)["q"] == [typed]  # the link keeps what was typed
