"""When the published content last changed, for «Sist oppdatert» in the footer."""

import functools

from django.apps import apps
from django.db.models import Max, Value

from core import memo
from core.models import Publication, Publishable

# Apps whose models hold the portal's content (the follow-up of the
# recommendations included), and the models among them whose history is not
# public (the secretariat's internal notes).
CONTENT_APPS = ("measures", "findings", "followup")
INTERNAL_MODELS = {"measures.followupnote", "followup.itemnote"}
# Models published with the row they belong to: a quote counts once its item is out.
PUBLISHED_WITH = {"followup.itemquote": "item__publication"}


def public_content_models():
    """Every content model with an edit history whose rows the public may see."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in INTERNAL_MODELS:
                continue
            if getattr(model._meta, "simple_history_manager_attribute", None):
                yield model


def last_public_change():
    """The time of the latest entry in the edit history of published content
    (a draft's edits do not count until it is published), or None. One query,
    over every history table, so its answer is kept per content version (every
    history entry is written beside a change that moves the version)."""
    return memo.kept("last_public_change", _latest_time)


def _latest_time():
    times = [time for (time,) in _latest_entries().all() if time]
    return max(times, default=None)


@functools.cache
def _latest_entries():
    """The query, built once per process: every page's footer asks, and building
    a union over each model's history costs more than running it."""
    first, *others = [_latest_entry(model) for model in public_content_models()]
    return first.union(*others, all=True).order_by("latest")


def _latest_entry(model):
    history = model.history.model.objects.all()
    if issubclass(model, Publishable):
        history = history.filter(publication=Publication.PUBLISHED)
    elif model._meta.label_lower in PUBLISHED_WITH:
        history = history.filter(**{PUBLISHED_WITH[model._meta.label_lower]: Publication.PUBLISHED})
    # Grouping by a constant leaves no GROUP BY: one row, the maximum.
    return (
        history.order_by()
        .values(one=Value(1))
        .annotate(latest=Max("history_date"))
        .values_list("latest")
    )
