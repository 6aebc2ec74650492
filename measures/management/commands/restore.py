import re
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Erstatter alt i databasen med en sikkerhetskopi laget av `backup`. En tom "
        "database settes opp (migrate) først."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"Fant ikke sikkerhetskopien {path}")
        call_command("migrate", interactive=False, verbosity=0)
        # Loading sets many-to-many links, which would otherwise add history
        # entries that were never edits; the backup carries the real history.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
            advance_ids_past_history()
        self.stdout.write(f"Gjenopprettet fra {path}")
        if names_rows_without_ids(path):
            self.stderr.write(
                "Advarsel: sikkerhetskopien er laget før id-ene ble tatt med, så innholdet "
                "har fått nye id-er, og «Historikk» kan vise versjoner av andre oppføringer."
            )


def names_rows_without_ids(path):
    """Backups written before ids were kept name content rows by key alone."""
    object_without_id = re.compile(r'<object model="[^"]+">')
    with path.open(encoding="utf-8") as backup:
        return any(object_without_id.search(line) for line in backup)


def advance_ids_past_history():
    """Let new rows get ids no history row has used.

    Loading resets each id counter to the highest id in its table. History also
    holds the ids of deleted rows; were one of those handed out again, the new
    row would show the deleted row's history as its own.
    """
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        pk = model._meta.pk
        highest_in_history = getattr(model, manager).aggregate(top=Max(pk.attname))["top"]
        highest_in_table = model.objects.aggregate(top=Max("pk"))["top"]
        if highest_in_history is None or highest_in_history <= (highest_in_table or 0):
            continue
        set_next_id(model._meta.db_table, pk.column, highest_in_history)


def set_next_id(table, column, last_used):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [connection.ops.quote_name(table), column, last_used],
            )
        elif connection.vendor == "sqlite":
            # AUTOINCREMENT keeps its counter in sqlite_sequence.
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last_used]
            )
        else:
            raise CommandError(f"Kan ikke sette neste id for {connection.vendor}")
