import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from measures import backup_format

# Rebuilt by `migrate` from the code, so not part of a backup.
REBUILT = ["contenttypes", "auth.permission", "sessions", "axes"]


def private_file(path):
    """Create `path` (and a missing folder) readable by the owner only: a backup
    holds password hashes and the secretariat's internal notes."""
    folder = path.parent
    if folder.resolve() == (settings.BASE_DIR / "backups").resolve() or not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)  # also when the file already existed


class Command(BaseCommand):
    help = "Skriver en fullstendig sikkerhetskopi (innhold, historikk, brukere) til en XML-fil."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="Standard: backups/<tidspunkt>.xml")

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = settings.BASE_DIR / "backups" / f"ia-portalen-{stamp}.xml"
        private_file(path)
        serializers.register_serializer(backup_format.FORMAT, backup_format.__name__)
        try:
            call_command(
                "dumpdata",
                natural_foreign=True,  # only for content types and permissions: backup_format
                exclude=REBUILT,
                format=backup_format.FORMAT,  # XML: JSON would cut timestamps to milliseconds
                indent=1,
                output=str(path),
                verbosity=0,
            )
        except BaseException:
            path.unlink(missing_ok=True)  # never leave a half-written backup behind
            raise
        self.stdout.write(str(path))
