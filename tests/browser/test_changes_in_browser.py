"""/endringer/ and «Min konto» in a real browser at phone and laptop width: they
load, nothing is wider than the screen, the date form works, and axe-core finds
no WCAG 2.1 A/AA violations."""

import pytest

from findings.models import Statement
from followup.changes import change_item
from followup.models import FollowUpItem, ItemNote, Status
from tests.browser.test_pages_in_browser import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
WIDTHS = [390, 1366]


@pytest.fixture
def changes(site, member):
    """A change of each kind the page shows; the cast's member logs in."""
    statement = Statement.objects.filter(publication="published").order_by("pk").first()
    statement.section += " (oppdatert)"
    statement.save()
    item = FollowUpItem.objects.filter(publication="published").order_by("pk").first()
    change_item(item, user=None, status=Status.SOME, reason="Arbeidet er i gang.")
    ItemNote.objects.create(item=item, text="Drøftet i møtet; neste steg er en utredning.")
    return site


def check(page, path_hint):
    assert page.locator("h1").count() == 1, path_hint
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, path_hint
    assert_accessible(page)


def log_in(page, site):
    page.goto(site + "/logg-inn/")
    page.fill("#id_username", "medlem")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_changes_page_for_a_visitor(changes, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(changes + "/endringer/")
    check(page, "/endringer/")
    assert page.locator(".change").count() == 2  # the statement and the status; no note
    page.screenshot(path=f"/tmp/endringer-{width}.png", full_page=True)

    page.fill("#id_fra", "i forgårs")
    page.get_by_role("button", name="Vis endringer").click()
    page.wait_for_load_state()
    assert "fra=i+forg" in page.url
    assert page.locator(".ds-error-summary").is_visible()
    check(page, "/endringer/?fra=i forgårs")
    page.screenshot(path=f"/tmp/endringer-feil-{width}.png", full_page=True)

    page.fill("#id_fra", "1.1.2020")
    page.get_by_role("button", name="Vis endringer").click()
    page.wait_for_load_state()
    assert page.locator(".change").count() == 2
    assert page.locator("#id_fra").input_value() == "1.1.2020"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_changes_page_and_the_account_for_a_member(changes, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, changes)
    page.goto(changes + "/endringer/")
    check(page, "/endringer/ (medlem)")
    assert page.locator(".change").count() == 3  # the note too
    page.screenshot(path=f"/tmp/endringer-medlem-{width}.png", full_page=True)

    page.get_by_role("link", name="Få endringene på e-post hver uke").click()
    page.wait_for_load_state()
    check(page, "/konto/")
    page.fill("#id_email", "mona@example.org")
    page.check("#id_weekly")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "Endringene sendes til mona@example.org" in page.inner_text("main")
    check(page, "/konto/ (lagret)")
    page.screenshot(path=f"/tmp/konto-{width}.png", full_page=True)
