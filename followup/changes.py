"""Changing an item's status, target date or owner: the reason rules and the log.

A moved target date and the status «Blir ikke gjennomført» need a reason. Every
change is added to the item's log with who, when and why; nothing in the log is
ever overwritten. The admin form and `change_item` both go through here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import FollowUpItem, ItemEvent, Owner, Status

TARGET_MOVED_NEEDS_REASON = (
    "Skriv hvorfor måldatoen flyttes eller fjernes. Den gamle datoen blir stående i historikken."
)
WONT_DO_NEEDS_REASON = "Skriv hvorfor anbefalingen ikke blir gjennomført."


@dataclass(frozen=True)
class State:
    """What the log tracks about an item at one moment."""

    status: str
    target_date: object
    target_precision: str
    owner: str

    @classmethod
    def of(cls, item):
        return cls(item.status, item.target_date, item.target_precision or "", owner_text(item))


def owner_text(item):
    """The owner as a reader sees it, kept as text so the log never changes with it."""
    if item.owner == Owner.AGENCY or item.owner_organisation_id:
        organisation = item.owner_organisation
        if organisation is not None:
            return f"{item.get_owner_display()}: {organisation.display_name}"
    return item.get_owner_display()


def reason_problems(before, after, reason):
    """Messages for a change from `before` (None for a new item) to `after`
    that lacks a required reason."""
    if reason.strip():
        return []
    problems = []
    had_target = before is not None and before.target_date is not None
    if had_target and _target(before) != _target(after):
        problems.append(TARGET_MOVED_NEEDS_REASON)
    if after.status == Status.WONT_DO and (before is None or before.status != Status.WONT_DO):
        problems.append(WONT_DO_NEEDS_REASON)
    return problems


def _target(state):
    return (state.target_date, state.target_precision)


def status_reason_after(item, before, reason):
    """The reason kept on the item for its current status: the new one when the
    status changes, the old one otherwise."""
    if before is not None and before.status == item.status:
        return item.status_reason
    return reason.strip()


def record(item, before, user, reason):
    """Add a log entry for what changed since `before`; nothing when nothing did."""
    after = State.of(item)
    if before == after:
        return None
    before = before or State("", None, "", "")
    return ItemEvent.objects.create(
        item=item,
        author=user if user is not None and user.is_authenticated else None,
        author_name=_name(user),
        status_before=before.status,
        status_after=after.status,
        target_before=before.target_date,
        target_precision_before=before.target_precision,
        target_after=after.target_date,
        target_precision_after=after.target_precision,
        owner_before=before.owner,
        owner_after=after.owner,
        reason=reason.strip(),
    )


def _name(user):
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def change_item(item, *, user, reason="", **changes):
    """Change `item`'s status, target date or owner and log it, or raise
    ValidationError (nothing saved) when a required reason is missing.

    Works on the row locked afresh, so two concurrent changes are logged one
    after the other, each with the state the other left as its «before»."""
    locked = (
        FollowUpItem.objects.select_for_update(of=("self",))
        .select_related("owner_organisation")
        .get(pk=item.pk)
    )
    before = State.of(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    problems = reason_problems(before, State.of(locked), reason)
    if problems:
        raise ValidationError({"reason": problems})
    locked.status_reason = status_reason_after(locked, before, reason)
    locked.full_clean()
    locked.version += 1
    locked.save()
    event = record(locked, before, user, reason)
    item.refresh_from_db()
    return event
