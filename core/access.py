"""Who sees what: drafts for the secretariat, internal notes for members too."""

from core.models import Publication

DRAFTS_PERMISSION = "findings.view_drafts"
FOLLOW_UP_PERMISSION = "measures.view_followupnote"


def can_see_drafts(user):
    return user.is_authenticated and user.has_perm(DRAFTS_PERMISSION)


def visible(queryset, user):
    """`queryset` without drafts, unless the user may see them."""
    if can_see_drafts(user):
        return queryset
    return queryset.filter(publication=Publication.PUBLISHED)
