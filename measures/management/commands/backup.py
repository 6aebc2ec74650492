import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` from the code, so not part of a backup.
REBUILT = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Skriver en fullstendig sikkerhetskopi (innhold, historikk, brukere) til en XML-fil."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="Standard: backups/<tidspunkt>.json")

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = settings.BASE_DIR / "backups" / f"ia-portalen-{stamp}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=REBUILT,
            format="xml",  # JSON would cut timestamps to milliseconds
            indent=1,
            output=str(path),
            verbosity=0,
        )
        self.stdout.write(str(path))
