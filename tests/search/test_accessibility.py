"""axe-core (from npm, node_modules/) finds no serious or critical problems on the site's pages."""

from __future__ import annotations

import pytest

# Add a page here when the site gets a new kind of page.
PAGES = [
    "/",
    "/arkiv/",
    "/artikler/2012/kommuner-strides-om-faelles-sagssystem/",
    "/artikler/2017/afgoerelse-om-licenssalg/",
    "/noter/sagen-kort/",
    "/begivenheder/2012/2012-09-01-udbud-og-kritik/",
    "/soeg/?q=kommunerne",
    "/soeg/?q=kommunerne&person=Signe+%C3%85berg&sort=nyeste",
    "/personer/",
    "/personer/signe-aaberg/",
    "/organisationer/",
    "/organisationer/holstebro-kommune/",
    "/tidslinje/",
    "/udtalelser/",
    "/netvaerk/",
    "/kilder/",
]


def serious(result: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_problems(axe_page, site_url, path) -> None:
    page, errors = axe_page
    errors.clear()
    page.emulate_media(color_scheme="light")
    response = page.goto(f"{site_url}{path}")
    assert response is not None and response.ok, path
    if path.startswith("/soeg/"):
        page.wait_for_selector("#soeg-resultater li")
        if not page.locator("#soeg-filtre").evaluate("details => details.open"):
            page.locator("#soeg-filtre summary").click()  # the filters are checked too
        page.wait_for_selector("#soeg-filtre fieldset")
    problems = serious(page.evaluate("axe.run(document, {resultTypes: ['violations']})"))
    # the dark colour scheme only changes colours: check contrast again
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("axe.run(document, {runOnly: ['color-contrast']})")
    problems += [f"dark: {problem}" for problem in serious(dark)]
    assert problems == [], path
    assert errors == [], errors
