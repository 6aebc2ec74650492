"""The filtered follow-up list as CSV (for Excel: UTF-8 with BOM, semicolons,
CRLF, as /funn/?format=csv) and as XLSX; in neither does a cell become a formula."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import FormulaSafeWriter

from .presentation import item_measures, status_label

COLUMNS = [
    ("Nøkkel", 24),
    ("Anbefaling (ordrett)", 80),
    ("Kilde", 40),
    ("Også i", 40),
    ("Virkemidler", 30),
    ("Ansvarlig", 22),
    ("Status", 26),
    ("Begrunnelse for status", 40),
    ("Måldato", 18),
    ("Forsinket", 10),
    ("Adresse", 40),
]
FILENAME = "ia-oppfolging"


def rows(items, request, today):
    for item in items:
        quotes = list(item.quotes.all())
        main, others = quotes[0], quotes[1:]
        yield [
            item.key,
            main.quote,
            _citation(main.statement),
            "\n".join(_citation(quote.statement) for quote in others),
            ", ".join(measure.name for measure in item_measures(item)),
            item.owner_display,
            status_label(item),
            item.status_reason,
            item.target_display,
            "ja" if item.is_overdue(today) else "",
            request.build_absolute_uri(item.get_absolute_url()),
        ]


def _citation(statement):
    parts = [statement.source.short_title, statement.section]
    if statement.page:
        parts.append(f"s. {statement.page}")
    return ", ".join(parts)


class _Echo:
    def write(self, value):
        return value


def as_csv(items, request, today):
    # A reason typed as «=…» or «-…» shows as text, as in /funn/?format=csv.
    writer = FormulaSafeWriter(csv.writer(_Echo(), delimiter=";", lineterminator="\r\n"))

    def lines():
        yield "\ufeff" + writer.writerow([name for name, _ in COLUMNS])
        for row in rows(items, request, today):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.csv"'
    return response


def as_xlsx(items, request, today):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Oppfølging")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([_cell(sheet, name, font=bold) for name, _ in COLUMNS])
    for row in rows(items, request, today):
        sheet.append([_cell(sheet, value, alignment=wrap) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.xlsx"'
    return response


def _cell(sheet, value, **style):
    cell = WriteOnlyCell(sheet, value=value)
    # Text stays text: a reason that starts with «=» is not a formula.
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
