"""`make backup` and `make restore`: the round trip loses nothing."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management import call_command

from findings.models import Statement
from followup.changes import change_item
from followup.models import FollowUpItem, ItemNote, ItemQuote
from measures.models import FollowUpNote, Measure

from .conftest import load_content

SKIPPED_APPS = {"contenttypes", "sessions", "axes"}


def snapshot():
    """Every row of every model, with relations by natural key where there is one,
    since auto-numbered ids may differ after a restore."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or model._meta.model_name == "permission":
            continue
        serialized = serializers.serialize(
            "python",
            model.objects.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        rows[model._meta.label] = sorted(serialized, key=repr)
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_lose_nothing(tmp_path):
    load_content()
    user = User.objects.create_user("kari", is_staff=True)
    # A transactional test starts after a flush, without the groups migrations made.
    user.groups.add(Group.objects.get_or_create(name="Sekretariat")[0])
    statement = Statement.objects.get(key="oppsummering-vurdering-01")
    statement._history_user = user
    statement.text = "Redigert tekst."
    statement.save()
    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="skil"), title="Til møtet", text="Internt.", author=user
    )
    item = FollowUpItem.objects.get(key="ag-fou-ressurser")
    change_item(item, user=user, status="some", reason="Startet i KG.")
    ItemNote.objects.create(item=item, text="Internt.", author=user)
    before = snapshot()
    assert before["followup.ItemEvent"] and before["followup.ItemNote"]
    assert before["findings.HistoricalStatement"]

    path = tmp_path / "backup.xml"
    call_command("backup", path)
    ItemQuote.objects.all().delete()  # a quoted statement cannot be deleted
    Statement.objects.all().delete()
    FollowUpNote.objects.all().delete()
    call_command("restore", path)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert Statement.objects.get(key="oppsummering-vurdering-01").text == "Redigert tekst."
