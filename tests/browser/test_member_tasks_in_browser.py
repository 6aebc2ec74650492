"""The member tasks of issue 8, walked from the front page with at most three
clicks each; every answer is checked whole against the database."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from core.formatting import millions
from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure, MeasureSection, SourceDocument

pytestmark = pytest.mark.browser


def published(**filters):
    return Statement.objects.visible_to(AnonymousUser()).filter(**filters).distinct()


def main_text(page):
    return page.locator("main").inner_text()


def shown(page, statements):
    """The statements of `statements` that the page does not show."""
    return [s.key for s in statements if page.locator(f"#utsagn-{s.key}").count() == 0]


def test_what_the_agencies_and_the_social_partners_said_about_ekspertbistand(site, page):
    page.goto(site + "/")
    page.locator("main a[href='/virkemidler/ekspertbistand/']").first.click()  # 1
    page.wait_for_url("**/virkemidler/ekspertbistand/")
    for voice in ("agencies", "social_partners"):
        said = published(measures__key="ekspertbistand", voice=voice)
        assert said.exists(), voice
        assert shown(page, said) == [], voice


def test_oxford_researchs_recommendations_with_their_measures(site, page):
    oxford = SourceDocument.objects.get(key="oxford-research-2022")
    page.goto(site + "/")
    page.locator("header a[href='/kilder/']").first.click()  # 1
    page.locator(f"main a[href='{oxford.get_absolute_url()}']").first.click()  # 2
    page.wait_for_url(f"**{oxford.get_absolute_url()}")
    recommendations = published(source=oxford, kind="recommendation")
    assert recommendations.exists()
    assert shown(page, recommendations) == []
    text = page.locator("main").inner_text()
    for recommendation in recommendations.prefetch_related("measures"):
        for measure in recommendation.measures.all():
            assert (measure.short_name or measure.name) in text, recommendation.key


def test_the_working_groups_statements_on_sykefravaersoppfolging_as_a_spreadsheet(site, page):
    page.goto(site + "/")
    page.locator("header a[href='/funn/']").first.click()  # 1
    page.select_option("#id_virkemiddel", "sykefravaersoppfolging")
    page.select_option("#id_avsender", "working_group")
    page.click("form.filters button[type=submit]")  # 2
    with page.expect_download() as download_info:
        page.click("text=Last ned som CSV")  # 3
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    expected = published(measures__key="sykefravaersoppfolging", voice="working_group")
    assert expected.exists()
    assert len(rows) - 1 == expected.count()


def test_the_unused_bransjeprogram_money(site, page):
    page.goto(site + "/")
    page.locator("main a[href='/budsjett/']").first.click()  # 1
    page.wait_for_url("**/budsjett/")
    unused = BudgetLine.objects.visible_to(AnonymousUser()).filter(
        Q(measure__key="bransjeprogrammer") | Q(measure__parent__key="bransjeprogrammer"),
        kind=BudgetLine.Kind.UNUSED,
    )
    assert unused.exists()
    text = main_text(page)
    assert [line.key for line in unused if millions(line.amount) not in text] == []


def test_the_evaluations_due_in_2023(site, page):
    page.goto(site + "/")
    page.locator("main a[href='/evalueringer/?status=ventes']").first.click()  # 1
    page.fill("#id_ar", "2023")
    page.click("form.filters button[type=submit]")  # 2
    page.wait_for_url("**ar=2023**")
    due = Evaluation.objects.visible_to(AnonymousUser()).pending().filter(due__year=2023)
    assert due.count() > 1
    text = main_text(page)
    assert [e.title for e in due if e.title not in text] == []
    assert page.locator("main table tbody tr").count() == due.count()


def test_the_removed_elements_and_why(site, page):
    page.goto(site + "/")
    page.locator("main a[href='/virkemidler/tatt-ut/']").first.click()  # 1
    page.wait_for_url("**/virkemidler/tatt-ut/")
    text = main_text(page)
    removed = Measure.objects.filter(status=Measure.Status.REMOVED).exclude(key="tatt-ut")
    assert removed.count() > 1
    assert [m.name for m in removed if m.name not in text] == []
    why = MeasureSection.objects.filter(measure__key="tatt-ut")
    assert why.exists()
    assert [s.key for s in why if " ".join(s.text.split()[:8]) not in " ".join(text.split())] == []
