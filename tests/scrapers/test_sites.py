"""Which site a URL belongs to: what a source's canonical links and copies are trusted by."""

from __future__ import annotations

import pytest

from scrapers.sanitize import same_site, site_of


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.computerworld.dk/art/241225", "computerworld.dk"),
        ("https://nyheder.tv2.dk/x", "tv2.dk"),
        ("https://kommunen.substack.com/p/sbsys", "kommunen.substack.com"),
        ("https://www.kommunen.wordpress.com/2017/09/", "kommunen.wordpress.com"),
        ("https://wordpress.com/read", "wordpress.com"),  # the platform itself
        ("https://medium.com/@skribent/x", "medium.com"),
        ("http://127.0.0.1:8001/a", "127.0.0.1"),
        ("mailto:redaktion@example.dk", ""),
    ],
)
def test_site_of(url: str, site: str) -> None:
    assert site_of(url) == site


def test_two_publications_on_one_platform_are_two_sites() -> None:
    # one blog's canonical link cannot claim another blog's article as its own
    assert not same_site("https://b.wordpress.com/2017/x/", "https://a.wordpress.com/")
    assert not same_site("https://b.substack.com/p/x", "https://a.substack.com/")
    assert same_site("https://a.substack.com/p/x", "https://a.substack.com/")
    assert same_site("https://b.substack.com/p/x", "https://a.substack.com/", ["b.substack.com"])
    assert same_site("https://www.computerworld.dk/art/1", "https://computerworld.dk/")
