"""Spreadsheet files in and out: cells that can never become formulas, and uploads
read so that row numbers match what Excel shows (the header is row 1)."""

import csv
import io
import itertools
import zipfile

import tablib
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.formatting import number

# A cell starting with one of these is a formula (or becomes one) in Excel,
# LibreOffice and Google Sheets: OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading ', as OWASP
    recommends, so it shows as the text it is. Other values are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    """Undoes escape_formula, so an exported file imports back unchanged."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


class FormulaSafeWriter:
    """Wraps a csv writer so that every row it writes is escaped (escape_formula)."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row):
        return self.writer.writerow([escape_formula(cell) for cell in row])


def escaped_dataset(dataset):
    safe = tablib.Dataset(headers=[escape_formula(h) for h in dataset.headers or []])
    for row in dataset:
        safe.append([escape_formula(cell) for cell in row])
    return safe


class SafeCSV(CSV):
    """CSV export with every formula-like cell escaped, in the format the public
    CSV exports use so that Norwegian Excel opens it in columns: UTF-8 with a
    byte order mark, semicolons, CRLF. The import reads it back (read_table)."""

    def export_data(self, dataset, **kwargs):
        kwargs.setdefault("delimiter", ";")
        kwargs.setdefault("lineterminator", "\r\n")
        return "\ufeff" + super().export_data(escaped_dataset(dataset), **kwargs)


class SafeXLSX(XLSX):
    """XLSX export with every formula-like cell escaped: a string, never a formula."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped_dataset(dataset), **kwargs)


class UnreadableFile(ValueError):
    """The upload cannot be read as a table; the message says why, in Norwegian."""


def column_letter(index):
    """Excel's name for a column, from a 0-based index: 0 → A."""
    return get_column_letter(index + 1)


def read_table(content, kind, max_rows):
    """The rows of an uploaded XLSX or CSV file as a tablib Dataset. Every row of the
    file stays in place, blank ones included, so data row n is row n + 1 in Excel.
    Reading stops, and the file is refused, past `max_rows` rows of data."""
    rows = _read_xlsx(content) if kind == "xlsx" else _read_csv(content)
    header = next(rows, None) or []
    data = list(itertools.islice(rows, max_rows + 1))
    while data and is_blank_row(data[-1]):
        data.pop()
    if len(data) > max_rows or any(not is_blank_row(row) for row in rows):
        raise UnreadableFile(
            f"Filen har mer enn {number(max_rows)} rader med data. Så mange kan ikke "
            "importeres på én gang: del den opp i flere filer."
        )
    header = [_header_text(cell) for cell in header]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise UnreadableFile("Rad 1 er tom. Første rad skal ha kolonnenavnene.")
    width = len(header)
    dataset = tablib.Dataset(headers=header)
    for row_number, row in enumerate(data, start=2):
        row = list(row)
        extra = [i for i, cell in enumerate(row[width:], start=width) if not _blank(cell)]
        if extra:
            raise UnreadableFile(
                f"Rad {row_number}, kolonne {column_letter(extra[0])}: cellen har en verdi, "
                "men kolonnen har ikke noe navn i rad 1."
            )
        dataset.append((row + [None] * width)[:width])
    return dataset


def _read_xlsx(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            "Filen kan ikke leses som XLSX. Lagre den som Excel-arbeidsbok (.xlsx), "
            "eller velg CSV hvis det er en CSV-fil."
        ) from error
    try:
        yield from workbook.active.iter_rows(values_only=True)
    finally:
        workbook.close()


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            "Filen er ikke lagret som UTF-8. Velg «CSV UTF-8 (kommadelt)» når du lagrer "
            "i Excel, eller bruk XLSX."
        ) from error
    first_line = text.split("\n", 1)[0]
    # Norwegian Excel and the exports separate with semicolons, other tools with
    # commas: take either.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise UnreadableFile(
            "Filen kan ikke leses som CSV. Lagre den som CSV UTF-8 fra Excel, eller bruk XLSX."
        ) from error


def _header_text(cell):
    return "" if cell is None else str(cell).strip()


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def is_blank_row(values):
    return all(_blank(cell) for cell in values)
