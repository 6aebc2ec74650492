"""Agreement periods: content belongs to one, every list filters by it, and a
second period (the agreement that followed) needs no code of its own."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from findings.models import Evaluation, Statement
from followup.models import FollowUpItem, ItemQuote
from measures.models import AgreementPeriod, BudgetLine, Measure, SourceDocument
from measures.models.agreement import current_period

pytestmark = pytest.mark.django_db

OLD = "ia-avtalen-2019-2022"
NEW = "ia-avtalen-2024-2028"
NEW_TEXT = "Ny avtale: erfaringene med ekspertbistand i 2024 er gode."
DRAFT_TEXT = "Utkast i ny avtale: ikke publisert ennå."


def add_period(key, start_year, end_year, continuing=None, suffix=""):
    """A later agreement with one published version of a measure, a statement,
    an evaluation, a budget line and a follow-up item, and a draft of each
    kind that has drafts."""
    period = AgreementPeriod.objects.create(
        key=key, name=f"IA-avtalen {start_year}–{end_year}", start_year=start_year,
        end_year=end_year,
    )  # fmt: skip
    source = SourceDocument.objects.get(key="arbeidsgruppen-2022")
    where = {"source": source, "section": "Ny avtale", "period": period}
    measure = Measure.objects.create(
        key=f"ekspertbistand-{start_year}",
        name=f"Ekspertbistand i avtalen fra {start_year}",
        status=Measure.Status.CONTINUED,
        focus_area=Measure.FocusArea.SICK_LEAVE,
        period=period,
        continues=continuing,
    )
    texts = {"published": NEW_TEXT + suffix, "draft": DRAFT_TEXT + suffix}
    for publication, text in texts.items():
        statement = Statement.objects.create(
            key=f"ny-{start_year}-{publication}", kind=Statement.Kind.EXPERIENCE,
            voice=Statement.Voice.SOCIAL_PARTNERS, text=text, publication=publication,
            line=1,  # first in source order, so on the list's first page on every database
            **where,
        )  # fmt: skip
        statement.measures.set([measure])
        BudgetLine.objects.create(
            key=f"ny-{start_year}-ramme-{publication}", measure=measure, year_from=start_year,
            year_to=start_year, kind=BudgetLine.Kind.FRAME, amount=1_000_000,
            label=f"Ramme {publication}", source_text=f"Budsjett: {text}",
            publication=publication, **where,
        )  # fmt: skip
        item = FollowUpItem.objects.create(
            key=f"ny-{start_year}-anbefaling-{publication}", publication=publication,
            period=period,
        )  # fmt: skip
        ItemQuote.objects.create(
            key=f"{item.key}--1", item=item, statement=statement, quote=text, position=1
        )
    evaluation = Evaluation.objects.create(
        key=f"ny-{start_year}-evaluering", title=f"Evaluering av ekspertbistand {start_year}",
        kind=Evaluation.Kind.EVALUATION, status=Evaluation.Status.PLANNED,
        source_text="Evaluering i ny avtale.", publication="published",
        source=source, section="Ny avtale",
    )  # fmt: skip
    evaluation.measures.set([measure])
    return measure


@pytest.fixture
def new_measure():
    return add_period(NEW, 2024, 2028, continuing=Measure.objects.get(key="ekspertbistand"))


def user_client(role):
    client = Client()
    if role == "visitor":
        return client
    group = {"member": "Koordineringsgruppen", "secretariat": "Sekretariat"}[role]
    user = User.objects.create_user(role, is_staff=role == "secretariat")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def page(client, name, query="", status=200):
    response = client.get(reverse(name) + query)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


# The content -----------------------------------------------------------------


def test_all_content_of_the_sources_is_in_the_2019_2022_agreement():
    for model in (Measure, Statement, BudgetLine, FollowUpItem):
        keys = set(model.objects.values_list("period__key", flat=True))
        assert keys == {OLD}, model


def test_new_content_goes_in_the_latest_period_unless_another_is_chosen():
    assert current_period() == AgreementPeriod.objects.get(key=OLD).pk
    later = AgreementPeriod.objects.create(key=NEW, name="Ny", start_year=2024, end_year=2028)
    assert current_period() == later.pk
    item = FollowUpItem.objects.create(key="ny-anbefaling")
    assert item.period == later


# Filters on every list -----------------------------------------------------

# (page, text only the new period shows, text only the 2019–2022 period shows)
LISTS = [
    ("findings:measures", "Ekspertbistand i avtalen fra 2024", "Bransjeprogrammer"),
    ("findings:statements", NEW_TEXT, "Trepartssamarbeidet er bærebjelken i IA-samarbeidet."),
    (
        "findings:evaluations",
        "Evaluering av ekspertbistand 2024",
        "Midtveisevalueringen til Deloitte",
    ),
    ("measures:budget", "Budsjett: " + NEW_TEXT, "Tilskudd til ekspertbistand</a>"),
    ("followup:items", NEW_TEXT, "ag-fou-ressurser"),
]

LIST_PAGES = [name for name, _, _ in LISTS]


@pytest.mark.parametrize(("name", "new_text", "old_text"), LISTS)
def test_each_list_shows_one_period_when_asked(client, new_measure, name, new_text, old_text):
    everything = page(client, name)
    assert new_text in everything and old_text in everything
    new = page(client, name, f"?periode={NEW}")
    assert new_text in new and old_text not in new
    old = page(client, name, f"?periode={OLD}")
    assert new_text not in old and old_text in old


@pytest.mark.parametrize("name", LIST_PAGES)
def test_the_filter_offers_the_periods_that_hold_measures(client, new_measure, name):
    html = page(client, name)
    assert f'<option value="{NEW}"' in html and f'<option value="{OLD}"' in html
    # The agreement before has goals and figures, but no measures.
    assert '<option value="avtale-2014-2018"' not in html


@pytest.mark.parametrize("name", LIST_PAGES)
def test_with_one_period_the_filter_has_one_choice(client, name):
    html = page(client, name)
    options = [key for key in AgreementPeriod.objects.values_list("key", flat=True)]
    assert [key for key in options if f'<option value="{key}"' in html] == [OLD]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_unknown_period_is_a_norwegian_400(client, name):
    html = page(client, name, "?periode=ia-avtalen-1066", status=400)
    assert "Avtaleperiode" in html
    assert "gyldig" in html  # «Velg et gyldig valg …»


@pytest.mark.parametrize("role", ["visitor", "member", "secretariat"])
def test_a_period_shows_its_drafts_only_to_the_secretariat(new_measure, role):
    client = user_client(role)
    sees_drafts = role == "secretariat"
    for name in ("findings:statements", "followup:items"):
        html = page(client, name, f"?periode={NEW}")
        assert NEW_TEXT in html
        assert (DRAFT_TEXT in html) is sees_drafts, (name, role)
    budget = page(client, "measures:budget", f"?periode={NEW}")
    assert ("Budsjett: " + DRAFT_TEXT in budget) is sees_drafts
    assert "Budsjett: " + NEW_TEXT in budget


def test_the_follow_up_facet_counts_items_per_period(client, new_measure):
    html = page(client, "followup:items")
    assert "IA-avtalen 2024–2028 (1)</option>" in html
    old_items = FollowUpItem.objects.filter(period__key=OLD, publication="published").count()
    assert f"IA-avtalen 2019–2022 ({old_items})</option>" in html


def test_the_statement_facet_counts_statements_per_period(client, new_measure):
    html = page(client, "findings:statements", "?periode=" + NEW)
    assert "IA-avtalen 2024–2028 (1)</option>" in html
    assert "<strong>1</strong> utsagn" in html


# A fixed number of queries, whatever the number of periods -----------------

QUERIES = {
    "findings:statements": {"visitor": 13, "member": 17, "secretariat": 17},
    "followup:items": {"visitor": 15, "member": 19, "secretariat": 19},
    "measures:budget": {"visitor": 7, "member": 11, "secretariat": 11},
}


@pytest.mark.scaling
@pytest.mark.parametrize("role", ["visitor", "member", "secretariat"])
def test_pages_use_the_same_queries_with_more_periods(new_measure, role, django_assert_num_queries):
    client = user_client(role)

    def check_all():
        for name, counts in QUERIES.items():
            for query in ("", f"?periode={NEW}"):
                # Choosing a period looks it up once.
                extra = {"findings:statements": 1, "followup:items": 1, "measures:budget": 1}
                expected = counts[role] + (extra[name] if query else 0)
                with django_assert_num_queries(expected, info=name + query):
                    page(client, name, query)

    check_all()
    add_period("ia-avtalen-2029-2032", 2029, 2032, continuing=new_measure, suffix=" (2029)")
    add_period("ia-avtalen-2033-2036", 2033, 2036, suffix=" (2033)")
    check_all()


# A measure continued across periods ----------------------------------------


def test_a_continued_measure_links_its_versions_both_ways(client, new_measure):
    old_url = reverse("findings:measure", args=["ekspertbistand"])
    new_url = reverse("findings:measure", args=[new_measure.key])
    new = client.get(new_url).content.decode()
    assert (
        f'Videreført fra <a class="ds-link" href="{old_url}">Tilskudd til ekspertbistand</a>' in new
    )
    assert "(IA-avtalen 2019–2022)" in new
    old = client.get(old_url).content.decode()
    assert (
        f'Videreført i <a class="ds-link" href="{new_url}">Ekspertbistand i avtalen fra 2024</a> '
        "(IA-avtalen 2024–2028)"
    ) in old
    # A measure nobody continued says nothing about versions.
    other = client.get(reverse("findings:measure", args=["bransjeprogrammer"])).content.decode()
    assert "Videreført fra" not in other and "Videreført i" not in other


def test_a_measure_continues_only_one_from_an_earlier_period(new_measure):
    old = Measure.objects.get(key="ekspertbistand")
    old.continues = new_measure
    with pytest.raises(ValidationError) as error:
        old.full_clean()
    assert "tidligere avtaleperiode" in str(error.value)
    new_measure.continues = new_measure
    with pytest.raises(ValidationError):
        new_measure.full_clean()
    # Without a period only the period is wrong.
    new_measure.period = None
    with pytest.raises(ValidationError) as error:
        new_measure.full_clean()
    assert set(error.value.message_dict) == {"period"}
