"""The compare view and the gap map in a real browser at a phone's and a
laptop's width: no WCAG 2.1 A/AA violations, nothing cut, the «Sammenlign»
checkboxes work without JavaScript, and four measures print on one page."""

import re

import pytest

from tests.browser.test_layout_in_browser import problems_on
from tests.browser.test_pages_in_browser import assert_accessible

pytestmark = pytest.mark.browser

WIDTHS = [390, 1366]
FOUR = "m=bransjeprogrammer&m=ekspertbistand&m=skil&m=nav-arbeidslivssenter"
PATHS = [
    "/kunnskapsstatus/",
    "/sammenlign/",
    "/sammenlign/?m=bransjeprogrammer&m=skil",
    f"/sammenlign/?{FOUR}",
    "/sammenlign/?m=skil",
    "/virkemidler/?evidens=ventes",
    "/virkemidler/skil/",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_new_pages_are_accessible_and_whole(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in PATHS:
        page.goto(site + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, path
        problems += problems_on(page, path)
    assert problems == [], "\n".join(problems)


def test_ticking_measures_on_the_list_compares_them_without_javascript(site, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.goto(site + "/virkemidler/")
    page.check("#sammenlign-skil")
    page.check("#sammenlign-ekspertbistand")
    page.locator("form#sammenlign button[type=submit]").click()
    page.wait_for_url(re.compile(r"/sammenlign/\?m="))
    headers = page.locator(".compare-table thead th").all_inner_texts()
    assert headers[1:] == [
        "Tilskudd til ekspertbistand",
        "SKIL - Kurs i sykmeldingsarbeid for fastleger",
    ]
    context.close()


def test_four_measures_print_on_one_landscape_page(site, page):
    page.goto(f"{site}/sammenlign/?{FOUR}")
    page.emulate_media(media="print")
    assert not page.locator(".compare-choice").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
