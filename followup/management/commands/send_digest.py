"""Mail each member who asked for it what changed on the portal last week."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from followup.digest import digest_message, week_of
from followup.models import DigestDelivery, DigestSubscription
from followup.whatchanged import changes_since, start_of


class Command(BaseCommand):
    help = (
        "Sender e-post med endringene forrige uke (mandag–søndag) til dem som har bedt om "
        "det under «Min konto». Kjøres f.eks. hver mandag morgen. Den som alt har fått "
        "e-posten for uken, får den ikke igjen, så kommandoen kan trygt kjøres flere ganger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--uke",
            help="Uken som skal sendes, som ÅÅÅÅ-Wnn (f.eks. 2026-W46). Standard: forrige uke.",
        )

    def handle(self, *args, uke=None, **options):
        monday = _monday(uke) if uke else week_of(timezone.localdate()) - datetime.timedelta(7)
        next_monday = monday + datetime.timedelta(7)
        if next_monday > timezone.localdate():
            raise CommandError("Uken er ikke over ennå. Velg en uke som er ferdig.")
        sent = skipped = 0
        for subscription in _due(monday):
            user = subscription.user
            changes = changes_since(user, start_of(monday), until=start_of(next_monday))
            try:
                # The week is recorded and the mail sent together: a failed send
                # leaves no record (the next run tries again), and a second run
                # at the same time waits on the record and then skips the user.
                with transaction.atomic():
                    DigestDelivery.objects.create(
                        subscription=subscription, week=monday, changes=len(changes.entries)
                    )
                    if changes.entries:
                        subject, body = digest_message(user, changes, monday, settings.PORTAL_URL)
                        send_mail(subject, body, None, [user.email])
            except IntegrityError:
                continue  # another run sent it
            if changes.entries:
                sent += 1
            else:
                skipped += 1
        self.stdout.write(f"Uke {monday:%G-W%V}: sendt til {sent}, ingen endringer for {skipped}.")


def _monday(text):
    try:
        return datetime.datetime.strptime(f"{text}-1", "%G-W%V-%u").date()
    except ValueError:
        raise CommandError(f"«{text}» er ikke en uke. Skriv f.eks. 2026-W46.") from None


def _due(monday):
    """Active users who asked for the e-mail, have an address, and have not had
    it for this week."""
    return (
        DigestSubscription.objects.filter(weekly=True, user__is_active=True)
        .exclude(user__email="")
        .exclude(deliveries__week=monday)
        .select_related("user")
        .order_by("pk")
    )
