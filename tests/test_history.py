"""«Historikk» and safe concurrent editing, as they behave in production.

Row locks and restores only show their real behaviour when each request commits
on its own, so these tests run outside a wrapping transaction
(`committed_content`), on PostgreSQL as well as SQLite.
"""

import threading
import time

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from core.admin_base import STALE_EDIT_MESSAGE, ContentAdmin
from findings.admin import StatementAdmin
from findings.models import Statement
from measures.models import FollowUpNote, Measure
from tests.admin_forms import opened_form
from tests.conftest import secretary

pytestmark = pytest.mark.usefixtures("committed_content")

EDITED = "endret-i-testen"
# The field each test edits: the first of these the admin form has.
TEXT_FIELDS = ["text", "name", "title", "heading", "label", "key"]


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def restore(client, obj, record):
    url = admin_url(obj, "simple_history", record.history_id)
    return client.post(url, opened_form(client, url))


def content_admins():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ContentAdmin):
            yield model, model_admin


def an_object_of(model):
    if model is FollowUpNote:  # not in the fixtures: the secretariat writes them
        return FollowUpNote.objects.create(
            measure=Measure.objects.first(), title="Til møtet", text="Internt."
        )
    return model.objects.order_by("pk").first()


@pytest.mark.slow  # a walk over every content model's change, history and restore URLs
def test_every_content_model_restores_an_earlier_version_from_historikk():
    user, client = secretary("kari")
    models = []
    for model, _ in content_admins():
        obj = an_object_of(model)
        models.append(model._meta.model_name)
        first = obj.history.earliest()  # what `make setup` loaded (or the creation)
        form = opened_form(client, admin_url(obj, "change"))
        field = next(name for name in TEXT_FIELDS if name in form)
        original = getattr(obj, field)
        response = client.post(admin_url(obj, "change"), form | {field: EDITED})
        assert response.status_code == 302, model
        obj.refresh_from_db()
        assert getattr(obj, field) == EDITED
        version_after_edit = obj.version

        assert client.get(admin_url(obj, "history")).status_code == 200, model
        response = restore(client, obj, first)

        assert response.status_code == 302, model
        obj.refresh_from_db()
        assert getattr(obj, field) == original, model
        assert obj.version == version_after_edit + 1, model
        latest = obj.history.latest()
        assert (latest.history_user, getattr(latest, field)) == (user, original), model
    assert {"statement", "evaluation", "measure", "budgetline", "followupnote"} <= set(models)


def test_restoring_a_version_brings_back_its_links_to_measures():
    _, client = secretary("kari")
    statement = Statement.objects.filter(measures__isnull=False).order_by("pk").first()
    first = statement.history.earliest()
    linked = set(statement.measures.values_list("pk", flat=True))
    other = Measure.objects.exclude(pk__in=linked).order_by("pk").first()
    form = opened_form(client, admin_url(statement, "change"))
    response = client.post(admin_url(statement, "change"), form | {"measures": [str(other.pk)]})
    assert response.status_code == 302
    assert set(statement.measures.values_list("pk", flat=True)) == {other.pk}

    assert restore(client, statement, first).status_code == 302

    assert set(statement.measures.values_list("pk", flat=True)) == linked
    assert set(statement.history.latest().measures.values_list("measure", flat=True)) == linked


def test_every_save_counts_the_version_up_by_one():
    _, client = secretary("kari")
    statement = Statement.objects.order_by("pk").first()
    start = statement.version
    for text in ("Første.", "Andre."):
        form = opened_form(client, admin_url(statement, "change"))
        assert form["loaded_version"] == str(statement.version)
        assert client.post(admin_url(statement, "change"), form | {"text": text}).status_code == 302
        statement.refresh_from_db()
    assert (statement.text, statement.version) == ("Andre.", start + 2)


def test_a_stale_save_is_refused_and_keeps_what_was_typed():
    _, kari = secretary("kari")
    _, ola = secretary("ola")
    statement = Statement.objects.order_by("pk").first()
    karis_form = opened_form(kari, admin_url(statement, "change"))
    olas_form = opened_form(ola, admin_url(statement, "change"))
    response = kari.post(admin_url(statement, "change"), karis_form | {"text": "Karis tekst."})
    assert response.status_code == 302

    response = ola.post(admin_url(statement, "change"), olas_form | {"text": "Olas tekst."})

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE_EDIT_MESSAGE.split(",")[0] in html
    assert "Olas tekst." in html  # the form still holds what Ola typed
    statement.refresh_from_db()
    assert statement.text == "Karis tekst."


def test_a_restore_opened_before_someone_else_saved_is_refused():
    _, kari = secretary("kari")
    _, ola = secretary("ola")
    statement = Statement.objects.order_by("pk").first()
    url = admin_url(statement, "simple_history", statement.history.earliest().history_id)
    karis_restore = opened_form(kari, url)
    olas_form = opened_form(ola, admin_url(statement, "change"))
    response = ola.post(admin_url(statement, "change"), olas_form | {"text": "Olas tekst."})
    assert response.status_code == 302

    response = kari.post(url, karis_restore)

    assert response.status_code == 200
    assert STALE_EDIT_MESSAGE.split(",")[0] in response.content.decode()
    statement.refresh_from_db()
    assert statement.text == "Olas tekst."


def waiting_for_a_row_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: it has one writer"
)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_refused(monkeypatch):
    _, kari = secretary("kari")
    _, ola = secretary("ola")
    statement = Statement.objects.order_by("pk").first()
    start = statement.version
    karis_form = opened_form(kari, admin_url(statement, "change"))
    olas_form = opened_form(ola, admin_url(statement, "change"))

    # Kari's save stops after her version check, holding the row, until released.
    kari_checked, release = threading.Event(), threading.Event()
    save_model = StatementAdmin.save_model

    def pausing_save_model(self, request, obj, form, change):
        if request.user.username == "kari":
            kari_checked.set()
            assert release.wait(timeout=60)
        return save_model(self, request, obj, form, change)

    monkeypatch.setattr(StatementAdmin, "save_model", pausing_save_model)
    responses = {}

    def save(name, client, data):
        try:
            responses[name] = client.post(admin_url(statement, "change"), data)
        finally:
            connection.close()

    karis_save = threading.Thread(target=save, args=("kari", kari, karis_form | {"text": "Kari."}))
    olas_save = threading.Thread(target=save, args=("ola", ola, olas_form | {"text": "Ola."}))
    karis_save.start()
    assert kari_checked.wait(timeout=60)
    olas_save.start()
    ola_waited = False
    while olas_save.is_alive() and not ola_waited:
        ola_waited = waiting_for_a_row_lock()
        time.sleep(0.05)
    release.set()
    karis_save.join(timeout=60)
    olas_save.join(timeout=60)

    assert ola_waited, "Ola's save did not wait for Kari's"
    assert responses["kari"].status_code == 302
    assert responses["ola"].status_code == 200
    assert STALE_EDIT_MESSAGE.split(",")[0] in responses["ola"].content.decode()
    statement.refresh_from_db()
    assert (statement.text, statement.version) == ("Kari.", start + 1)
