"""Every page in a real browser: it loads, filters work, keyboard reaches
everything, and axe-core finds no WCAG 2.1 A/AA violations."""

import csv
import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from findings.models import Statement
from measures.models import Measure

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PATHS = [
    "/",
    "/virkemidler/",
    "/virkemidler/bransjeprogrammer/",
    "/virkemidler/ekspertbistand/",
    "/funn/",
    "/funn/?q=sykmeldte&avsender=social_partners",
    "/funn/?type=tull",
    "/evalueringer/",
    "/evalueringer/?ar=2023",
    "/budsjett/",
    "/oppfolging/",
    "/oppfolging/?ansvarlig=nav&status=not_started",
    "/oppfolging/?status=tull",
    "/oppfolging/matrise/",
    "/oppfolging/ag-strategiske-droftinger/",
    "/oppfolging/oxford-anbefaling-01/",
    "/tilgjengelighet/",
    "/personvern/",
    "/kilder/",
    "/kilder/oxford-research-2022/",
    "/kilder/arbeidsgruppen-2022/",
    "/finnes-ikke/",
    "/logg-inn/",
]


def assert_accessible(page):
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


def test_every_page_loads_and_has_no_wcag_violations(site, page):
    blocked = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    for path in PATHS:
        page.goto(site + path)
        assert page.locator("h1").count() == 1, path
        assert page.get_attribute("html", "lang") == "nb"
        assert_accessible(page)
    assert blocked == []  # nothing the policy had to block


def test_every_page_works_on_a_phone(site, page):
    page.set_viewport_size({"width": 375, "height": 800})
    long_names = [m.get_absolute_url() for m in Measure.objects.all()]
    phone_pages = ["/", "/funn/", "/budsjett/", "/evalueringer/", "/kilder/", "/personvern/"]
    documents = ["/kilder/oxford-research-2022/", "/kilder/arbeidsgruppen-2022/"]
    follow_up = ["/oppfolging/", "/oppfolging/matrise/", "/oppfolging/ag-fou-effektstudier/"]
    for path in [*phone_pages, *documents, *follow_up, *long_names]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, path
        if not path.startswith("/virkemidler/"):
            assert_accessible(page)


def result_count(page):
    text = page.locator("#result-count strong").inner_text()
    return int(text)


def test_filters_narrow_the_list_and_counts_agree(site, page):
    page.goto(site + "/funn/")
    total = result_count(page)
    option = page.locator("#id_avsender option[value=social_partners]").inner_text()
    expected = int(re.search(r"\((\d+)\)", option).group(1))
    page.select_option("#id_avsender", "social_partners")  # applies at once
    page.wait_for_url(re.compile(r"avsender=social_partners"))
    assert result_count(page) == expected < total


def test_search_finds_a_phrase_from_the_sources(site, page):
    page.goto(site + "/")
    page.fill("#site-search-q", '"bærebjelken i IA-samarbeidet"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/funn/\?q="))
    assert result_count(page) >= 1
    assert page.locator("mark").first.inner_text().lower().startswith("bærebjelken")


def test_csv_download_has_the_filtered_rows(site, page):
    page.goto(site + "/funn/?type=recommendation")
    with page.expect_download() as download_info:
        page.click("text=Last ned som CSV")
    path = download_info.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) - 1 == Statement.objects.filter(kind="recommendation").count()


def test_keyboard_alone_reaches_the_skip_link_filters_and_results(site, page):
    page.goto(site + "/funn/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "ds-skip-link"
    page.keyboard.press("Enter")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
    assert "id_q" in focused
    assert "id_virkemiddel" in focused
    assert any(label.startswith("Last ned som CSV") for label in focused)
    # A visible focus indicator on the focused element.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_keyboard_can_filter_without_a_mouse(site, page):
    page.goto(site + "/evalueringer/")
    page.focus("#id_status")
    # Stepping through the options does not reload the page at every step …
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#id_status").input_value()
    assert chosen and page.url.endswith("/evalueringer/")
    # … Enter applies the choice, and the keyboard stays on the select.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"status={chosen}"))
    assert page.evaluate("document.activeElement.id") == "id_status"
    assert page.locator("tbody tr").count() >= 1


def test_a_citation_opens_its_place_in_the_source_highlighted(site, page):
    page.goto(site + "/virkemidler/bransjeprogrammer/")
    link = page.locator("section[aria-labelledby=beskrivelse] .citation a").first
    fragment = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(r"/kilder/arbeidsgruppen-2022/#linje-\d+$"))
    holder = page.locator(f"#{fragment}").locator("xpath=..")
    background = holder.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    box = holder.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_follow_up_filters_narrow_the_list_and_the_export_follows(site, page):
    page.goto(site + "/oppfolging/")
    total = result_count(page)
    option = page.locator("#id_ansvarlig option[value=nav]").inner_text()
    expected = int(re.search(r"\((\d+)\)", option).group(1))
    page.select_option("#id_ansvarlig", "nav")  # applies at once
    page.wait_for_url(re.compile(r"ansvarlig=nav"))
    assert result_count(page) == expected < total
    with page.expect_download() as download_info:
        page.click("text=CSV (Excel)")
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) - 1 == expected


def test_the_matrix_scrolls_sideways_with_its_row_headers_in_view(site, page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/oppfolging/matrise/")
    region = page.locator(".matrix-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.get_attribute("tabindex") == "0"  # keyboard users can scroll it
    region.evaluate("el => el.scrollLeft = el.scrollWidth")
    header = page.locator("tbody th[scope=row]").first.bounding_box()
    assert 0 <= header["x"] < 50  # sticky: still at the left edge


@pytest.mark.parametrize("width", [390, 1366])
def test_a_second_agreement_period_reads_and_passes_axe(site, page, width):
    """The lists filtered to a later agreement, and the two versions of a
    continued measure linking each other, at phone and desktop width."""
    from tests.test_periods import NEW, add_period

    add_period(NEW, 2024, 2028, continuing=Measure.objects.get(key="ekspertbistand"))
    page.set_viewport_size({"width": width, "height": 900})
    paths = [
        "/virkemidler/ekspertbistand/",
        "/virkemidler/ekspertbistand-2024/",
        f"/virkemidler/?periode={NEW}",
        f"/funn/?periode={NEW}",
        f"/evalueringer/?periode={NEW}",
        f"/budsjett/?periode={NEW}",
        "/budsjett/?periode=tull",
        f"/oppfolging/?periode={NEW}",
    ]
    for path in paths:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, path
        assert_accessible(page)
    page.goto(site + "/virkemidler/ekspertbistand-2024/")
    page.get_by_role("link", name="Tilskudd til ekspertbistand").first.click()
    # click() returns once the navigation commits; the text may not be parsed yet.
    page.wait_for_url("**/virkemidler/ekspertbistand/")
    page.wait_for_load_state()
    assert page.get_by_text("Videreført i").count() == 1
