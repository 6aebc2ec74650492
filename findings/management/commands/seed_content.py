from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from core import fixture_sync


class Command(BaseCommand):
    help = (
        "Laster kildeinnholdet fra fixtures/ inn i en tom database. Finnes det innhold "
        "fra før, endres ingenting: da er det databasen som gjelder (se sync_content)."
    )

    def handle(self, *args, **options):
        if not fixture_sync.content_is_empty():
            self.stdout.write(
                "Innholdet er allerede lastet inn, så ingenting er endret. Endringer i "
                "fixtures/ hentes inn med «make sync-content»."
            )
            return
        try:
            result = fixture_sync.apply(reason=fixture_sync.SEED_REASON)
        except (DatabaseError, DeserializationError) as error:
            raise CommandError(f"Ingenting er lastet inn (alt eller ingenting): {error}") from error
        self.stdout.write(f"Lastet inn {len(result.changes)} oppføringer fra fixtures/.")
