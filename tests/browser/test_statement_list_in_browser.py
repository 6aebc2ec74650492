"""/funn/ in a real browser: folded filters on a phone, open ones on a laptop,
a changed select applies at once, and the address stays clean."""

import re

import pytest

from tests.browser.test_pages_in_browser import assert_accessible, result_count

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def in_first_screen(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= page.viewport_size["height"]


def test_on_a_phone_the_filters_fold_and_the_results_come_first(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/funn/?q=sykefravær")
    assert page.locator("details.filter-panel").get_attribute("open") is None
    assert not page.locator("#id_virkemiddel").is_visible()
    assert in_first_screen(page, "#result-count")
    assert in_first_screen(page, ".results .statement")
    assert_accessible(page)
    page.click("summary.filter-panel__toggle")
    assert page.locator("#id_virkemiddel").is_visible()
    assert_accessible(page)


def test_on_a_laptop_the_filters_are_open_without_a_toggle(site, page):
    page.set_viewport_size(LAPTOP)
    page.goto(site + "/funn/")
    assert not page.locator("summary.filter-panel__toggle").is_visible()
    assert page.locator("#id_virkemiddel").is_visible()
    assert in_first_screen(page, ".results .statement")
    assert_accessible(page)


def test_a_changed_select_applies_at_once_with_a_clean_address(site, page):
    page.set_viewport_size(LAPTOP)
    page.goto(site + "/funn/")
    assert page.locator(".filters__js-hint").is_visible()  # says that it applies at once
    option = page.locator("#id_avsender option[value=social_partners]").inner_text()
    expected = int(re.search(r"\((\d+)\)", option)[1])
    page.select_option("#id_avsender", "social_partners")
    page.wait_for_url(re.compile(r"avsender=social_partners"))
    assert page.url.endswith("/funn/?avsender=social_partners")  # no q=, no sorter=
    assert result_count(page) == expected
    # The keyboard continues at the select it changed.
    assert page.evaluate("document.activeElement.id") == "id_avsender"


def test_without_javascript_the_button_submits_and_the_server_cleans_the_address(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(site + "/funn/")
        assert not page.locator(".filters__js-hint").is_visible()
        page.select_option("#id_type", "recommendation")
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(r"type=recommendation"))
        assert page.url.endswith("/funn/?type=recommendation")
    finally:
        context.close()


def test_a_bad_value_in_a_bookmark_shows_a_message_and_every_filter(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/funn/?type=tull&avsender=social_partners")
    assert page.locator(".ds-error-summary").is_visible()
    assert page.locator("#id_avsender").is_visible()  # opened, so the bad field shows
    assert page.locator("#id_avsender").input_value() == "social_partners"
    assert page.locator("#id_type").get_attribute("aria-invalid") == "true"
    assert result_count(page) > 0
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "name", "next_field"),
    [("/evalueringer/", "status", "id_evaluator"), ("/virkemidler/", "innsatsomrade", "id_status")],
)
def test_leaving_a_select_changed_by_keys_applies_it(site, page, path, name, next_field):
    page.set_viewport_size(LAPTOP)
    page.goto(site + path)
    page.focus(f"#id_{name}")
    page.keyboard.press("ArrowDown")
    chosen = page.locator(f"#id_{name}").input_value()
    page.keyboard.press("Tab")
    page.wait_for_url(re.compile(f"{name}={chosen}"))
    assert page.evaluate("document.activeElement.id") == next_field  # where Tab went


@pytest.mark.parametrize(
    ("path", "first_result"), [("/evalueringer/", "table"), ("/oppfolging/", "#result-count")]
)
def test_the_other_lists_fold_their_filters_on_a_phone(site, page, path, first_result):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    assert not page.locator("#id_status").is_visible()
    assert in_first_screen(page, first_result)
    assert_accessible(page)
    page.set_viewport_size(LAPTOP)
    assert page.locator("#id_status").is_visible()


@pytest.mark.parametrize("path", ["/virkemidler/", "/evalueringer/", "/oppfolging/", "/budsjett/"])
def test_every_list_with_filters_folds_them_on_a_phone(site, page, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    assert page.locator("details.filter-panel").get_attribute("open") is None
    assert not page.locator("form.filters select").first.is_visible()
    assert in_first_screen(page, "main table, main .statement, main article")
    page.click("summary.filter-panel__toggle")
    assert page.locator("form.filters select").first.is_visible()
    assert_accessible(page)
