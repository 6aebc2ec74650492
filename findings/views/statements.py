import csv

from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.access import can_see_drafts
from core.spreadsheets import FormulaSafeWriter

from ..grouping import as_units
from ..list_state import StatementListState


@require_safe
def statement_list(request):
    state = StatementListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    if state.is_valid and state.export_format == "csv":
        return statements_csv(state.results, mark_drafts=can_see_drafts(request.user))
    # A bad value gives a message and a 400, with the rest of the choices applied.
    page = state.page(state.results)
    for statement in page.object_list:
        statement.highlighted = state.highlighted(statement)
    context = {"state": state, "page": page, "units": as_units(page.object_list)}
    return render(request, "findings/statement_list.html", context, status=state.status)


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
