from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Erstatter alt i databasen med en sikkerhetskopi laget av `backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"Fant ikke sikkerhetskopien {path}")
        # Loading sets many-to-many links, which would otherwise add history
        # entries that were never edits; the backup carries the real history.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(f"Gjenopprettet fra {path}")
