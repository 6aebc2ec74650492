"""Compare measures side by side (/sammenlign/): content, bad choices, drafts,
print stylesheet and a query count that is the same for two or four measures."""

import pytest
from django.test import Client
from django.urls import reverse

from findings.models import Statement
from followup.models import FollowUpItem, ItemQuote, Status
from measures.models import Measure, SourceDocument

pytestmark = pytest.mark.django_db
URL = reverse("followup:compare")
ROLES = ["anonymous", "member", "secretariat"]
TWO = ["bransjeprogrammer", "ekspertbistand"]
FOUR = [*TWO, "skil", "nav-arbeidslivssenter"]


def compare(client, keys, status=200):
    response = client.get(URL, {"m": keys})
    assert response.status_code == status
    return response


def client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def test_the_columns_follow_the_chosen_order(client):
    columns = compare(client, ["skil", "bransjeprogrammer"]).context["columns"]
    assert [column.measure.key for column in columns] == ["skil", "bransjeprogrammer"]


def test_the_caption_names_the_measures_in_a_sentence(client):
    html = compare(client, FOUR).content.decode()
    assert (
        "<caption>Sammenligning av Bransjeprogrammer, Tilskudd til ekspertbistand, SKIL - Kurs i "
        "sykmeldingsarbeid for fastleger og NAV Arbeidslivssenter</caption>"
    ) in html
    assert "<legend" in html and ">Velg andre virkemidler</legend>" in html


def test_each_column_has_what_the_sources_and_the_follow_up_say(client):
    response = compare(client, TWO)
    html = response.content.decode()
    programmes = response.context["columns"][0]
    assert programmes.glance.budget_use.figure.startswith("71,6")  # unused, end of 2021
    assert str(programmes.glance.budget_use.figure) in html
    assert programmes.glance.evidence.label == "Bare resultater"
    assert "Midtveisevalueringen til Deloitte: ventet medio 2022" in html
    for name, voice, kind in [
        ("agencies", Statement.Voice.AGENCIES, Statement.Kind.EXPERIENCE),
        ("social_partners", Statement.Voice.SOCIAL_PARTNERS, Statement.Kind.EXPERIENCE),
        ("working_group", Statement.Voice.WORKING_GROUP, Statement.Kind.ASSESSMENT),
    ]:
        expected = Statement.objects.filter(
            measures__key="bransjeprogrammer", voice=voice, kind=kind
        )
        assert len(getattr(programmes, name)) == expected.count() > 0
        assert {s.voice for s in getattr(programmes, name)} == {voice}
    open_items = FollowUpItem.objects.filter(
        quotes__statement__measures__key="bransjeprogrammer",
        status__in=["not_started", "some", "most"],
    ).distinct()
    assert {entry["item"].key for entry in programmes.open_items} == set(
        open_items.values_list("key", flat=True)
    )
    assert "til i oppfølgingslisten" in html


def open_item_keys(client, column=0):
    columns = compare(client, ["skil", "ekspertbistand"]).context["columns"]
    return {entry["item"].key for entry in columns[column].open_items}


def test_a_done_recommendation_is_not_open(client):
    item = FollowUpItem.objects.filter(quotes__statement__measures__key="skil").first()
    assert item.status == Status.NOT_STARTED
    assert item.key in open_item_keys(client)
    FollowUpItem.objects.filter(pk=item.pk).update(status=Status.DONE)
    assert item.key not in open_item_keys(client)


def test_without_a_choice_the_page_is_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Velg to til fire virkemidler" in html
    assert html.count('type="checkbox" name="m"') == Measure.objects.count()


@pytest.mark.parametrize(
    "keys, message",
    [
        (["skil"], "du valgte 1"),
        ([*FOUR, "helseiarbeid"], "du valgte 5"),
        (["skil", "skil"], "du valgte 1"),
        (["skil", "finnes-ikke"], "Ukjent virkemiddel: «finnes-ikke»"),
        (["skil", "<script>"], "Ukjent virkemiddel: «&lt;script&gt;»"),
        ([""], "Ukjent virkemiddel"),
    ],
)
def test_a_bad_choice_gives_a_message_and_the_form(client, keys, message):
    html = compare(client, keys, status=400).content.decode()
    assert message in html
    assert "Velg 2 til 4" in html or "Ukjent virkemiddel" in html
    # The form again, with what the user chose.
    checked = 'type="checkbox" name="m" value="skil" id="m-skil" checked'
    assert (checked in html) is ("skil" in keys)


def test_only_get_and_head(client):
    assert client.post(URL, {"m": TWO}).status_code == 405


@pytest.fixture
def drafts(db):
    """A draft agency experience about SKIL, and a draft follow-up item on it."""
    statement = Statement.objects.create(
        key="utkast-skil-erfaring",
        kind=Statement.Kind.EXPERIENCE,
        voice=Statement.Voice.AGENCIES,
        text="Utkast zqxv: etatene bør vurdere mer.",
        source=SourceDocument.objects.first(),
        line=1,
    )
    statement.measures.add(Measure.objects.get(key="skil"))
    item = FollowUpItem.objects.create(key="utkast-skil-punkt")
    ItemQuote.objects.create(
        key="utkast-skil-punkt--1", item=item, statement=statement, quote=statement.text
    )
    return statement


@pytest.mark.parametrize(
    "role, sees", [("anonymous", False), ("member", False), ("secretariat", True)]
)
def test_drafts_show_only_for_the_secretariat(role, sees, cast, drafts):
    html = compare(client_for(role, cast), ["skil", "ekspertbistand"]).content.decode()
    assert ("Utkast zqxv" in html) is sees


def test_the_print_sheet_is_landscape_without_the_chooser():
    from pathlib import Path

    print_css = (Path(__file__).parent.parent / "static/css/print.css").read_text()
    assert "@page compare { size: A4 landscape" in print_css
    assert ".compare-choice" in print_css


# Queries for a visitor, the same for two measures as for four; a logged-in user
# adds the session, the user and the permissions (4). One is the footer's
# «Sist oppdatert».
COMPARE_QUERIES = 9
ROLE_QUERIES = {"anonymous": 0, "member": 4, "secretariat": 4}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("keys", [TWO, FOUR], ids=["two", "four"])
def test_the_query_count_is_fixed_for_two_or_four_measures(
    role, keys, cast, drafts, django_assert_num_queries
):
    client = client_for(role, cast)
    with django_assert_num_queries(COMPARE_QUERIES + ROLE_QUERIES[role]):
        compare(client, keys)
