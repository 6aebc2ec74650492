"""Two to four measures side by side (`/sammenlign/?m=…&m=…`), for a meeting.

Everything is fetched for all the chosen measures at once, so the page costs
the same number of queries for two measures as for four."""

from dataclasses import dataclass, field

from django import forms

from findings.glance import measures_at_a_glance
from findings.models import Statement
from measures.models import Measure

from .models import OPEN_STATUSES
from .presentation import status_color, status_label
from .selectors import visible_items, visible_quotes, with_status_recorded

MIN_MEASURES = 2
MAX_MEASURES = 4
# How many statements of each kind a column quotes (two keep four measures on one
# printed page); the measure's page has them all.
STATEMENTS_SHOWN = 2
# Likewise for the open recommendations; the follow-up list has them all.
ITEMS_SHOWN = 2


class CompareForm(forms.Form):
    m = forms.MultipleChoiceField(
        label="Virkemidler å sammenligne",
        error_messages={
            "required": f"Velg {MIN_MEASURES} til {MAX_MEASURES} virkemidler å sammenligne.",
            "invalid_choice": "Ukjent virkemiddel: «%(value)s». Velg blant virkemidlene i listen.",
        },
    )

    def __init__(self, data, measures):
        super().__init__(data)
        self.fields["m"].choices = [(measure.key, measure.name) for measure in measures]

    def clean_m(self):
        keys = list(dict.fromkeys(self.cleaned_data["m"]))  # each once, in the given order
        if not MIN_MEASURES <= len(keys) <= MAX_MEASURES:
            raise forms.ValidationError(
                f"Velg {MIN_MEASURES} til {MAX_MEASURES} forskjellige virkemidler å "
                f"sammenligne; du valgte {len(keys)}."
            )
        return keys


@dataclass
class Column:
    """One measure's column: its glance row (status, budget use, evidence) and
    what the sources and the follow-up say about it."""

    glance: object
    agencies: list = field(default_factory=list)
    social_partners: list = field(default_factory=list)
    working_group: list = field(default_factory=list)
    open_items: list = field(default_factory=list)

    @property
    def open_items_shown(self):
        return self.open_items[:ITEMS_SHOWN]

    @property
    def open_items_more(self):
        return max(len(self.open_items) - ITEMS_SHOWN, 0)

    @property
    def measure(self):
        return self.glance.measure

    def quoted(self, name):
        """The first statements of a list, and how many more the measure's page has."""
        statements = getattr(self, name)
        return {
            "shown": statements[:STATEMENTS_SHOWN],
            "more": max(len(statements) - STATEMENTS_SHOWN, 0),
        }

    @property
    def agencies_quoted(self):
        return self.quoted("agencies")

    @property
    def social_partners_quoted(self):
        return self.quoted("social_partners")

    @property
    def working_group_quoted(self):
        return self.quoted("working_group")


# Which statements fill which list of a column: (kind, voice) -> attribute.
STATEMENT_LISTS = {
    (Statement.Kind.EXPERIENCE, Statement.Voice.AGENCIES): "agencies",
    (Statement.Kind.EXPERIENCE, Statement.Voice.SOCIAL_PARTNERS): "social_partners",
    (Statement.Kind.ASSESSMENT, Statement.Voice.WORKING_GROUP): "working_group",
}


def names_in_a_sentence(columns):
    """«Bransjeprogrammer, SKIL og Tilskudd til ekspertbistand»."""
    names = [column.measure.name for column in columns]
    return " og ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def compared_columns(keys, user):
    """A Column for each measure key, in the order given."""
    glance = measures_at_a_glance(Measure.objects.filter(key__in=keys), user)
    by_key = {row.measure.key: Column(row) for row in glance}
    columns = [by_key[key] for key in keys]
    by_pk = {column.measure.pk: column for column in columns}
    _add_statements(by_pk, user)
    _add_open_items(by_pk, user)
    return columns


def _add_statements(columns, user):
    """The agencies' and the social partners' experiences and the working
    group's assessments, in source order. One query."""
    statements = Statement.objects.visible_to(user).filter(
        kind__in=[Statement.Kind.EXPERIENCE, Statement.Kind.ASSESSMENT],
        voice__in=[voice for _, voice in STATEMENT_LISTS],
    )
    links = (
        Statement.measures.through.objects.filter(
            measure_id__in=list(columns), statement__in=statements
        )
        .select_related("statement")
        .order_by("statement__source_id", "statement__line", "statement__position")
    )
    for link in links:
        name = STATEMENT_LISTS.get((link.statement.kind, link.statement.voice))
        if name:
            getattr(columns[link.measure_id], name).append(link.statement)


def _add_open_items(columns, user):
    """Follow-up items not yet done that quote a visible statement about the
    measure, each with its first such quote. Two queries."""
    about = visible_quotes(user).filter(statement__measures__in=list(columns))
    quotes = {}  # (item id, measure id) -> the item's first quote about the measure
    for item_id, measure_id, quote in about.order_by("-position", "-pk").values_list(
        "item_id", "statement__measures", "quote"
    ):
        quotes[item_id, measure_id] = quote
    items = with_status_recorded(
        visible_items(user).filter(status__in=OPEN_STATUSES, pk__in={item for item, _ in quotes})
    ).order_by("position", "key")
    for item in items:
        for column_id, column in columns.items():
            if (item.pk, column_id) in quotes:
                column.open_items.append(
                    {
                        "item": item,
                        "quote": quotes[item.pk, column_id],
                        "label": status_label(item),
                        "color": status_color(item),
                    }
                )
