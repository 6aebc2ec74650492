"""What changed since a date (`/endringer/`, its Atom feed and the weekly digest),
read from the edit history and the follow-up log.

Only what a user may see: a change to a statement, evaluation or budget figure
is shown when the row is visible to the user today (the draft rule) and, for
those who may not see drafts, only the versions that were published when they
were saved; a draft's edits never show. The secretariat also sees draft edits,
marked as such. The follow-up notes are internal and show only to those who may
read them.

Each kind of change is one bounded query (the `limit` latest), plus one or two
to find where each changed row stands on the portal: a fixed number of queries
whatever the number of changes.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from core.access import can_see_drafts
from core.fixture_sync import SEED_REASON
from core.formatting import kroner, number, percent
from core.models import Publication
from core.partial_dates import format_partial_date
from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure

from .models import ItemEvent, ItemNote
from .presentation import statement_url
from .selectors import can_read_notes, visible_items, visible_quotes

# How many changes a page, the feed or a digest lists at most.
LIMIT = 100
# The page's period when no date is given.
DEFAULT_DAYS = 30
CREATED, CHANGED = "+", "~"


@dataclass(frozen=True)
class Change:
    """One change as the page, the feed and the digest show it."""

    uid: str  # stable and unique: the feed's entry id
    when: datetime
    category: str  # «Utsagn», «Evaluering», «Budsjett», «Oppfølging»
    action: str  # «Nytt», «Endret», «Levert», «Ny status», «Notat» …
    title: str
    text: str
    url: str
    is_draft: bool = False
    is_internal: bool = False
    # The changed row, for rows whose saves are merged per day (one admin save
    # of a statement is up to three history rows: its fields and its links).
    subject: str = ""

    @property
    def day(self):
        """The day in Oslo the change was made (the page groups by it)."""
        return timezone.localtime(self.when).date()


@dataclass(frozen=True)
class Changes:
    entries: list
    since: datetime
    more: bool  # more changes than `limit` happened in the period


def default_since():
    return timezone.localdate() - timedelta(days=DEFAULT_DAYS)


def start_of(day):
    """Midnight at the start of `day`, Oslo time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def changes_since(user, since, until=None, limit=LIMIT):
    """The latest `limit` changes `user` may see from `since` (an aware datetime)
    up to `until` (exclusive; None for now), newest first."""
    kinds = [_statements, _evaluations, _budget_lines, _item_events, _item_notes]
    parts = [list(kind(user, since, until, limit)) for kind in kinds]
    # A kind with more than `limit` rows was cut: what is older than its oldest
    # shown row may be missing, so nothing older is shown from any kind.
    cut = [part[limit - 1].when for part in parts if len(part) > limit]
    found = [change for part in parts for change in part[:limit]]
    if cut:
        found = [change for change in found if change.when >= max(cut)]
    found.sort(key=lambda change: (change.when, change.uid), reverse=True)
    found = merged_per_day(found)
    return Changes(entries=found[:limit], since=since, more=bool(cut) or len(found) > limit)


# When a row's saves on one day are merged, the entry says what matters most.
ACTION_WEIGHT = {"Levert": 3, "Nytt": 2, "Ny": 2, "Endret": 1, "Utkast": 0}


def merged_per_day(changes):
    """One entry per changed row and day: the newest version's text, under the
    weightiest action of the day (published for the first time, delivered)."""
    merged, index = [], {}
    for change in changes:
        if not change.subject:
            merged.append(change)
            continue
        key = (change.subject, change.day)
        if key not in index:
            index[key] = len(merged)
            merged.append(change)
            continue
        newest = merged[index[key]]
        if ACTION_WEIGHT.get(change.action, 0) > ACTION_WEIGHT.get(newest.action, 0):
            merged[index[key]] = replace(newest, action=change.action)
    return merged


def _history(model, user, since, until):
    """History rows of `model` from the period, of rows visible to `user` today;
    for those who may not see drafts, only published versions. Each row knows
    whether an earlier version was published (`was_published`)."""
    history = model.history.model.objects
    rows = history.filter(
        history_date__gte=since,
        history_type__in=[CREATED, CHANGED],
        id__in=model.objects.visible_to(user).values("pk"),
    )
    if until is not None:
        rows = rows.filter(history_date__lt=until)
    # Loading the sources into an empty database is where the content starts,
    # not a change to it.
    rows = rows.exclude(history_change_reason=SEED_REASON)
    if not can_see_drafts(user):
        rows = rows.filter(publication=Publication.PUBLISHED)
    earlier_published = history.filter(
        id=OuterRef("id"),
        publication=Publication.PUBLISHED,
        history_date__lt=OuterRef("history_date"),
    )
    return rows.annotate(was_published=Exists(earlier_published)).order_by(
        "-history_date", "-history_id"
    )


def _action(row, new="Nytt"):
    """«Nytt» the first time a row is published (or created), else «Endret»;
    «Utkast» for a draft version (only the secretariat sees those)."""
    if row.publication == Publication.DRAFT:
        return "Utkast"
    if row.history_type == CREATED or not row.was_published:
        return new
    return "Endret"


def _measures():
    return Measure.objects.only("key", "name", "short_name", "position").order_by("position")


def _statements(user, since, until, limit):
    rows = list(_history(Statement, user, since, until)[: limit + 1])
    current = Statement.objects.select_related("source").prefetch_related(
        Prefetch("measures", queryset=_measures())
    )
    statements = current.in_bulk({row.id for row in rows})
    for row in rows:
        statement = statements.get(row.id)
        if statement is None:  # deleted since the history was read
            continue
        yield Change(
            uid=f"utsagn-{row.history_id}",
            subject=f"utsagn-{row.id}",
            when=row.history_date,
            category="Utsagn",
            action=_action(row),
            title=f"{row.get_kind_display()} – {statement.source.short_title}",
            text=_shortened(row.text),
            url=statement_url(statement),
            is_draft=row.publication == Publication.DRAFT,
        )


def _evaluations(user, since, until, limit):
    history = Evaluation.history.model.objects
    status_before = history.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    if not can_see_drafts(user):
        # What the public saw before: the last published version.
        status_before = status_before.filter(publication=Publication.PUBLISHED)
    rows = _history(Evaluation, user, since, until).annotate(
        status_before=Subquery(status_before.values("status")[:1])
    )
    rows = list(rows[: limit + 1])
    evaluations = Evaluation.objects.prefetch_related(
        Prefetch("measures", queryset=_measures())
    ).in_bulk({row.id for row in rows})
    delivered = Evaluation.Status.DELIVERED
    for row in rows:
        if row.id not in evaluations:  # deleted since the history was read
            continue
        measures = list(evaluations[row.id].measures.all())
        action = _action(row, new="Ny")
        if action != "Utkast" and row.status == delivered and row.status_before != delivered:
            action = "Levert"
        yield Change(
            uid=f"evaluering-{row.history_id}",
            subject=f"evaluering-{row.id}",
            when=row.history_date,
            category="Evaluering",
            action=action,
            title=row.title,
            text=_evaluation_text(row, measures),
            url=f"{measures[0].get_absolute_url()}#evalueringer"
            if measures
            else reverse("findings:evaluations"),
            is_draft=row.publication == Publication.DRAFT,
        )


def _evaluation_text(row, measures):
    names = ", ".join(measure.short_name or measure.name for measure in measures)
    parts = [f"{row.get_kind_display()}, {row.get_status_display().lower()}"]
    if row.delivered_on:
        delivered_on = format_partial_date(row.delivered_on, row.delivered_on_precision)
        parts.append(f"levert {delivered_on}")
    elif row.due:
        parts.append(f"ventet {format_partial_date(row.due, row.due_precision)}")
    if names:
        parts.append(names)
    return _sentences(parts)


def _budget_lines(user, since, until, limit):
    rows = list(_history(BudgetLine, user, since, until)[: limit + 1])
    lines = BudgetLine.objects.select_related("measure").in_bulk({row.id for row in rows})
    for row in rows:
        if row.id not in lines:  # deleted since the history was read
            continue
        measure = lines[row.id].measure
        yield Change(
            uid=f"budsjett-{row.history_id}",
            subject=f"budsjett-{row.id}",
            when=row.history_date,
            category="Budsjett",
            action=_action(row),
            title=f"{measure.short_name or measure.name}: {row.label}",
            text=f"{row.get_kind_display()} {_period(row)}: {_amount(row)}.",
            url=f"{measure.get_absolute_url()}#budsjett",
            is_draft=row.publication == Publication.DRAFT,
        )


def _period(row):
    if row.year_from is None:
        return "uten årstall"
    if row.year_to in (None, row.year_from):
        return str(row.year_from)
    return f"{row.year_from}–{row.year_to}"


def _amount(row):
    if row.unit == BudgetLine.Unit.NOK:
        amount = kroner(row.amount)
    elif row.unit == BudgetLine.Unit.PERCENT:
        amount = percent(row.amount, 2)
    else:
        amount = f"{number(row.amount, 2)} {row.get_unit_display()}"
    return f"{row.get_qualifier_display()} {amount}" if row.qualifier else amount


def _item_events(user, since, until, limit):
    for event in _newest(ItemEvent.objects, "recorded_at", user, since, until, limit):
        yield Change(
            uid=f"oppfolging-{event.pk}",
            when=event.recorded_at,
            category="Oppfølging",
            action=_event_action(event),
            title=_item_title(event.item),
            text=_event_text(event),
            url=event.item.get_absolute_url(),
            is_draft=event.item.is_draft,
        )


def _newest(rows, time_field, user, since, until, limit):
    """The newest `limit + 1` entries of the visible items' logs in [since, until),
    each with its item and the item's first quote."""
    rows = rows.filter(**{f"{time_field}__gte": since}, item__in=visible_items(user))
    if until is not None:
        rows = rows.filter(**{f"{time_field}__lt": until})
    rows = rows.select_related("item").prefetch_related(_first_quotes(user))
    return rows.order_by(f"-{time_field}", "-pk")[: limit + 1]


def _first_quotes(user):
    """The item's quotes a user may see (the first names the item)."""
    return Prefetch("item__quotes", queryset=visible_quotes(user).order_by("position", "pk"))


def _item_title(item):
    quotes = list(item.quotes.all())
    if not quotes:
        return f"Anbefaling {item.key}"
    return f"Anbefaling: «{_shortened(quotes[0].quote, 120)}»"


def _event_action(event):
    if event.is_creation:
        return "Ny"
    if event.status_changed:
        return "Ny status"
    if event.target_changed:
        return "Ny måldato"
    return "Ny ansvarlig"


def _event_text(event):
    parts = []
    if event.is_creation:
        parts.append(f"Status: {event.get_status_after_display()}")
    elif event.status_changed:
        parts.append(
            f"Status: {event.get_status_before_display()} → {event.get_status_after_display()}"
        )
    if event.target_changed and not event.is_creation:
        before = event.target_before_display or "ingen"
        after = event.target_after_display or "ingen"
        parts.append(f"Måldato: {before} → {after}")
    if event.owner_changed and not event.is_creation:
        parts.append(f"Ansvarlig: {event.owner_before or 'ingen'} → {event.owner_after}")
    if event.reason:
        parts.append(f"Begrunnelse: {_shortened(event.reason)}")
    return _sentences(parts)


def _sentences(parts):
    """«A. B.»: each part ends with one full stop (a reason may have its own)."""
    return " ".join(part if part.endswith((".", "!", "?", "…")) else f"{part}." for part in parts)


def _item_notes(user, since, until, limit):
    if not can_read_notes(user):
        return
    for note in _newest(ItemNote.objects, "created_at", user, since, until, limit):
        yield Change(
            uid=f"notat-{note.pk}",
            when=note.created_at,
            category="Oppfølging",
            action="Notat",
            title=_item_title(note.item),
            text=_shortened(note.text),
            url=f"{note.item.get_absolute_url()}#notater",
            is_draft=note.item.is_draft,
            is_internal=True,
        )


def _shortened(text, length=300):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
