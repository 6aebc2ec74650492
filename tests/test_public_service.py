"""What makes the portal a credible public service: who owns it and how to reach
them, when it last changed, a privacy and an accessibility statement that say
what the code does, an icon, and evaluations in the order their caption gives."""

import datetime
import re

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from findings.freshness import last_public_change, public_content_models
from findings.models import Evaluation, Statement
from followup.changes import change_item
from followup.models import FollowUpItem, ItemNote, Status
from measures.models import FollowUpNote, Measure

pytestmark = pytest.mark.django_db
CONTACT = "sekretariatet@ia-portalen.example.no"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def footer(html):
    return html[html.index('<footer class="site-footer">') :]


def test_the_footer_names_the_owner_and_the_contact_address(client, settings):
    settings.PORTAL_CONTACT_EMAIL = CONTACT
    text = footer(html_of(client, reverse("findings:overview")))
    assert "sekretariatet for koordineringsgruppen for IA-avtalen" in text
    assert "Arbeids- og inkluderingsdepartementet" in text
    assert f'href="mailto:{CONTACT}"' in text
    for name in ("privacy", "accessibility", "findings:sources"):
        assert f'href="{reverse(name)}"' in text


def test_the_footer_says_when_published_content_last_changed(client):
    statement = Statement.objects.filter(publication="published").first()
    statement.text += " "
    statement.save()
    changed = statement.history.latest().history_date
    expected = timezone.localtime(changed).date()
    text = footer(html_of(client, reverse("findings:overview")))
    assert f'Sist oppdatert <time datetime="{expected.isoformat()}">' in text
    assert last_public_change() == changed


def test_edits_to_drafts_and_internal_notes_do_not_count_as_updates():
    before = last_public_change()
    draft = Statement.objects.filter(publication="published").first()
    draft.publication = "draft"
    draft.text += " "
    draft.save()
    FollowUpNote.objects.create(measure=Measure.objects.first(), title="Internt", text="x")
    assert last_public_change() == before
    assert "measures.FollowUpNote" not in {m._meta.label for m in public_content_models()}


def test_a_change_to_a_published_follow_up_item_counts_as_an_update():
    item = FollowUpItem.objects.filter(publication="published").first()
    before = last_public_change()
    change_item(item, user=None, status=Status.SOME)
    assert last_public_change() == item.history.latest().history_date > before


def test_changes_to_a_draft_follow_up_item_and_its_notes_do_not_count():
    item = FollowUpItem.objects.filter(publication="published").first()
    FollowUpItem.objects.filter(pk=item.pk).update(publication="draft")
    before = last_public_change()
    item.refresh_from_db()
    change_item(item, user=None, status=Status.SOME)
    quote = item.quotes.first()
    quote.quote = quote.quote[:-1]
    quote.save()
    ItemNote.objects.create(item=item, text="Internt")
    assert last_public_change() == before


def test_the_last_change_is_found_with_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        last_public_change()


def test_the_privacy_statement_says_what_the_code_keeps(client, settings):
    settings.PORTAL_CONTACT_EMAIL = CONTACT
    html = html_of(client, reverse("privacy"))
    assert f'href="mailto:{CONTACT}"' in html
    assert "Arbeids- og inkluderingsdepartementet er ansvarlig" in html
    assert f"aldri mer enn {settings.SESSION_COOKIE_AGE // 3600} timer" in html
    assert f"Etter {settings.AXES_FAILURE_LIMIT} mislykkede forsøk" in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"i {minutes} minutter" in html
    assert f"slettes etter {settings.LOGIN_LOG_RETENTION_DAYS} dager" in html
    assert "Datatilsynet" in html


def test_reading_without_login_sets_no_cookie_as_the_privacy_statement_says(client):
    for url in ["/", "/funn/", "/kilder/oxford-research-2022/", "/personvern/"]:
        assert not client.get(url).cookies, url


def test_logging_in_removes_old_login_records_and_expired_sessions(client):
    user = User.objects.create_user("kari", password="et-langt-passord-for-test")
    old = AccessLog.objects.create(username="kari", ip_address="127.0.0.1")
    recent = AccessLog.objects.create(username="kari", ip_address="127.0.0.1")
    AccessLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=91)
    )
    AccessLog.objects.filter(pk=recent.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=89)
    )
    Session.objects.create(
        session_key="utlopt", session_data="", expire_date=timezone.now() - datetime.timedelta(1)
    )
    response = client.post(
        reverse("login"), {"username": "kari", "password": "et-langt-passord-for-test"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).last_login is not None
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=recent.pk).exists()
    assert not Session.objects.filter(session_key="utlopt").exists()


def test_the_accessibility_statement_has_a_date_a_contact_its_limits_and_the_complaint_body(
    client, settings
):
    settings.PORTAL_CONTACT_EMAIL = CONTACT
    html = html_of(client, reverse("accessibility"))
    assert re.search(r'Sist oppdatert <time datetime="\d{4}-\d{2}-\d{2}">', html)
    assert f'href="mailto:{CONTACT}"' in html
    assert "Kjente begrensninger" in html
    assert "Tilsynet for universell utforming av ikt (Uu-tilsynet)" in html
    assert 'href="https://www.uutilsynet.no/"' in html


def test_every_page_links_the_icon_and_favicon_ico_leads_to_it(client):
    html = html_of(client, reverse("findings:overview"))
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")


def test_evaluations_are_in_date_order_with_the_undated_last(client):
    html = html_of(client, reverse("findings:evaluations"))
    evaluations = client.get(reverse("findings:evaluations")).context["evaluations"]
    shown = [e.delivered_on or e.due for e in evaluations]
    dated = [date for date in shown if date]
    assert dated == sorted(dated)
    first_undated = shown.index(None)
    assert all(date is None for date in shown[first_undated:])
    assert first_undated == Evaluation.objects.exclude(due=None, delivered_on=None).count()
    assert "uten dato til slutt" in html[html.index("<caption>") : html.index("</caption>")]


def test_a_measure_page_lists_its_evaluations_in_date_order_with_the_undated_last(client):
    measure = Measure.objects.get(key="bransjeprogrammer")
    response = client.get(measure.get_absolute_url())
    shown = [e.delivered_on or e.due for e in response.context["evaluations"]]
    assert None in shown and shown[-1] is None
    dated = [date for date in shown if date]
    assert dated == sorted(dated) and shown[: len(dated)] == dated
