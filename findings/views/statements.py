import csv

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import can_see_drafts
from core.forms import form_errors
from core.spreadsheets import FormulaSafeWriter

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
        "facets": statement_facets(StatementFilter, request.GET, queryset, filterset=filterset),
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


def statements_csv(statements, mark_drafts=False):
    """All filtered statements, for Excel: UTF-8 with BOM, semicolons, CRLF, and no
    cell that Excel would run as a formula. `mark_drafts` adds a column
    «Publisering», so a file with drafts says so."""
    writer = FormulaSafeWriter(csv.writer(_Echo(), delimiter=";", lineterminator="\r\n"))
    extra = ["Publisering"] if mark_drafts else []

    def rows():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS + extra)
        for s in statements:
            yield writer.writerow(
                [
                    s.lead_in.text if s.lead_in_id else "",
                    s.text,
                    s.get_kind_display(),
                    s.voice_display,
                    s.get_addressee_display() if s.addressee else "",
                    ", ".join(m.name for m in s.measures.all()),
                    s.source.title,
                    s.section,
                    s.page or "",
                    s.footnote,
                ]
                + ([s.get_publication_display()] if mark_drafts else [])
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ia-funn.csv"'
    return response


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
