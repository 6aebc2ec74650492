import csv
import functools
import itertools

from django import forms
from django.core.paginator import Paginator
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import can_see_drafts
from core.forms import form_errors
from core.page_cache import cached_for_visitors
from core.spreadsheets import FormulaSafeWriter
from measures.models import Measure

from .. import search
from ..facets import statement_facets
from ..filters import StatementFilter
from ..grouping import as_units
from ..models import Statement

PAGE_SIZE = 25


class ListOptions(forms.Form):
    side = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    format = forms.ChoiceField(choices=[("", "Nettside"), ("csv", "CSV")], required=False)


@require_safe
@cached_for_visitors
def statement_list(request):
    queryset = Statement.objects.visible_to(request.user).for_listing()
    filterset = StatementFilter(request.GET, queryset=queryset)
    options = ListOptions(request.GET)
    if not (filterset.is_valid() & options.is_valid()):
        # The form is shown again with what the user typed, next to the message.
        context = {
            "filterset": filterset,
            "errors": form_errors(filterset.form, options),
            "facets": [],
        }
        return render(request, "findings/statement_list.html", context, status=400)
    statements = filterset.ordered(filterset.qs)
    if options.cleaned_data["format"] == "csv":
        return statements_csv(statements, mark_drafts=can_see_drafts(request.user))
    page = _page(statements, options.cleaned_data["side"])
    query = filterset.form.cleaned_data.get("q", "")
    for statement in page.object_list:
        statement.highlighted = search.highlight(statement, query) if query else None
    context = {
        "filterset": filterset,
        "facets": statement_facets(StatementFilter, request.GET, queryset),
        "page": page,
        "units": as_units(page.object_list),
        "query": query,
        "querystring": _querystring(request, drop=["side"]),
    }
    return render(request, "findings/statement_list.html", context)


CSV_COLUMNS = [
    "Innledning", "Tekst", "Type", "Avsender", "Mottaker", "Virkemidler", "Kildedokument",
    "Seksjon",
    "Side", "Fotnote",
]  # fmt: skip


class _Echo:
    def write(self, value):
        return value


# Rows are fetched this many at a time (a server-side cursor on PostgreSQL), and
# written to the client in pieces of CSV_ROWS_PER_WRITE rows.
CSV_CHUNK_SIZE = 1000
CSV_ROWS_PER_WRITE = 200


def statements_csv(statements, mark_drafts=False):
    """All filtered statements, for Excel: UTF-8 with BOM, semicolons, CRLF, and no
    cell that Excel would run as a formula. `mark_drafts` adds a column
    «Publisering», so a file with drafts says so.

    Streamed in constant memory and a fixed number of queries: plain values, not
    model instances (which cost some 25 times as much per row), fetched in chunks,
    each row with its measures' ids from a subquery."""
    writer = FormulaSafeWriter(csv.writer(_Echo(), delimiter=";", lineterminator="\r\n"))
    extra = ["Publisering"] if mark_drafts else []
    kinds, voices, addressees, publications = (
        dict(Statement._meta.get_field(name).choices)
        for name in ("kind", "voice", "addressee", "publication")
    )

    def rows():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS + extra)
        measure_names = _measure_names()
        for (
            _pk, lead_in, text, kind, voice, voice_short_name, voice_name, addressee,
            source_title, section, page, footnote, publication, measure_ids,
        ) in _export_values(statements):  # fmt: skip
            yield writer.writerow(
                [
                    lead_in or "",
                    text,
                    kinds.get(kind, kind),
                    voice_short_name or voice_name or voices.get(voice, voice),
                    addressees.get(addressee, addressee) if addressee else "",
                    measure_names(measure_ids),
                    source_title,
                    section,
                    page or "",
                    footnote,
                ]
                + ([publications.get(publication, publication)] if mark_drafts else [])
            )

    batches = itertools.batched(rows(), CSV_ROWS_PER_WRITE, strict=False)
    pieces = ("".join(batch) for batch in batches)
    response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ia-funn.csv"'
    return response


def _export_values(statements):
    """The columns the CSV needs, a chunk at a time. The primary key keeps two
    identical-looking statements apart when the filter asks for DISTINCT."""
    measure_ids = (
        Statement.measures.through.objects.filter(statement_id=OuterRef("pk"))
        .values("statement_id")
        .annotate(ids=StringAgg(Cast("measure_id", TextField()), Value(",")))
        .values("ids")
    )
    return (
        statements.prefetch_related(None)
        .annotate(measure_ids=Subquery(measure_ids))
        .values_list(
            "pk", "lead_in__text", "text", "kind", "voice", "voice_organisation__short_name",
            "voice_organisation__name", "addressee", "source__title", "section", "page",
            "footnote", "publication", "measure_ids",
        )
        .iterator(chunk_size=CSV_CHUNK_SIZE)
    )  # fmt: skip


def _measure_names():
    """A function from "3,7" (measure ids) to their names in the measures' order.
    The same few sets of measures come back again and again, so each is joined once."""
    order = {}
    names = {}
    for position, (pk, name) in enumerate(
        Measure.objects.order_by("position", "pk").values_list("pk", "name")
    ):
        order[pk] = position
        names[pk] = name

    @functools.lru_cache(maxsize=4096)
    def names_of(ids):
        if not ids:
            return ""
        return ", ".join(names[pk] for pk in sorted(map(int, ids.split(",")), key=order.get))

    return names_of


def _page(queryset, number):
    paginator = Paginator(queryset, PAGE_SIZE)
    number = number or 1
    if number > max(paginator.num_pages, 1):
        raise Http404(f"Siden finnes ikke: det er {paginator.num_pages} sider.")
    return paginator.page(number)


def _querystring(request, drop):
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()
