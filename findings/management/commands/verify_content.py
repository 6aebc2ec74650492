from django.core.management.base import BaseCommand, CommandError

from findings.content import provenance_problems


class Command(BaseCommand):
    help = "Sjekker at alt innhold står ordrett i kildedokumentet det viser til."

    def handle(self, *args, **options):
        problems = provenance_problems()
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} avvik fra kildene")
        self.stdout.write("Alt innhold står ordrett i kildene.")
