from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from core import fixture_sync


class Command(BaseCommand):
    help = (
        "Sammenligner innholdet i databasen med fixtures/ og lister forskjellene. Med "
        "--apply skrives fixtures over endringene, og hver endring føres i historikken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Skriv endringene (uten dette vises bare hva som ville blitt endret).",
        )

    def handle(self, *args, apply=False, **options):
        try:
            result = fixture_sync.apply() if apply else fixture_sync.plan()
        except (DatabaseError, DeserializationError) as error:
            raise CommandError(f"Ingenting er skrevet (alt eller ingenting): {error}") from error
        for change in result.changes:
            self.stdout.write(str(change))
        for model, key in result.only_in_database:
            self.stdout.write(f"bare i databasen (røres ikke): {model._meta.verbose_name} «{key}»")
        count = len(result.changes)
        entries = "oppføring" if count == 1 else "oppføringer"
        if not count:
            self.stdout.write("Databasen har det samme innholdet som fixtures/.")
        elif apply:
            self.stdout.write(
                f"{count} {entries} er oppdatert fra fixtures/; historikken viser hver endring "
                f"med begrunnelsen «{fixture_sync.SYNC_REASON}»."
            )
        else:
            self.stdout.write(
                f"{count} {entries} ville blitt endret. Ingenting er skrevet; skriv dem "
                "med «make sync-content APPLY=1» (manage.py sync_content --apply)."
            )
