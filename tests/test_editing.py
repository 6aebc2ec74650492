"""The secretariat's daily work in the admin: history, and spreadsheet import
and export. Restores and concurrent editing: test_history.py."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from findings.models import Statement

pytestmark = pytest.mark.django_db


def secretary(name):
    user = User.objects.create_user(name, first_name=name.title(), is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    client = Client()
    client.force_login(user)
    return user, client


def change_url(statement):
    return reverse("admin:findings_statement_change", args=[statement.pk])


def posted_values(form):
    """What a browser posts back for an untouched form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is True:
            data[name] = "on"
        elif value is not None and value is not False and value != "":
            data[name] = str(value)
    return data


def form_data(client, statement):
    return posted_values(client.get(change_url(statement)).context["adminform"].form)


@pytest.fixture
def statement():
    return Statement.objects.get(key=Statement.objects.order_by("pk").first().key)


def test_every_change_is_kept_with_who_when_and_a_diff(statement):
    user, client = secretary("kari")
    original = statement.text
    for new_text in ("Første endring.", "Andre endring."):
        data = form_data(client, statement) | {"text": new_text}
        response = client.post(change_url(statement), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    records = list(statement.history.filter(history_user=user).order_by("history_id"))
    assert len(records) == 2
    delta = records[1].diff_against(records[0])
    change = next(c for c in delta.changes if c.field == "text")
    assert (change.old, change.new) == ("Første endring.", "Andre endring.")
    assert original != "Første endring."
    history_page = client.get(reverse("admin:findings_statement_history", args=[statement.pk]))
    html = history_page.content.decode()
    assert "kari" in html  # who
    assert "Første endring." in html and "Andre endring." in html  # the diff, before → after


def upload(client, url_name, name, content):
    url = reverse(url_name)
    formats = dict(
        (label, value) for value, label in client.get(url).context["form"].fields["format"].choices
    )
    file = SimpleUploadedFile(name, content)
    kind = "csv" if name.endswith(".csv") else "xlsx"
    return client.post(url, {"format": formats[kind], "resource": "0", "import_file": file})


STATEMENT_HEADER = (
    "key,publication,kind,measures,voice,voice_organisation,addressee,is_summary,text,"
    "footnote,source,section,page,position,line\n"
)
GOOD_ROW = (
    "import-1,draft,assessment,ekspertbistand,working_group,,,0,Ny vurdering fra regnearket,"
    ",arbeidsgruppen-2022,Sekretariatets notat,,1,\n"
)
BAD_ROW = (
    "import-2,draft,tull,ekspertbistand,working_group,,,0,Feil type,"
    ",arbeidsgruppen-2022,Sekretariatets notat,,2,\n"
)


def test_a_file_with_a_bad_row_imports_nothing_and_names_row_and_column():
    _, client = secretary("kari")
    before = Statement.objects.count()
    content = (STATEMENT_HEADER + GOOD_ROW + BAD_ROW).encode()
    response = upload(client, "admin:findings_statement_import", "utsagn.csv", content)
    html = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert "kind" in html and "tull" in html
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert "kind" in result.invalid_rows[0].error_dict
    assert Statement.objects.count() == before
    assert not Statement.objects.filter(key="import-1").exists()


def test_a_good_spreadsheet_is_previewed_then_imported_as_drafts():
    _, client = secretary("kari")
    workbook = Workbook()
    sheet = workbook.active
    for line in (STATEMENT_HEADER + GOOD_ROW).strip().split("\n"):
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, "admin:findings_statement_import", "utsagn.xlsx", buffer.getvalue())
    assert response.status_code == 200
    assert not Statement.objects.filter(key="import-1").exists()  # only a preview so far
    assert "confirm_form" in response.context, re.sub(r"\s+", " ", response.content.decode())[
        -3000:
    ]
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    response = client.post(reverse("admin:findings_statement_process_import"), data)
    assert response.status_code == 302
    imported = Statement.objects.get(key="import-1")
    assert imported.is_draft
    assert [m.key for m in imported.measures.all()] == ["ekspertbistand"]


def test_statements_export_to_a_spreadsheet():
    _, client = secretary("kari")
    url = reverse("admin:findings_statement_export")
    formats = {
        label: value for value, label in client.get(url).context["form"].fields["format"].choices
    }
    response = client.post(
        url,
        {"format": formats["xlsx"], "resource": "0"}
        | {
            f"statementresource_{field}": "on"
            for field in ("key", "kind", "measures", "voice", "text", "source", "section", "page")
        },
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) - 1 == Statement.objects.count()
    assert "text" in rows[0]
