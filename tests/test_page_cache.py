"""Public pages are cached for visitors and every change shows at once.

Each invalidation test first proves the page really comes from the cache: a change
made behind the cache's back (plain SQL, which moves no version) does not show. Then
the real change, made the way the secretariat makes it, must show on the next
anonymous request.
"""

import io

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.csp import LazyNonce

from core import content_version
from core.page_cache import cached_for_visitors
from findings.models import Evaluation, LeadIn, Statement
from followup.changes import change_item
from followup.models import DigestSubscription, FollowUpItem, ItemEvent, ItemNote, ItemQuote, Status
from ia_portal.settings import cache_from_url
from measures.models import FollowUpNote, Measure, Organisation

from .admin_forms import posted_values
from .conftest import SNAPSHOT, load_content, walk
from .test_editing import form_data
from .test_spreadsheets import as_xlsx, confirm, statement_row, upload

pytestmark = pytest.mark.django_db

MEASURE_PAGE = reverse("findings:measure", args=["ekspertbistand"])
SNEAKED = "Endret bak bufferens rygg qq7"
NEW_TEXT = "Ny tekst fra sekretariatet qq7"
DRAFT_TEXT = "Utkast som bare sekretariatet ser qq7"
DRAFT_KEY = "utkast-qq7"
NOTE_TEXT = "Internt notat til koordineringsgruppen qq7"
CONTENT_APPS = ("measures", "findings", "followup")


def page(client, url=MEASURE_PAGE):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def sneak(statement, text=SNEAKED):
    """Change a statement's text without moving the content version, as nothing in
    the portal ever does: only a cached page can hide it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE findings_statement SET text = %s WHERE id = %s", [text, statement.pk]
        )


def ekspertbistand_statements():
    """The measure page's statements from the fixtures (the `draft` is not one),
    less those a follow-up item quotes (which cannot be deleted)."""
    return (
        Statement.objects.filter(measures__key="ekspertbistand", publication="published")
        .exclude(key=DRAFT_KEY)
        .exclude(pk__in=ItemQuote.objects.values("statement"))
        .order_by("pk")
    )


def cache_and_prove(visitor, url=MEASURE_PAGE):
    """Cache `url`, and show the next request is served from that cache."""
    page(visitor, url)
    sneak(ekspertbistand_statements().last())
    assert SNEAKED not in page(visitor, url)


def assert_shows_fresh(visitor, *texts, url=MEASURE_PAGE):
    html = page(visitor, url)
    assert SNEAKED in html  # rendered again, not served from the cache
    for text in texts:
        assert text in html


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The default backend, the database cache (the suite otherwise runs without)."""
    settings.CACHES = {"default": cache_from_url("db://")}
    call_command("createcachetable", verbosity=0)


@pytest.fixture
def admin_client():
    user = User.objects.create_user("kari", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    statement = Statement.objects.create(
        key=DRAFT_KEY, kind="assessment", voice="working_group", text=DRAFT_TEXT,
        source=ekspertbistand_statements().first().source, section="Utkast", position=1,
    )  # fmt: skip
    statement.measures.add(Measure.objects.get(key="ekspertbistand"))
    assert statement.is_draft
    return statement


# The version moves with every kind of change, in the change's own transaction.


def content_models():
    """Every model of the content apps but the edit history tables and users' settings."""
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.model_name.startswith("historical")
        and getattr(model, "shown_on_pages", True)
    ]


def test_every_content_model_is_watched():
    models = content_models()
    assert {FollowUpItem, ItemNote, ItemEvent, LeadIn, FollowUpNote} <= set(models)
    assert set(models) <= content_version.WATCHED


def test_saving_any_content_model_moves_the_version():
    measure = Measure.objects.get(key="ekspertbistand")
    FollowUpNote.objects.create(measure=measure, title="Notat", text="Internt.")
    ItemNote.objects.create(item=FollowUpItem.objects.first(), text="Internt.")
    saved = 0
    for model in content_models():
        if model is ItemEvent:  # the log is append-only: see the follow-up test below
            continue
        row = model.objects.first()
        assert row is not None, model
        before = content_version.current()
        row.save()
        assert content_version.current() != before, model
        saved += 1
    assert saved >= 16


def test_a_follow_up_change_moves_the_version():
    kari = User.objects.create_user("kari-oppfolging")
    before = content_version.current()
    change_item(FollowUpItem.objects.first(), user=kari, status=Status.SOME)
    assert content_version.current() != before


def test_deleting_and_linking_move_the_version():
    statement = ekspertbistand_statements().first()
    evaluation = Evaluation.objects.first()
    changes = [
        lambda: statement.measures.remove(Measure.objects.get(key="ekspertbistand")),
        lambda: statement.measures.add(Measure.objects.get(key="skil")),
        lambda: evaluation.evaluators.clear(),
        lambda: Organisation.objects.first().evaluations.add(evaluation),
        lambda: statement.delete(),
    ]
    for change in changes:
        before = content_version.current()
        change()
        assert content_version.current() != before


def test_bulk_writes_move_the_version():
    before = content_version.current()
    Statement.objects.filter(measures__key="ekspertbistand").update(text="Samlet endring")
    after_update = content_version.current()
    assert after_update != before
    statements = list(Statement.objects.all()[:3])
    for statement in statements:
        statement.text = "Samlet igjen"
    Statement.objects.bulk_update(statements, ["text"])
    assert content_version.current() != after_update
    after_bulk_update = content_version.current()
    note = FollowUpNote(measure=Measure.objects.first(), title="Bulk", text="Internt.")
    FollowUpNote.objects.bulk_create([note])
    assert content_version.current() != after_bulk_update


def test_a_change_that_rolls_back_leaves_the_version():
    before = content_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Statement.objects.filter(measures__key="ekspertbistand").update(text="Angret")
        raise RuntimeError
    assert content_version.current() == before


# Every way the secretariat changes content shows on the next visitor's page.


def test_a_publish_in_the_admin_shows_at_once(admin_client, draft):
    visitor = Client()
    cache_and_prove(visitor)
    assert DRAFT_TEXT not in page(visitor)
    admin_client.post(
        reverse("admin:findings_statement_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert_shows_fresh(visitor, DRAFT_TEXT)


def test_an_edit_in_the_admin_change_form_shows_at_once(admin_client):
    visitor = Client()
    statement = ekspertbistand_statements().first()
    cache_and_prove(visitor)
    url = reverse("admin:findings_statement_change", args=[statement.pk])
    response = admin_client.post(url, form_data(admin_client, statement) | {"text": NEW_TEXT})
    assert response.status_code == 302
    assert_shows_fresh(visitor, NEW_TEXT)


def test_a_spreadsheet_import_shows_at_once(admin_client):
    visitor = Client()
    cache_and_prove(visitor)
    row = statement_row(publication="published", text="Ny vurdering fra regnearket qq7")
    preview = upload(admin_client, as_xlsx([row]), "utsagn.xlsx")
    assert confirm(admin_client, preview).status_code == 302
    assert_shows_fresh(visitor, "Ny vurdering fra regnearket qq7")


def test_a_spreadsheet_import_that_changes_rows_shows_at_once(admin_client):
    """Changed rows are written past the model's querysets, so the import itself
    moves the version."""
    visitor = Client()
    statement = ekspertbistand_statements().first()
    cache_and_prove(visitor)
    row = statement_row(
        key=statement.key, publication="published", text=NEW_TEXT,
        source=statement.source.key, section=statement.section, position=str(statement.position),
    )  # fmt: skip
    preview = upload(admin_client, as_xlsx([row]), "utsagn.xlsx")
    assert preview.status_code == 200, preview.context.get("problems")
    assert confirm(admin_client, preview).status_code == 302
    assert_shows_fresh(visitor, NEW_TEXT)


def test_a_delete_in_the_admin_shows_at_once(admin_client):
    visitor = Client()
    doomed = ekspertbistand_statements().first()
    doomed.text = "Denne skal slettes qq7"
    doomed.save()
    assert doomed.text in page(visitor)
    cache_and_prove(visitor)
    url = reverse("admin:findings_statement_delete", args=[doomed.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    html = page(visitor)
    assert SNEAKED in html
    assert doomed.text not in html


def test_restoring_an_earlier_version_from_history_shows_at_once(admin_client):
    visitor = Client()
    statement = ekspertbistand_statements().first()
    statement.text = "Riktig tekst qq7"
    statement.save()  # the edit history entry to go back to
    good = statement.history.order_by("history_id").last()
    url = reverse("admin:findings_statement_change", args=[statement.pk])
    admin_client.post(url, form_data(admin_client, statement) | {"text": NEW_TEXT})
    assert NEW_TEXT in page(visitor)
    cache_and_prove(visitor)
    revert_url = reverse(
        "admin:findings_statement_simple_history", args=[statement.pk, good.history_id]
    )
    form = admin_client.get(revert_url).context["adminform"].form
    assert admin_client.post(revert_url, posted_values(form)).status_code == 302
    html = page(visitor)
    assert SNEAKED in html
    assert NEW_TEXT not in html
    assert "Riktig tekst qq7" in html


# restore empties tables: PostgreSQL refuses that inside the outer test transaction
@pytest.mark.slow  # a backup round trip of the whole database
@pytest.mark.django_db(transaction=True)
def test_manage_py_restore_shows_at_once(tmp_path):
    load_content()  # an earlier transactional test may have emptied the database
    visitor = Client()
    statement = ekspertbistand_statements().first()
    statement.text = "Teksten i sikkerhetskopien qq7"
    statement.save()
    call_command("backup", tmp_path / "backup.xml", stdout=io.StringIO())
    statement.text = NEW_TEXT
    statement.save()
    assert NEW_TEXT in page(visitor)
    cache_and_prove(visitor)
    call_command("restore", tmp_path / "backup.xml", stdout=io.StringIO())
    html = page(visitor)
    assert "Teksten i sikkerhetskopien qq7" in html
    assert NEW_TEXT not in html
    assert SNEAKED not in html  # the backup was taken before the sneaked change


@pytest.mark.slow  # empties the database and loads the content again
@pytest.mark.django_db(transaction=True)
def test_seeding_an_empty_database_shows_at_once():
    call_command("flush", interactive=False, verbosity=0)
    visitor = Client()
    assert "Arbeidsmiljøsatsingen" not in page(visitor, "/")  # cached, with no content
    load_content()
    assert "Arbeidsmiljøsatsingen" in page(visitor, "/")


def test_loaddata_shows_at_once(tmp_path):
    visitor = Client()
    statement = ekspertbistand_statements().first()
    cache_and_prove(visitor)
    statement.text = NEW_TEXT  # only in the fixture file, not saved
    fixture = tmp_path / "endring.json"
    fixture.write_text(
        serializers.serialize(
            "json", [statement], use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    call_command("loaddata", fixture, verbosity=0)
    assert_shows_fresh(visitor, NEW_TEXT)


# Each role gets its own page; visitors never get a logged-in user's.


def test_members_and_the_secretariat_never_get_a_visitors_cached_page(
    admin_client, member_client, draft
):
    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="ekspertbistand"), title="Notat", text=NOTE_TEXT
    )
    visitor = Client()
    cache_and_prove(visitor)

    member = member_client.get(MEASURE_PAGE)
    assert NOTE_TEXT in member.content.decode()
    assert DRAFT_TEXT not in member.content.decode()
    assert "private" in member["Cache-Control"]

    secretariat = admin_client.get(MEASURE_PAGE)
    assert DRAFT_TEXT in secretariat.content.decode()
    assert NOTE_TEXT in secretariat.content.decode()
    assert "private" in secretariat["Cache-Control"]

    html = page(visitor)
    assert DRAFT_TEXT not in html and NOTE_TEXT not in html


def test_a_visitor_never_gets_a_page_rendered_for_the_secretariat(admin_client, draft):
    # The search marks the word it found, so look for the words before it.
    words = DRAFT_TEXT.removesuffix(" qq7")
    for url in (MEASURE_PAGE, reverse("findings:statements") + "?q=qq7"):
        assert words in page(admin_client, url)
        assert words not in page(Client(), url)


def test_a_visitor_never_gets_a_page_rendered_for_a_member(member_client):
    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="ekspertbistand"), title="Notat", text=NOTE_TEXT
    )
    assert NOTE_TEXT in page(member_client)
    assert NOTE_TEXT not in page(Client())


def test_page_cache_off_renders_every_visitors_page(settings):
    """PAGE_CACHE=off (the benchmark's rendering rounds) keeps the cache for
    counts (core.memo) but stores no page."""
    settings.PAGE_CACHE = False
    visitor = Client()
    page(visitor)
    sneak(ekspertbistand_statements().last())
    assert SNEAKED in page(visitor)


def test_visitors_pages_are_not_marked_private():
    response = Client().get(MEASURE_PAGE)
    assert "private" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]  # a shared proxy keeps it apart from logged-in users


# Only what is the same for every visitor is stored.


def test_an_error_page_is_not_cached():
    visitor = Client()
    missing = reverse("findings:measure", args=["finnes-ikke-qq7"])
    assert visitor.get(missing).status_code == 404
    with connection.cursor() as cursor:  # behind the cache's back, like `sneak`
        cursor.execute(
            "UPDATE measures_measure SET key = 'finnes-ikke-qq7' WHERE key = 'ekspertbistand'"
        )
    assert visitor.get(missing).status_code == 200


def counting_view(make_response):
    calls = []

    @cached_for_visitors
    def view(request):
        calls.append(request)
        return make_response(request)

    return view, calls


def anonymous_get(path="/qq7/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request._csp_nonce = LazyNonce()
    return request


def with_cookie(request):
    response = HttpResponse("x")
    response.set_cookie("valg", "1")
    return response


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda r: HttpResponse(f"<script nonce='{r._csp_nonce}'>"), id="csp-nonce"),
        pytest.param(lambda r: HttpResponse(get_token(r)), id="csrf-token"),
        pytest.param(with_cookie, id="cookie"),
        pytest.param(lambda r: HttpResponse("x", status=404), id="not-found"),
        pytest.param(lambda r: HttpResponse("x", status=500), id="server-error"),
        pytest.param(lambda r: StreamingHttpResponse(iter(["x"])), id="streamed"),
    ],
)
def test_responses_that_differ_per_visitor_are_never_stored(make_response):
    view, calls = counting_view(make_response)
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2


def test_the_same_view_is_stored_once_and_kept_apart_by_full_query_string():
    view, calls = counting_view(lambda r: HttpResponse(r.get_full_path()))
    first = view(anonymous_get("/qq7/?a=1&b=2"))
    again = view(anonymous_get("/qq7/?a=1&b=2"))
    other = view(anonymous_get("/qq7/?a=1&b=3"))
    assert len(calls) == 2
    assert again.content == first.content == b"/qq7/?a=1&b=2"
    assert other.content == b"/qq7/?a=1&b=3"


# Every cached page: a visitor's second request is served from the cache with a
# fixed number of queries; members and the secretariat never read it.

ITEM = "ag-ia-for-hele-arbeidslivet"
CACHED_PAGES = [
    reverse("findings:overview"),
    reverse("findings:measures"),
    MEASURE_PAGE,
    reverse("findings:statements"),
    reverse("findings:statements") + "?virkemiddel=ekspertbistand&side=1",
    reverse("findings:evaluations"),
    reverse("findings:sources"),
    reverse("findings:source", args=["arbeidsgruppen-2022"]),
    reverse("measures:budget"),
    reverse("followup:items"),
    reverse("followup:matrix"),
    reverse("followup:item", args=[ITEM]),
    reverse("findings:evidence"),
    reverse("followup:compare") + "?m=skil&m=ekspertbistand",
]


@pytest.mark.parametrize("url", walk(CACHED_PAGES))
def test_a_visitors_second_request_is_served_from_the_cache(url, django_assert_num_queries):
    visitor = Client()
    first = visitor.get(url)
    assert first.status_code == 200
    # The content version, and the page from the database cache.
    with django_assert_num_queries(2):
        again = visitor.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("url", walk(CACHED_PAGES))
def test_logged_in_users_never_read_or_fill_the_cache(url, admin_client, member_client, settings):
    """The same queries with the cache on as with it off: no version, no cache."""
    for client in (admin_client, member_client):
        settings.CACHES = {"default": cache_from_url("dummy://")}
        client.get(url)  # the session and permissions, warmed the same way
        uncached, _ = queries_and_response(client, url)
        settings.CACHES = {"default": cache_from_url("db://")}
        cached, response = queries_and_response(client, url)
        assert cached == uncached
        assert "private" in response["Cache-Control"]


def queries_and_response(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


# More ways content changes: each shows on the next visitor's request.


def test_unpublishing_in_the_admin_shows_at_once(admin_client):
    visitor = Client()
    doomed = ekspertbistand_statements().first()
    doomed.text = "Avpubliseres snart qq7"
    doomed.save()
    assert doomed.text in page(visitor)
    cache_and_prove(visitor)
    admin_client.post(
        reverse("admin:findings_statement_changelist"),
        {"action": "unpublish", "_selected_action": [doomed.pk]},
    )
    html = page(visitor)
    assert SNEAKED in html
    assert doomed.text not in html


def test_an_edited_lead_in_shows_at_once():
    visitor = Client()
    statement = Statement.objects.exclude(lead_in=None).filter(publication="published").first()
    url = reverse("findings:source", args=[statement.source.key])
    assert statement.lead_in.text in page(visitor, url)
    lead_in = statement.lead_in
    lead_in.text = "Innledningen er skrevet om qq7:"
    lead_in.save()
    assert "Innledningen er skrevet om qq7:" in page(visitor, url)


def test_a_follow_up_status_change_and_note_show_at_once(member_client):
    visitor = Client()
    url = reverse("followup:item", args=[ITEM])
    before = page(visitor, url)
    assert "Gjennomført i noen grad" not in before
    change_item(
        FollowUpItem.objects.get(key=ITEM), user=User.objects.create_user("ola"), status=Status.SOME
    )
    assert "Gjennomført i noen grad" in page(visitor, url)
    ItemNote.objects.create(item=FollowUpItem.objects.get(key=ITEM), text=NOTE_TEXT)
    assert NOTE_TEXT in page(member_client, url)
    assert NOTE_TEXT not in page(visitor, url)


def test_sync_content_apply_shows_at_once():
    visitor = Client()
    statement = ekspertbistand_statements().first()
    original = statement.text
    statement.text = NEW_TEXT
    statement.save()
    assert NEW_TEXT in page(visitor)  # now cached with the edit
    call_command("sync_content", apply=True, stdout=io.StringIO())
    html = page(visitor)
    assert NEW_TEXT not in html
    assert original in html


def test_a_visitor_with_a_message_waiting_is_never_served_or_stored():
    """Should a page show messages (the public ones do not yet), the message is
    meant for this visitor only: the page is rendered for them and not kept."""
    from django.contrib.messages.storage.cookie import CookieStorage

    view, calls = counting_view(lambda r: HttpResponse("x"))
    view(anonymous_get())  # stored for visitors
    request = anonymous_get()
    request._messages = CookieStorage(request)
    messages.success(request, "Du er logget ut qq7.")
    view(request)
    view(anonymous_get())  # the stored page, not the one rendered with the message
    assert len(calls) == 2
    assert [m.message for m in request._messages] == ["Du er logget ut qq7."]  # not consumed


# CACHE_URL, as the README describes it.


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://", "django.core.cache.backends.db.DatabaseCache", "ia_page_cache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache",
         "redis://127.0.0.1:6379/1"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "ia-portalen"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache", ""),
    ],
)  # fmt: skip
def test_cache_url_names_the_backend_and_old_versions_expire_after_a_day(url, backend, location):
    settings = cache_from_url(url)
    assert (settings["BACKEND"], settings["LOCATION"]) == (backend, location)
    assert settings["TIMEOUT"] == 24 * 60 * 60


def test_the_default_cache_is_the_database(monkeypatch):
    import importlib

    import ia_portal.settings

    monkeypatch.delenv("CACHE_URL", raising=False)
    try:
        fresh = importlib.reload(ia_portal.settings)
        assert fresh.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    finally:
        importlib.reload(ia_portal.settings)


def test_an_unknown_cache_url_is_refused_with_the_schemes_it_takes():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="db://, locmem://, redis://"):
        cache_from_url("memcached://127.0.0.1")


def test_a_members_mail_setting_leaves_the_cache_alone():
    user = User.objects.create_user("abonnent", password="x" * 12)
    before = content_version.current()
    DigestSubscription.objects.create(user=user, weekly=True)
    assert content_version.current() == before


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_before_the_tests_snapshot_is_restored_is_not_served_after_it(client):
    """The suite's own harness: a transactional test starts from the snapshot, and
    must not meet the pages the test before it cached with its changes."""
    renamed = "Omdøpt av forrige test qq7"
    Measure.objects.filter(key="ekspertbistand").update(name=renamed)
    assert renamed in page(client)
    SNAPSHOT.restore()
    assert renamed not in page(client)
