"""Create a login for a coordination-group member or for the secretariat."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import COORDINATION_GROUP, SECRETARIAT

# Role -> (group, staff status: the secretariat edits in /admin/).
ROLES = {
    "medlem": (COORDINATION_GROUP, False),
    "sekretariat": (SECRETARIAT, True),
}


class Command(BaseCommand):
    stealth_options = ("stdin",)  # tests pass their own standard in
    help = (
        "Oppretter en bruker i koordineringsgruppen («medlem») eller sekretariatet "
        "(«sekretariat»). Passordet spørres om to ganger, eller leses fra standard inn "
        "med --password-stdin, og må bestå portalens passordregler."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Brukernavnet personen logger inn med.")
        parser.add_argument(
            "--role", required=True, choices=sorted(ROLES), help="medlem eller sekretariat"
        )
        parser.add_argument("--email", default="", help="E-postadresse (valgfri).")
        parser.add_argument("--first-name", default="", help="Fornavn (valgfritt).")
        parser.add_argument("--last-name", default="", help="Etternavn (valgfritt).")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Les passordet fra første linje på standard inn, for skript.",
        )

    def handle(self, *args, username, role, email, first_name, last_name, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("Brukernavnet kan ikke være tomt.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(
                f"Brukeren «{username}» finnes allerede. Bytt passord med "
                f"«manage.py changepassword {username}»."
            )
        group_name, is_staff = ROLES[role]
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(
                f"Gruppen «{group_name}» finnes ikke. Kjør «manage.py migrate» først."
            ) from None
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_staff,
        )
        self.stdin = options.get("stdin", sys.stdin)
        password = self._password(options["password_stdin"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            problems = "\n- ".join(_in_norwegian(problem) for problem in error.error_list)
            raise CommandError(f"Passordet ble ikke godtatt:\n- {problems}") from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        who = "sekretariatet" if role == "sekretariat" else "koordineringsgruppen"
        self.stdout.write(self.style.SUCCESS(f"Opprettet «{username}» i {who}."))

    def _password(self, from_stdin):
        if from_stdin:
            password = self.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("Fikk ikke noe passord på standard inn.")
            return password
        if not self.stdin.isatty():
            raise CommandError(
                "Ingen terminal å spørre om passord i. Bruk --password-stdin og send "
                "passordet på standard inn."
            )
        password = getpass.getpass("Passord: ")
        if password != getpass.getpass("Passord en gang til: "):
            raise CommandError("Passordene var ikke like. Ingen bruker er opprettet.")
        return password


def _in_norwegian(problem):
    """The validator's message; Django's own Norwegian catalogue lacks the one
    about length (a plural), so that one is written here."""
    if problem.code == "password_too_short":
        return f"Passordet er for kort. Det må ha minst {problem.params['min_length']} tegn."
    return problem.messages[0]
