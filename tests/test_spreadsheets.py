"""Spreadsheet import and export in the admin: a file is refused, with every problem
named by row and column in Norwegian, or imported whole; exports never carry a
formula; uploads are bound to the user who previewed them and cleaned up."""

import csv
import io
import os
import re
import string
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.resources import IMPORT_CHANGE_REASON
from findings.models import LeadIn, Statement
from findings.resources import StatementResource
from measures.models import AgreementPeriod, BudgetLine, Measure, Organisation, SourceDocument
from measures.resources import BudgetLineResource
from tests.conftest import secretary

pytestmark = pytest.mark.django_db

COLUMNS = StatementResource().column_names()
IMPORT, CONFIRM = "admin:findings_statement_import", "admin:findings_statement_process_import"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def kari():
    return secretary("kari")


def statement_row(**values):
    row = {
        "key": "import-1",
        "publication": "draft",
        "period": "ia-avtalen-2019-2022",
        "kind": "assessment",
        "measures": "ekspertbistand",
        "voice": "working_group",
        "is_summary": "0",
        "text": "Ny vurdering fra regnearket",
        "source": "arbeidsgruppen-2022",
        "section": "Sekretariatets notat",
        "position": "1",
    } | values
    return [row.get(column, "") for column in COLUMNS]


def as_csv(rows, columns=COLUMNS):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows, columns=COLUMNS):
    workbook = Workbook()
    workbook.active.append(columns)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="utsagn.csv", url_name=IMPORT):
    url = reverse(url_name)
    choices = client.get(url).context["form"].fields["format"].choices
    formats = {label: value for value, label in choices}
    file = SimpleUploadedFile(name, content)
    return client.post(url, {"format": formats[name.rsplit(".", 1)[1]], "import_file": file})


def confirm(client, preview, url_name=CONFIRM):
    form = preview.context["confirm_form"]
    return client.post(reverse(url_name), {name: form[name].value() for name in form.fields})


def problems(response):
    return [(row, column, message) for row, column, message in response.context["problems"]]


def form_errors(response):
    return response.context["form"].errors.get("import_file", [])


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def assert_no_python_details(response):
    html = text(response)
    for leak in ("Traceback", "Error", "Exception", 'File "', "Line number"):
        assert leak not in html, leak


# Refusing bad files


def test_a_good_file_is_previewed_then_imported_as_a_draft_with_history(kari):
    user, client = kari
    preview = upload(client, as_xlsx([statement_row()]), "utsagn.xlsx")
    assert preview.status_code == 200
    assert not Statement.objects.filter(key="import-1").exists()  # only a preview so far
    assert "1 nye og 0 endrede rader" in text(preview)

    response = confirm(client, preview)

    assert response.status_code == 302
    imported = Statement.objects.get(key="import-1")
    assert imported.is_draft
    assert [m.key for m in imported.measures.all()] == ["ekspertbistand"]
    record = imported.history.get()
    assert (record.history_user, record.history_change_reason) == (user, IMPORT_CHANGE_REASON)
    assert [link.measure.key for link in record.measures.all()] == ["ekspertbistand"]


def test_bad_values_are_named_by_row_and_column_in_norwegian_and_nothing_is_imported(kari):
    _, client = kari
    rows = [
        statement_row(),
        statement_row(key="import-2", kind="tull", page="tre", is_summary="ja"),
    ]
    before = Statement.objects.count()

    response = upload(client, as_csv(rows))

    assert response.status_code == 400
    assert problems(response) == [
        (3, "D (kind)", "Verdien 'tull' er ikke et gyldig valg."),
        (3, "I (is_summary)", "«ja» er verken 1 (ja) eller 0 (nei)."),
        (3, "P (page)", "«tre» er ikke et heltall."),
    ]
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert Statement.objects.count() == before
    assert_no_python_details(response)


@pytest.mark.parametrize(
    ("column", "value", "plural"),
    [
        ("measures", "ekspertbistand, finnes-ikke", "virkemidler"),
        ("source", "finnes-ikke", "kildedokumenter"),
        ("period", "finnes-ikke", "avtaleperioder"),
        ("voice_organisation", "finnes-ikke", "organisasjoner"),
        ("lead_in", "finnes-ikke", "innledninger til punktlister"),
    ],
)
def test_an_unknown_key_in_any_relation_is_a_row_error(kari, column, value, plural):
    _, client = kari
    response = upload(client, as_csv([statement_row(), statement_row(key="x", **{column: value})]))
    assert response.status_code == 400
    letter = string.ascii_uppercase[COLUMNS.index(column)]
    message = f"Finner ingen {plural} med nøkkelen «finnes-ikke»."
    assert problems(response) == [(3, f"{letter} ({column})", message)]
    assert not Statement.objects.filter(key__in=["import-1", "x"]).exists()


def test_a_new_row_goes_in_the_agreement_period_its_cell_names(kari):
    """Not silently in the latest one: a row for another agreement says which."""
    AgreementPeriod.objects.create(key="ia-avtalen-2024-2028", name="IA-avtalen 2024–2028",
                                   start_year=2024, end_year=2028)  # fmt: skip
    _, client = kari
    rows = [statement_row(), statement_row(key="ny-avtale", period="ia-avtalen-2024-2028")]
    assert confirm(client, upload(client, as_csv(rows))).status_code == 302
    imported = Statement.objects.filter(key__in=["import-1", "ny-avtale"])
    assert dict(imported.values_list("key", "period__key")) == {
        "import-1": "ia-avtalen-2019-2022",
        "ny-avtale": "ia-avtalen-2024-2028",
    }


def test_a_row_without_an_agreement_period_is_refused(kari):
    _, client = kari
    response = upload(client, as_csv([statement_row(period="")]))
    assert response.status_code == 400
    letter = string.ascii_uppercase[COLUMNS.index("period")]
    [(row, column, message)] = problems(response)
    assert (row, column) == (2, f"{letter} (period)")
    assert not Statement.objects.filter(key="import-1").exists()


def test_the_export_names_each_rows_agreement_period(kari):
    _, client = kari
    export = client.post(
        reverse("admin:measures_budgetline_export"),
        {"format": "0", "resource": "0"}
        | {f"budgetlineresource_{c}": "on" for c in BudgetLineResource().column_names()},
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    periods = [row[header.index("period")] for row in rows]
    assert len(periods) == BudgetLine.objects.count()
    assert set(periods) == {"ia-avtalen-2019-2022"}


def test_a_key_twice_in_one_file_is_refused(kari):
    _, client = kari
    rows = [statement_row(), statement_row(key="import-2"), statement_row(text="Annen tekst")]
    response = upload(client, as_csv(rows))
    assert response.status_code == 400
    assert problems(response) == [
        (
            4,
            "A (key)",
            "Nøkkelen «import-1» står også i rad 2. Hver nøkkel kan bare stå én gang i filen.",
        )
    ]
    assert not Statement.objects.filter(key="import-1").exists()


def test_missing_repeated_and_unknown_columns_are_named(kari):
    _, client = kari
    columns = [c for c in COLUMNS if c != "measures"] + ["tull", "text"]
    rows = [[""] * len(columns)]
    response = upload(client, as_csv(rows, columns))
    assert response.status_code == 400
    errors = form_errors(response)
    assert "Rad 1: kolonnen «measures» mangler." in errors
    assert "Rad 1, kolonne R: «tull» er ikke en kolonne her." in errors
    assert "Rad 1, kolonne S: kolonnen «text» står to ganger." in errors


def test_rows_are_numbered_as_excel_shows_them(kari):
    _, client = kari
    content = as_csv([statement_row()]) + b"\n" + as_csv([statement_row(key="x", kind="tull")])
    # header, good row, blank row, a second header line (row 4) and the bad row (row 5)
    response = upload(client, content)
    rows = {row for row, _, _ in problems(response)}
    assert rows == {4, 5}
    assert "Radene er nummerert slik Excel viser dem" in text(response)


def test_a_semicolon_separated_file_from_norwegian_excel_is_read(kari):
    _, client = kari
    content = as_csv([statement_row()]).decode().replace(",", ";").encode("utf-8-sig")
    response = upload(client, content)
    assert response.status_code == 200, form_errors(response) or problems(response)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(kari, settings):
    _, client = kari
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(client, as_csv([statement_row(text="x" * 1_300_000)]))
    assert response.status_code == 400
    assert form_errors(response) == [
        "Filen er på 1,2 MB. Den kan være på høyst 1 MB: del den opp i flere filer."
    ]


def test_a_file_with_too_many_rows_is_refused(kari, settings):
    _, client = kari
    settings.IMPORT_MAX_ROWS = 2
    rows = [statement_row(key=f"import-{n}") for n in range(3)]
    response = upload(client, as_csv(rows))
    assert response.status_code == 400
    assert form_errors(response) == [
        "Filen har mer enn 2 rader med data. Så mange kan ikke importeres på én gang: "
        "del den opp i flere filer."
    ]
    settings.IMPORT_MAX_ROWS = 3
    assert upload(client, as_csv(rows)).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("utsagn.xlsx", b"ikke et regneark", "Filen kan ikke leses som XLSX."),
        ("utsagn.csv", "key;æøå".encode("latin-1"), "Filen er ikke lagret som UTF-8."),
        ("utsagn.csv", as_xlsx([statement_row()]), "Filen er en XLSX-fil: velg XLSX som format."),
        ("utsagn.csv", b"\n\nkey\n", "Rad 1 er tom. Første rad skal ha kolonnenavnene."),
    ],
)
def test_an_unreadable_file_is_refused_in_norwegian_without_python_details(
    kari, name, content, message
):
    _, client = kari
    response = upload(client, content, name)
    assert response.status_code == 400
    assert form_errors(response)[0].startswith(message)
    assert_no_python_details(response)


def test_the_database_checks_are_row_errors_too(kari):
    _, client = kari
    columns = BudgetLineResource().column_names()
    row = {
        "key": "import-budsjett", "period": "ia-avtalen-2019-2022", "measure": "ekspertbistand",
        "year_from": "2022",
        "year_to": "2021", "kind": "frame", "amount": "-5", "unit": "nok", "label": "Ramme",
        "source_text": "5 kroner", "source": "arbeidsgruppen-2022", "section": "Budsjett",
    }  # fmt: skip
    response = upload(
        client,
        as_csv([[row.get(c, "") for c in columns]], columns),
        url_name="admin:measures_budgetline_import",
    )
    assert response.status_code == 400
    assert [(r, c, m) for r, c, m in problems(response)] == [
        (2, "F (year_to)", "«Til år» må ha et «fra år» og kan ikke være før det."),
        (2, "H (amount)", "Beløpet kan ikke være negativt."),
    ]
    assert not BudgetLine.objects.filter(key="import-budsjett").exists()


# Finishing large files


def statement_rows(count):
    """A mix of new rows and changes to existing ones, each citing other rows."""
    existing = list(Statement.objects.order_by("pk").values_list("key", flat=True)[: count // 2])
    measures = list(Measure.objects.values_list("key", flat=True))
    organisations = list(Organisation.objects.values_list("key", flat=True))
    sources = list(SourceDocument.objects.values_list("key", flat=True))
    return [
        statement_row(
            key=existing[n] if n < len(existing) else f"ny-{n}",
            kind="finding",
            voice="evaluator",
            voice_organisation=organisations[n % len(organisations)],
            measures=",".join(measures[n % len(measures) :][:2]),
            source=sources[n % len(sources)],
            text=f"Tekst {n}",
            position=str(n),
        )
        for n in range(count)
    ]


def test_previewing_asks_the_database_the_same_number_of_times_for_any_number_of_rows(kari):
    """The referenced keys are loaded with one query per relation, not one per row."""
    _, client = kari
    counts = []
    for size in (4, 120):
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, as_csv(statement_rows(size)))
        assert response.status_code == 200, problems(response)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The README's promise: a file of IMPORT_MAX_ROWS (10 000) rows is previewed and
# imported within the request.
@pytest.mark.parametrize("count", [300, pytest.param(10_000, marks=pytest.mark.scaling)])
def test_a_large_file_is_imported_with_its_links_and_history(kari, count, settings):
    assert count <= settings.IMPORT_MAX_ROWS
    user, client = kari
    rows = statement_rows(count)
    preview = upload(client, as_xlsx(rows), "utsagn.xlsx")
    assert preview.status_code == 200, problems(preview)
    changed = Statement.objects.get(key=rows[0][0])
    version = changed.version

    assert confirm(client, preview).status_code == 302

    for row in (rows[0], rows[-1]):
        statement = Statement.objects.get(key=row[0])
        measures = row[COLUMNS.index("measures")].split(",")
        assert sorted(m.key for m in statement.measures.all()) == sorted(measures)
        assert statement.voice_organisation.key == row[COLUMNS.index("voice_organisation")]
        record = statement.history.first()
        assert record.history_user == user
        assert sorted(link.measure.key for link in record.measures.all()) == sorted(measures)
    changed.refresh_from_db()
    assert changed.version == version + 1  # forms opened before the import are stale
    assert changed.history.first().history_type == "~"


def test_an_exported_file_imports_back_without_changes(kari):
    _, client = kari
    export = client.post(
        reverse("admin:findings_statement_export"),
        {"format": "0", "resource": "0"} | {f"statementresource_{c}": "on" for c in COLUMNS},
    )
    assert export.status_code == 200
    history = Statement.history.count()

    preview = upload(client, export.content, "utsagn.xlsx")

    assert preview.status_code == 200, problems(preview) or form_errors(preview)
    assert "Ingen rader endres." in text(preview)
    assert confirm(client, preview).status_code == 302
    assert Statement.history.count() == history


# Uploads


def test_only_the_file_this_user_previewed_can_be_imported(kari, upload_dir):
    _, client = kari
    _, ola = secretary("ola")
    preview = upload(client, as_csv([statement_row()]))
    name = preview.context["confirm_form"]["import_file_name"].value()
    posted = {"import_file_name": name, "original_file_name": "utsagn.csv", "format": "1"}

    # Another user, a made-up name, and a path out of the upload folder are all refused.
    for who, file_name in [(ola, name), (client, "0" * 32), (client, "../../etc/passwd")]:
        response = who.post(reverse(CONFIRM), posted | {"import_file_name": file_name})
        assert response.status_code == 400
        assert "Importen kan ikke fullføres" in text(response)
    assert not Statement.objects.filter(key="import-1").exists()

    assert client.post(reverse(CONFIRM), posted).status_code == 302
    assert Statement.objects.filter(key="import-1").exists()


def test_uploads_are_removed_after_the_import_and_when_refused(kari, upload_dir):
    _, client = kari
    upload(client, as_csv([statement_row(kind="tull")]))
    assert not upload_dir.exists() or not any(upload_dir.iterdir())

    first = upload(client, as_csv([statement_row()]))
    second = upload(client, as_csv([statement_row(text="Rettet tekst")]))
    assert len(list(upload_dir.iterdir())) == 1  # the second preview replaced the first

    assert confirm(client, first).status_code == 400  # no longer the one previewed
    assert confirm(client, second).status_code == 302
    assert list(upload_dir.iterdir()) == []
    assert Statement.objects.get(key="import-1").text == "Rettet tekst"


def test_abandoned_uploads_are_removed_once_no_session_can_confirm_them(kari, upload_dir, settings):
    _, client = kari
    upload_dir.mkdir(parents=True)
    abandoned = upload_dir / ("a" * 32)
    abandoned.write_bytes(b"gammel")
    old = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(abandoned, (old, old))
    recent = upload_dir / ("b" * 32)
    recent.write_bytes(b"ny")

    upload(client, as_csv([statement_row()]))

    assert not abandoned.exists()
    assert recent.exists()


# Exports


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def formula_statements():
    template = Statement.objects.filter(publication="published").order_by("pk").first()
    rows = []
    for n, formula in enumerate(FORMULAS):
        template.pk = None
        template.key = f"formel-{n}"
        template.text = formula
        template._state.adding = True
        template.save()
        rows.append(template.key)
    return rows


def test_the_public_csv_escapes_formulas(client, formula_statements):
    response = client.get(reverse("findings:statements"), {"format": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    texts = [row[rows[0].index("Tekst")] for row in rows]
    for formula in FORMULAS:
        assert "'" + formula in texts
        assert formula not in texts


def admin_export(client, file_format):
    url = reverse("admin:findings_statement_export")
    formats = {
        label: value for value, label in client.get(url).context["form"].fields["format"].choices
    }
    return client.post(
        url,
        {"format": formats[file_format], "resource": "0"}
        | {f"statementresource_{c}": "on" for c in ("key", "text")},
    )


def test_the_admin_csv_escapes_formulas(kari, formula_statements):
    _, client = kari
    content = admin_export(client, "csv").content.decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(content, newline=""), delimiter=";")
    texts = {row["key"]: row["text"] for row in rows}
    for key, formula in zip(formula_statements, FORMULAS, strict=True):
        assert texts[key] == "'" + formula


def test_the_admin_xlsx_has_strings_not_formulas(kari, formula_statements):
    _, client = kari
    sheet = load_workbook(io.BytesIO(admin_export(client, "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: row[header.index("text")] for row in sheet.iter_rows(min_row=2)}
    for key, formula in zip(formula_statements, FORMULAS, strict=True):
        assert cells[key].data_type == "s"
        # XML stores a carriage return as a line feed.
        assert cells[key].value == "'" + formula.replace("\r", "\n")


def test_an_escaped_cell_imports_back_as_it_was(kari):
    _, client = kari
    preview = upload(client, as_csv([statement_row(text="'=1+1")]))
    assert confirm(client, preview).status_code == 302
    assert Statement.objects.get(key="import-1").text == "=1+1"


def test_lead_ins_can_be_imported_and_exported(kari):
    _, client = kari
    source = SourceDocument.objects.get(key="arbeidsgruppen-2022")
    lead_in = LeadIn.objects.create(
        key="innledning-import", text="Følgende bør ses på:", source=source, section="Test"
    )
    preview = upload(client, as_csv([statement_row(lead_in=lead_in.key)]))
    assert confirm(client, preview).status_code == 302
    assert Statement.objects.get(key="import-1").lead_in == lead_in


@pytest.mark.django_db(transaction=True)
def test_a_refusal_from_the_database_saves_nothing_and_says_so_without_details(
    monkeypatch, caplog, superuser
):
    """Every check constraint has a clean() that names the row; should one ever be
    missed, the database still refuses the file in the import's own transaction."""
    SourceDocument.objects.create(
        key="kilde", title="Kilde", short_title="Kilde", author="Noen", filename="kilde.txt"
    )
    AgreementPeriod.objects.create(key="avtale", name="Avtale", start_year=2019, end_year=2022)
    Measure.objects.create(key="tiltak", name="Tiltak", status="new", focus_area="preventive")
    client = Client()
    client.force_login(superuser)
    monkeypatch.setattr(BudgetLine, "clean", lambda self: None)  # the check «forgotten»
    columns = BudgetLineResource().column_names()
    row = {
        "key": "negativ", "period": "avtale", "measure": "tiltak", "kind": "frame", "amount": "-5",
        "unit": "nok",
        "label": "Ramme", "source_text": "-5 kroner", "source": "kilde", "section": "Budsjett",
    }  # fmt: skip
    preview = upload(
        client,
        as_csv([[row.get(c, "") for c in columns]], columns),
        url_name="admin:measures_budgetline_import",
    )
    assert preview.status_code == 200  # the preview writes nothing, so it cannot know

    response = confirm(client, preview, url_name="admin:measures_budgetline_process_import")

    assert response.status_code == 400
    assert "Databasen godtok ikke filen, så ingenting er lagret." in text(response)
    assert_no_python_details(response)
    assert not BudgetLine.objects.filter(key="negativ").exists()
    assert not BudgetLine.history.filter(key="negativ").exists()
    assert "budgetline_amount_not_negative" in caplog.text  # the details are in the log
