"""The weekly e-mail of what changed: the same changes as `/endringer/`, as text."""

import datetime

from django.urls import reverse
from django.utils import formats, timezone

from .whatchanged import LIMIT


def week_of(day):
    """The Monday of the week `day` is in."""
    return day - datetime.timedelta(days=day.weekday())


def week_label(monday):
    """«uke 46 (9. november–15. november 2026)»."""
    sunday = monday + datetime.timedelta(6)
    first = formats.date_format(monday, "j. F" if monday.year == sunday.year else "j. F Y")
    return f"uke {monday.isocalendar().week} ({first}–{formats.date_format(sunday, 'j. F Y')})"


def digest_message(user, changes, monday, portal_url):
    """(subject, body) of the e-mail to `user` about `changes` in the week from `monday`."""
    label = week_label(monday)
    subject = f"IA-portalen: endringer i {label}"
    name = user.get_full_name() or user.get_username()
    count = len(changes.entries)
    lines = [
        f"Hei {name},",
        "",
        f"Dette ble publisert eller endret på IA-portalen i {label}: "
        f"{count} {'endring' if count == 1 else 'endringer'}.",
    ]
    if changes.more:
        lines.append(f"Her er de {LIMIT} nyeste; resten står på portalen.")
    for change in changes.entries:
        tags = [change.category, change.action.lower()]
        if change.is_internal:
            tags.append("internt")
        lines += [
            "",
            f"{formats.date_format(timezone.localtime(change.when), 'j. F')}: "
            f"{' · '.join(tags)} – {change.title}",
            f"  {change.text}",
            f"  {portal_url}{change.url}",
        ]
    lines += [
        "",
        f"Alle endringene: {portal_url}{reverse('followup:changes')}?fra={monday:%d.%m.%Y}",
        "Du får denne e-posten fordi du har bedt om det. Slå den av under «Min konto»: "
        f"{portal_url}{reverse('followup:account')}",
    ]
    return subject, "\n".join(lines) + "\n"
