"""The admin's spreadsheet pages in a real browser, as the secretariat: what the
templates under templates/admin/import_export add works under the
Content-Security-Policy, a bad file's problems are in plain view, and axe-core
finds no WCAG 2.1 A/AA violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def bad_file():
    """A file with every column «Eksporter» gives and one value that is not a choice."""
    from findings.resources import StatementResource

    columns = StatementResource().column_names()
    row = {
        "key": "test-utsagn", "publication": "draft", "kind": "ukjent",
        "measures": "ekspertbistand", "voice": "agencies", "is_summary": "0",
        "text": "Et utsagn.", "source": "arbeidsgruppen-2022", "section": "Ekspertbistand",
        "position": "1",
    }  # fmt: skip
    return ",".join(columns) + "\n" + ",".join(row.get(c, "") for c in columns) + "\n"


# Opacity multiplies down the tree: django-import-export's badge hid its errors
# in a container with opacity 0 until hovered.
SEEN = """element => {
    for (let e = element; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.opacity === "0" || style.display === "none" || style.visibility === "hidden")
            return false;
    }
    return true;
}"""


def assert_accessible(page):
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def secretariat_page(site, page, secretariat):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", secretariat.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    yield page
    assert blocked == []  # nothing the policy had to block


def test_select_all_on_the_export_page_ticks_and_clears_every_column(site, secretariat_page):
    page = secretariat_page
    page.goto(site + "/admin/findings/statement/export/")
    assert_accessible(page)
    select_all = page.get_by_label("Velg alle")
    columns = page.locator(".selectable-field-export-row input[type=checkbox]").filter(
        has_not=page.locator("#select-all-toggle")
    )
    assert columns.count() > 10
    select_all.uncheck()
    assert not any(box.is_checked() for box in columns.all() if box != select_all)
    select_all.check()
    assert all(box.is_checked() for box in columns.all())


def test_a_bad_file_shows_its_problems_in_plain_view(site, secretariat_page):
    page = secretariat_page
    page.goto(site + "/admin/findings/statement/import/")
    assert_accessible(page)
    page.set_input_files(
        "#id_import_file",
        files=[{"name": "utsagn.csv", "mimeType": "text/csv", "buffer": bad_file().encode()}],
    )
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    error = page.get_by_text("Verdien 'ukjent' er ikke et gyldig valg.")
    assert error.evaluate(SEEN), "the error is hidden until hovered"
    assert_accessible(page)
