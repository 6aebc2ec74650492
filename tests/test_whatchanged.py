"""What changed (`/endringer/`), its Atom feed, «Min konto» and the weekly digest."""

import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from findings.models import Evaluation, Statement
from followup.changes import change_item
from followup.digest import week_of
from followup.models import (
    DigestDelivery,
    DigestSubscription,
    FollowUpItem,
    ItemNote,
    Status,
)
from followup.selectors import visible_items
from measures.models import BudgetLine, Measure
from tests.factories import a_draft_statement

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "member", "secretariat"]
PAGE = reverse("followup:changes")
FEED = reverse("followup:changes_feed")
ACCOUNT = reverse("followup:account")
ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT_TEXT = "Sekretariatets hemmelige utkast qwzx."
NOTE_TEXT = "Internt notat fra møtet zzkv."


def client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def page(client, status=200, **params):
    response = client.get(PAGE, params)
    assert response.status_code == status
    return response.content.decode()


def published_statement():
    return Statement.objects.filter(publication="published").order_by("pk").first()


def edit_published_statement(text="Endret tekst for testen xyzzy."):
    statement = published_statement()
    statement.text = text
    statement.save()
    return statement


def new_draft_statement(text=DRAFT_TEXT):
    return a_draft_statement("utkast-endringer", text)


def a_published_item():
    return visible_items(AnonymousUser()).filter(publication="published").order_by("pk").first()


def test_the_loaded_content_is_not_a_change(client):
    """A freshly loaded database has history for every row; none of it is news."""
    body = page(client)
    assert "Ingen endringer" in body


@pytest.mark.parametrize("role", ROLES)
def test_an_edited_published_statement_shows_for_everyone(role, cast):
    edit_published_statement()
    body = page(client_for(role, cast))
    assert "Endret tekst for testen xyzzy." in body
    assert "1 endring" in body


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_a_draft_and_its_edits_never_show_to_visitors_and_members(role, cast):
    statement = new_draft_statement()
    statement.text = DRAFT_TEXT + " Andre versjon."
    statement.save()
    body = page(client_for(role, cast))
    assert "qwzx" not in body
    assert "Ingen endringer" in body


def test_the_secretariat_sees_draft_edits_marked_as_drafts(cast):
    new_draft_statement()
    body = page(client_for("secretariat", cast))
    assert DRAFT_TEXT in body
    assert "Utkast" in body


def test_a_published_draft_is_new_and_its_draft_versions_stay_hidden(cast):
    statement = new_draft_statement()
    statement.text = "Den publiserte teksten vrrk."
    statement.publication = "published"
    statement.save()
    body = page(client_for("member", cast))
    assert "Den publiserte teksten vrrk." in body
    assert "qwzx" not in body
    assert ">Nytt<" in body
    assert ">Endret<" not in body


def test_a_rows_saves_on_one_day_are_one_entry(cast):
    statement = edit_published_statement()
    statement.section += " (igjen)"
    statement.save()
    statement.measures.add(Measure.objects.exclude(statements=statement).first())
    assert statement.history.count() >= 3
    body = page(client_for("member", cast))
    assert body.count('class="change"') == 1
    assert "1 endring" in body


def test_the_secretariat_sees_a_draft_published_the_same_day_as_new(cast):
    statement = new_draft_statement()
    statement.publication = "published"
    statement.save()
    body = page(client_for("secretariat", cast))
    assert body.count('class="change"') == 1
    assert ">Nytt<" in body


def test_an_unpublished_statement_leaves_the_page(cast):
    statement = edit_published_statement()
    statement.publication = "draft"
    statement.save()
    assert "xyzzy" not in page(client_for("anonymous", cast))


def test_a_delivered_evaluation_says_so(client):
    evaluation = (
        Evaluation.objects.filter(publication="published")
        .exclude(status="delivered")
        .order_by("pk")
        .first()
    )
    evaluation.status = "delivered"
    evaluation.delivered_on = datetime.date(2026, 3, 1)
    evaluation.delivered_on_precision = "month"
    evaluation.save()
    body = page(client)
    assert evaluation.title in body
    assert ">Levert<" in body
    assert "levert mars 2026" in body


def test_a_budget_figure_shows_in_norwegian(client):
    line = BudgetLine.objects.filter(publication="published", unit="nok").order_by("pk").first()
    line.amount = Decimal("71600000")
    line.qualifier = ""
    line.save()
    body = page(client)
    assert line.label in body
    assert "71,6\xa0mill.\xa0kr" in body


def test_follow_up_status_shows_to_all_and_notes_only_to_members(cast):
    item = a_published_item()
    change_item(item, user=cast["secretariat"], status=Status.SOME)
    ItemNote.objects.create(item=item, text=NOTE_TEXT, author=cast["secretariat"])
    visitor = page(client_for("anonymous", cast))
    member = page(client_for("member", cast))
    assert "Ikke startet → Gjennomført i noen grad" in visitor
    assert f"Anbefaling: «{item.quotes.order_by('position', 'pk')[0].quote[:40]}" in visitor
    assert "zzkv" not in visitor
    assert "Ikke startet → Gjennomført i noen grad" in member
    assert NOTE_TEXT in member
    assert "Internt" in member


def test_a_draft_items_log_stays_hidden(cast):
    item = a_published_item()
    FollowUpItem.objects.filter(pk=item.pk).update(publication="draft")
    item.refresh_from_db()
    change_item(item, user=cast["secretariat"], status=Status.MOST)
    assert "Gjennomført i stor grad" not in page(client_for("member", cast))
    assert "Gjennomført i stor grad" in page(client_for("secretariat", cast))


def test_fra_leaves_out_what_changed_before_the_day(client):
    statement = edit_published_statement()
    long_ago = timezone.now() - datetime.timedelta(days=60)
    Statement.history.filter(id=statement.pk).update(history_date=long_ago)
    assert "xyzzy" not in page(client)
    day = (long_ago - datetime.timedelta(days=1)).date()
    assert "xyzzy" in page(client, fra=f"{day:%d.%m.%Y}")
    assert "xyzzy" in page(client, fra=f"{day:%Y-%m-%d}")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("i går", "Skriv datoen som dag.måned.år"),
        ("31.02.2026", "Skriv datoen som dag.måned.år"),
        ("1.1.2999", "Datoen kan ikke være etter i dag."),
        ("1.1.1850", "Portalen har ingen endringer fra før år 2000."),
    ],
)
def test_a_bad_date_is_a_norwegian_400(client, value, message):
    body = page(client, status=400, fra=value)
    assert message in body
    assert f'value="{value}"' in body


def test_the_page_links_its_atom_feed(client):
    body = page(client)
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert f'href="{FEED}"' in body


def feed_entries(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_the_atom_feed_lists_published_changes_and_never_drafts_or_notes(cast):
    edit_published_statement()
    new_draft_statement()
    ItemNote.objects.create(item=a_published_item(), text=NOTE_TEXT)
    # A logged-in member opening the feed gets the public feed all the same.
    entries = feed_entries(client_for("member", cast))
    summaries = [entry.findtext(f"{ATOM}summary") for entry in entries]
    assert "Endret tekst for testen xyzzy." in summaries
    assert not [s for s in summaries if "qwzx" in s or "zzkv" in s]
    (entry,) = entries
    assert entry.findtext(f"{ATOM}id").startswith("tag:")
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")


def grow(count):
    """`count` changes of each kind, so a per-row query would show."""
    item = a_published_item()
    statements = list(Statement.objects.filter(publication="published").order_by("-pk")[:count])
    for statement in statements:
        statement.section += " (endret)"
        statement.save()
    for line in BudgetLine.objects.filter(publication="published").order_by("-pk")[:count]:
        line.label += " (endret)"
        line.save()
    for evaluation in Evaluation.objects.filter(publication="published").order_by("-pk")[:count]:
        evaluation.subject += " (endret)"
        evaluation.save()
    for n in range(count):
        ItemNote.objects.create(item=item, text=f"Notat {n}")
        change_item(item, user=None, status=[Status.SOME, Status.MOST][n % 2])


# Session, user and the user's permissions (logged in: 4); the changes: statements
# 3, evaluations 3, budget 2, follow-up log 2 and notes 2 (for those who may read
# them), each with its items' quotes; the footer's date 1.
EXPECTED_QUERIES = {"anonymous": 11, "member": 17, "secretariat": 17}


# The feed is built as a visitor sees it whoever asks: a logged-in reader adds
# only the session and the user (2), never the permissions.
FEED_QUERIES = 10
FEED_ROLE_QUERIES = {"anonymous": 0, "member": 2, "secretariat": 2}


@pytest.mark.parametrize("role", ROLES)
def test_the_page_uses_a_fixed_number_of_queries_per_role(role, cast, django_assert_num_queries):
    client = client_for(role, cast)
    grow(1)
    with django_assert_num_queries(EXPECTED_QUERIES[role]):
        page(client)


@pytest.mark.scaling
@pytest.mark.parametrize("role", ROLES)
def test_the_page_uses_the_same_queries_with_forty_times_the_changes(
    role, cast, django_assert_num_queries
):
    client = client_for(role, cast)
    grow(40)
    with django_assert_num_queries(EXPECTED_QUERIES[role]):
        body = page(client)
    assert body.count('class="change"') == 100
    assert "Viser de 100 nyeste" in body


@pytest.mark.parametrize("role", ROLES)
def test_the_feed_uses_a_fixed_number_of_queries(role, cast, django_assert_num_queries):
    client = client_for(role, cast)
    grow(1)
    with django_assert_num_queries(FEED_QUERIES + FEED_ROLE_QUERIES[role]):
        feed_entries(client)


@pytest.mark.scaling
def test_the_feed_uses_the_same_queries_with_forty_times_the_changes(
    client, django_assert_num_queries
):
    grow(40)
    with django_assert_num_queries(FEED_QUERIES):
        assert len(feed_entries(client)) == 50


# Min konto ------------------------------------------------------------------------


def test_the_account_page_needs_a_login(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# Session, user, whether the user takes the weekly e-mail and the footer's date;
# a visitor is sent to the login page without a query.
ACCOUNT_QUERIES = {"anonymous": 0, "member": 4, "secretariat": 4}


@pytest.mark.parametrize("role", ROLES)
def test_the_account_page_uses_a_fixed_number_of_queries(role, cast, django_assert_num_queries):
    client = client_for(role, cast)
    with django_assert_num_queries(ACCOUNT_QUERIES[role]):
        response = client.get(ACCOUNT)
    assert response.status_code == (302 if role == "anonymous" else 200)


def test_a_member_asks_for_the_weekly_email(cast):
    client = client_for("member", cast)
    assert "Ukentlig e-post om endringer" in client.get(ACCOUNT).content.decode()
    response = client.post(ACCOUNT, {"email": "ny@example.org", "weekly": "on"}, follow=True)
    assert "Endringene sendes til ny@example.org" in response.content.decode()
    cast["member"].refresh_from_db()
    assert cast["member"].email == "ny@example.org"
    assert cast["member"].digest_subscription.weekly
    client.post(ACCOUNT, {"email": "ny@example.org"})
    assert not DigestSubscription.objects.get(user=cast["member"]).weekly


def test_the_weekly_email_needs_an_address(cast):
    client = client_for("member", cast)
    response = client.post(ACCOUNT, {"email": "", "weekly": "on"})
    assert response.status_code == 400
    assert "Skriv e-postadressen endringene skal sendes til." in response.content.decode()
    assert not DigestSubscription.objects.filter(user=cast["member"], weekly=True).exists()


def test_opening_the_account_page_saves_nothing(cast):
    client_for("member", cast).get(ACCOUNT)
    assert not DigestSubscription.objects.filter(user=cast["member"]).exists()


# The weekly digest ----------------------------------------------------------------


def last_week():
    monday = week_of(timezone.localdate()) - datetime.timedelta(7)
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))


def send_digest():
    output = io.StringIO()
    call_command("send_digest", stdout=output)
    return output.getvalue()


def subscribe(user):
    DigestSubscription.objects.update_or_create(user=user, defaults={"weekly": True})


@pytest.fixture
def changes_last_week(cast):
    statement = edit_published_statement()
    draft = new_draft_statement()
    Statement.history.filter(id__in=[statement.pk, draft.pk]).update(history_date=last_week())
    ItemNote.objects.create(item=a_published_item(), text=NOTE_TEXT)
    ItemNote.objects.filter(text=NOTE_TEXT).update(created_at=last_week())


def test_the_digest_goes_to_members_who_asked_for_it(cast, changes_last_week):
    subscribe(cast["member"])
    outsider = User.objects.create_user("uten", email="uten@example.org")
    DigestSubscription.objects.create(user=outsider, weekly=False)
    send_digest()
    (message,) = mail.outbox
    assert message.to == ["mona@example.org"]
    assert message.subject.startswith("IA-portalen: endringer i uke ")
    assert "Hei Mona Medlem," in message.body
    assert "Endret tekst for testen xyzzy." in message.body
    assert NOTE_TEXT in message.body  # members read the internal notes
    assert "qwzx" not in message.body  # never a draft
    assert "http://127.0.0.1:8000/" in message.body


def test_the_digest_is_sent_once_a_week(cast, changes_last_week):
    subscribe(cast["member"])
    send_digest()
    send_digest()
    assert len(mail.outbox) == 1
    monday = week_of(timezone.localdate()) - datetime.timedelta(7)
    (delivery,) = DigestDelivery.objects.filter(subscription__user=cast["member"])
    assert (delivery.week, delivery.changes) == (monday, 2)


def test_a_week_without_changes_sends_nothing(cast):
    subscribe(cast["member"])
    assert "sendt til 0, ingen endringer for 1" in send_digest()
    assert mail.outbox == []


def test_the_digest_leaves_out_what_changed_this_week(cast):
    subscribe(cast["member"])
    edit_published_statement()  # today: next week's digest
    send_digest()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("week", "message"),
    [("uke 46", "er ikke en uke"), ("2999-W01", "Uken er ikke over ennå")],
)
def test_a_bad_week_is_refused_in_norwegian(db, week, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_digest", uke=week)


def test_a_given_finished_week_can_be_sent(cast):
    subscribe(cast["member"])
    statement = edit_published_statement()
    two_weeks_ago = last_week() - datetime.timedelta(7)
    Statement.history.filter(id=statement.pk).update(history_date=two_weeks_ago)
    send_digest()  # last week: nothing changed then
    assert mail.outbox == []
    week = f"{two_weeks_ago:%G-W%V}"
    output = io.StringIO()
    call_command("send_digest", uke=week, stdout=output)
    assert f"Uke {week}: sendt til 1" in output.getvalue()
    assert "xyzzy" in mail.outbox[0].body
    call_command("send_digest", uke=week, stdout=io.StringIO())
    assert len(mail.outbox) == 1  # that week is sent once too


def test_a_failed_send_is_tried_again_next_run(cast, changes_last_week, monkeypatch):
    subscribe(cast["member"])

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP nede")

    monkeypatch.setattr("followup.management.commands.send_digest.send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send_digest()
    assert not DigestDelivery.objects.exists()
    monkeypatch.undo()
    send_digest()
    assert len(mail.outbox) == 1
