"""Counts per filter option for the current selection, all facets in one query.

Each facet counts the statements that meet every filter but its own, so its
options say what choosing them would give. One query groups the statements the
user may see that match the search by everything the facets look at: kind,
voice, organisation, addressee, source and the set of measures. However many
statements there are, there are only a few hundred such kinds of statement
(copies share them); the counts of every facet, each without its own filter,
are summed from those groups here. A statement counts once per option, and
once per focus area however many of its measures share it.
"""

from dataclasses import dataclass

from django.db import connection

from core import memo
from core.list_state import Option
from measures.models import AgreementPeriod, Measure, Organisation, SourceDocument

from . import search
from .models import Statement


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]


@dataclass(frozen=True)
class Register:
    """The keys (and focus areas) of the rows a statement refers to by id."""

    measures: dict  # pk -> (key, focus area)
    organisations: dict  # pk -> key
    sources: dict  # pk -> key
    periods: dict  # pk -> key


def statement_facets(filterset_class, data, queryset, filterset=None):
    """For each facet, count matches with every other filter applied but its own.
    `filterset`, if given, is the already validated filterset of `data` and
    `queryset` (saves validating it again: a query per chosen register row)."""
    if filterset is None:
        filterset = filterset_class(data, queryset=queryset)
    chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
    labels, register = _option_labels(queryset)
    counts = _counts(list(filterset_class.FACETS), queryset, chosen, register)
    facets = []
    for name in filterset_class.FACETS:
        selected = data.get(name, "")
        options = [
            Option(value, label, counts[name].get(value, 0), value == selected)
            for value, label in labels[name]
        ]
        facets.append(Facet(name, filterset_class.base_filters[name].label, options))
    return facets


def _facet_values(kind, voice, organisation, addressee, source, period, measure_ids, register):
    """{facet: the option values a kind of statement has}: several through its
    measures, none for an empty field."""
    measures = [register.measures[pk] for pk in measure_ids if pk in register.measures]
    return {
        "virkemiddel": {key for key, _ in measures},
        "type": {kind},
        "avsender": {voice},
        "organisasjon": {register.organisations.get(organisation)} - {None},
        "mottaker": {addressee} - {""},
        "kilde": {register.sources.get(source)} - {None},
        "innsatsomrade": {focus for _, focus in measures},
        "periode": {register.periods.get(period)} - {None},
    }


def _counts(facet_names, queryset, chosen, register):
    """{facet: {option value: count}}."""
    wanted = {
        name: getattr(chosen[name], "key", chosen[name])  # a register row, or a choice
        for name in facet_names
        if chosen.get(name) not in (None, "")
    }
    counts = {name: {} for name in facet_names}
    for *columns, measure_ids, n in _kinds_of_statement(queryset, chosen.get("q") or ""):
        if isinstance(measure_ids, str):  # SQLite's group_concat
            measure_ids = [int(pk) for pk in measure_ids.split(",")]
        ids = set(measure_ids or ())
        values = _facet_values(*columns, ids, register)
        failed = [name for name, value in wanted.items() if value not in values[name]]
        if len(failed) > 1:
            continue  # two filters leave it out: it counts for no facet
        for name in failed or facet_names:  # a facet ignores its own filter only
            for value in values[name]:
                counts[name][value] = counts[name].get(value, 0) + n
    return counts


def _kinds_of_statement(queryset, q):
    """Rows (kind, voice, organisation id, addressee, source id, period id,
    measure ids, how many) of the statements in `queryset` that match `q`."""
    columns = ["kind", "voice", "voice_organisation_id", "addressee", "source_id", "period_id"]
    selection = search.matching(queryset, q).order_by().values("id", *columns)
    selection_sql, params = selection.query.sql_with_params()
    link = Statement.measures.through._meta.db_table
    # In the order of the link table's index, in practice; a set of measures
    # listed in two orders is two groups, which the sums here join again.
    if connection.vendor == "postgresql":
        measure_ids = "array_agg(l.measure_id) FILTER (WHERE l.measure_id IS NOT NULL)"
    else:
        measure_ids = "group_concat(l.measure_id, ',')"
    listed = ", ".join(f"s.{column}" for column in columns)
    grouped = ", ".join(columns)
    sql = (
        f"SELECT {grouped}, measure_ids, COUNT(*) FROM ("
        f"SELECT {listed}, {measure_ids} AS measure_ids "
        f"FROM ({selection_sql}) s LEFT JOIN {link} l ON l.statement_id = s.id "
        f"GROUP BY s.id, {listed}"
        f") per_statement GROUP BY {grouped}, measure_ids"
    )

    def fetch():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # It reads every statement that matches the search, whatever the filters.
    return memo.kept(f"facets|{sql}|{params!r}", fetch)


def _option_labels(statements):
    """The options of each facet, (value, label), and the register that names
    the ids a statement refers to."""
    measures = Measure.objects.order_by("position", "name").values_list(
        "pk", "key", "name", "focus_area"
    )
    sources = SourceDocument.objects.order_by("title").values_list("pk", "key", "short_title")
    # Only organisations that speak in a statement the user may see.
    speakers = Organisation.objects.filter(pk__in=statements.values("voice_organisation"))
    speakers = memo.rows(speakers.order_by("name"))
    periods = list(AgreementPeriod.objects.with_measures().values_list("pk", "key", "name"))
    labels = {
        "virkemiddel": [(key, name) for _, key, name, _ in measures],
        "type": Statement.Kind.choices,
        "avsender": Statement.Voice.choices,
        "organisasjon": [(o.key, o.display_name) for o in speakers],
        "mottaker": [c for c in Statement.Addressee.choices if c[0]],
        "kilde": [(key, title) for _, key, title in sources],
        "innsatsomrade": Measure.FocusArea.choices,
        "periode": [(key, name) for _, key, name in periods],
    }
    register = Register(
        measures={pk: (key, focus) for pk, key, _, focus in measures},
        organisations={o.pk: o.key for o in speakers},
        sources={pk: key for pk, key, _ in sources},
        periods={pk: key for pk, key, _ in periods},
    )
    return labels, register
