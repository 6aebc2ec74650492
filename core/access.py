"""Who sees what: drafts for the secretariat, internal notes for members too.

The draft rule itself is `PublishableQuerySet.visible_to` in core/models.py.
"""

DRAFTS_PERMISSION = "findings.view_drafts"
FOLLOW_UP_PERMISSION = "measures.view_followupnote"


def can_see_drafts(user):
    return user.is_authenticated and user.has_perm(DRAFTS_PERMISSION)
