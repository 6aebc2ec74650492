"""Fixtures seed an empty database once; after that the database rules. Only
`sync_content` brings the fixtures back: it lists first, and writes (with
history) only when told to."""

import io
import json

import pytest
from django.core.management import call_command

from core import fixture_sync
from core.models import Publication
from findings.models import Statement
from measures.models import Measure

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def in_fixtures(key):
    for path in fixture_sync.fixture_files():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            if entry["fields"].get("key") == key:
                return entry["fields"]
    raise LookupError(key)


def secretariat_changes():
    """Edits the secretariat could have made after setup: a statement rewritten
    and unpublished, a link removed, a statement deleted, one written anew."""
    # Not a recommendation a follow-up item quotes: those are protected from deletion.
    statements = (
        Statement.objects.filter(measures__isnull=False, follow_up_quotes__isnull=True)
        .distinct()
        .order_by("pk")
    )
    edited, unlinked, deleted = statements[0], statements[1], statements[2]
    edited.text = "Sekretariatets tekst."
    edited.publication = Publication.DRAFT
    edited.save()
    unlinked.measures.clear()
    deleted.delete()
    own = Statement.objects.get(pk=statements[3].pk)
    own.pk, own.key, own.text = None, "sekretariatets-eget", "Skrevet i admin."
    own.save()
    return edited, unlinked, deleted, own


def history_count():
    return sum(model.history.count() for model in fixture_sync.content_models())


def test_setting_up_again_keeps_what_the_secretariat_changed():
    edited, unlinked, deleted, own = secretariat_changes()
    entries = history_count()

    output = run("seed_content")

    assert "ingenting er endret" in output
    edited.refresh_from_db()
    assert (edited.text, edited.publication) == ("Sekretariatets tekst.", Publication.DRAFT)
    assert not unlinked.measures.exists()
    assert not Statement.objects.filter(key=deleted.key).exists()
    assert Statement.objects.filter(key=own.key).exists()
    assert history_count() == entries  # and «Historikk» still tells the truth


def test_the_seeded_content_starts_its_history_with_where_it_came_from():
    for model in fixture_sync.content_models():
        first_entries = model.history.filter(
            history_type="+", history_change_reason=fixture_sync.SEED_REASON
        )
        assert first_entries.count() == model.objects.count() == model.history.count()
    statement = Statement.objects.filter(measures__isnull=False).order_by("pk").first()
    first = statement.history.get()
    assert set(first.measures.values_list("measure", flat=True)) == set(
        statement.measures.values_list("pk", flat=True)
    )


@pytest.mark.slow
def test_the_loaded_content_is_exactly_the_fixtures():
    result = fixture_sync.plan()
    assert (result.changes, result.only_in_database) == ([], [])
    assert "samme innholdet" in run("sync_content")


def test_sync_lists_what_it_would_change_and_writes_nothing():
    edited, unlinked, deleted, own = secretariat_changes()
    entries = history_count()

    output = run("sync_content")

    assert f"endret: utsagn «{edited.key}»: tekst, publisering" in output
    assert f"endret: utsagn «{unlinked.key}»: virkemidler" in output
    assert f"ny: utsagn «{deleted.key}»" in output
    assert f"bare i databasen (røres ikke): utsagn «{own.key}»" in output
    assert "3 oppføringer ville blitt endret" in output
    edited.refresh_from_db()
    assert edited.text == "Sekretariatets tekst."
    assert not unlinked.measures.exists()
    assert not Statement.objects.filter(key=deleted.key).exists()
    assert history_count() == entries


@pytest.mark.slow  # two walks over every fixture: the sync, then the check
def test_sync_apply_writes_the_fixtures_back_and_records_each_change():
    edited, unlinked, deleted, own = secretariat_changes()
    version = edited.version
    entries = history_count()

    output = run("sync_content", "--apply")

    assert "3 oppføringer er oppdatert" in output
    edited.refresh_from_db()
    assert edited.text == in_fixtures(edited.key)["text"]
    assert edited.publication == Publication.PUBLISHED
    assert edited.version == version + 1  # a form opened before the sync is refused
    latest = edited.history.latest()
    assert (latest.history_type, latest.history_change_reason) == ("~", fixture_sync.SYNC_REASON)
    assert latest.text == edited.text

    links = {tuple(key) for key in in_fixtures(unlinked.key)["measures"]}
    assert {m.natural_key() for m in unlinked.measures.all()} == links
    recorded = unlinked.history.latest().measures.values_list("measure", flat=True)
    assert {Measure.objects.get(pk=pk).natural_key() for pk in recorded} == links

    recreated = Statement.objects.get(key=deleted.key)
    assert [(r.history_type, r.history_change_reason) for r in recreated.history.all()] == [
        ("+", fixture_sync.SYNC_REASON)
    ]
    assert Statement.objects.get(key=own.key).text == "Skrevet i admin."
    assert history_count() == entries + 3
    assert "samme innholdet" in run("sync_content")
