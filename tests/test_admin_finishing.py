"""The secretariat can finish its work in the admin: keys made from the text,
warnings for text not in the source, a word that a draft is not public, delete
and restore, and CSV that Norwegian Excel opens in columns."""

import csv
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.keys import norwegian_slug, unique_key
from findings.admin import verbatim_warnings
from findings.content import VERBATIM_FIELDS
from findings.models import Evaluation, Statement
from measures.models import Measure, SourceDocument
from tests.admin_forms import opened_form

pytestmark = pytest.mark.django_db
ADD = reverse("admin:findings_statement_add")


def source():
    return SourceDocument.objects.get(key="arbeidsgruppen-2022")


def statement_form(**fields):
    form = {
        "key": "",
        "publication": "draft",
        "kind": "assessment",
        "measures": [str(Measure.objects.get(key="skil").pk)],
        "period": str(Measure.objects.get(key="skil").period_id),
        "voice": "working_group",
        "addressee": "",
        "text": "Sykefraværsoppfølging på arbeidsplassen er viktig for æ, ø og å.",
        "footnote": "",
        "source": str(source().pk),
        "section": "Testseksjon",
        "page": "",
        "position": "1",
        "loaded_version": "",
    }
    return form | fields


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def a_verbatim_text():
    """A published statement's text, which `verify_content` finds in its source."""
    return Statement.objects.filter(source__key="arbeidsgruppen-2022").order_by("pk").first().text


# Keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Sykefraværsoppfølging", "sykefravaersoppfolging"),
        ("Blå Ærlig Øst", "blaa-aerlig-ost"),
        ("NAV Arbeidslivssenter (NALS)", "nav-arbeidslivssenter-nals"),
        ("", ""),
    ],
)
def test_keys_spell_out_the_norwegian_letters(text, slug):
    assert norwegian_slug(text) == slug


def test_a_long_text_gives_a_key_cut_at_a_word():
    slug = norwegian_slug("ord " * 40)
    assert len(slug) <= 60
    assert slug.endswith("ord")


def test_a_taken_key_gets_a_number():
    Statement.objects.filter(pk=Statement.objects.order_by("pk").first().pk).update(key="samme")
    assert unique_key(Statement, "Samme") == "samme-2"


def test_a_deleted_rows_key_is_not_given_again(secretariat_client):
    assert secretariat_client.post(ADD, statement_form()).status_code == 302
    first = Statement.objects.get(section="Testseksjon")
    first.delete()
    assert secretariat_client.post(ADD, statement_form()).status_code == 302
    assert Statement.objects.get(section="Testseksjon").key == f"{first.key}-2"


def test_a_key_left_blank_is_made_from_the_text(secretariat_client):
    response = secretariat_client.post(ADD, statement_form())
    assert response.status_code == 302
    statement = Statement.objects.get(section="Testseksjon")
    assert statement.key == "sykefravaersoppfolging-paa-arbeidsplassen-er-viktig-for-ae-o"


def test_two_statements_with_the_same_text_get_different_keys(secretariat_client):
    assert secretariat_client.post(ADD, statement_form()).status_code == 302
    assert secretariat_client.post(ADD, statement_form(position="2")).status_code == 302
    keys = set(Statement.objects.filter(section="Testseksjon").values_list("key", flat=True))
    assert len(keys) == 2
    assert any(key.endswith("-2") for key in keys)


def test_a_key_typed_in_is_kept(secretariat_client):
    assert secretariat_client.post(ADD, statement_form(key="min-nokkel")).status_code == 302
    assert Statement.objects.filter(key="min-nokkel").exists()


def test_the_add_form_says_the_key_may_be_left_blank(secretariat_client):
    body = secretariat_client.get(ADD).content.decode()
    assert "La feltet stå tomt, så lages nøkkelen av «Tekst»." in body


def test_a_key_is_still_required_when_changing(secretariat_client):
    statement = Statement.objects.order_by("pk").first()
    form = secretariat_client.get(reverse("admin:findings_statement_change", args=[statement.pk]))
    assert form.context["adminform"].form.fields["key"].required


# Warnings and messages after saving ----------------------------------------------------


def test_text_not_in_the_source_is_saved_with_a_warning(secretariat_client):
    response = secretariat_client.post(ADD, statement_form(text="Dette står ikke i kilden."))
    assert response.status_code == 302  # a warning, not a block
    assert Statement.objects.filter(text="Dette står ikke i kilden.").exists()
    shown = messages_of(response)
    assert any("«Tekst» står ikke ordrett i" in message for message in shown)


def test_verbatim_text_gives_no_warning(secretariat_client):
    response = secretariat_client.post(ADD, statement_form(text=a_verbatim_text()))
    assert response.status_code == 302
    assert not [message for message in messages_of(response) if "ordrett" in message]


@pytest.mark.parametrize("model", list(VERBATIM_FIELDS), ids=lambda model: model.__name__)
def test_every_text_copied_from_a_source_is_checked_on_save(model):
    """Each model's verbatim fields, as the README lists them, warn when changed."""
    for name in VERBATIM_FIELDS[model]:
        row = model.objects.exclude(**{name: ""}).order_by("pk").first()
        assert verbatim_warnings(row) == [], (model, name)
        setattr(row, name, getattr(row, name) + " Ikke fra kilden.")
        label = model._meta.get_field(name).verbose_name.capitalize()
        assert [f"«{label}» står ikke ordrett" in w for w in verbatim_warnings(row)] == [True]


def test_a_description_changed_in_the_measure_form_is_checked_too(secretariat_client):
    measure = Measure.objects.get(key="skil")
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = opened_form(secretariat_client, url)
    field = next(name for name in data if re.fullmatch(r"sections-\d+-text", name))
    data[field] += " Ikke fra kilden."
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    assert any("«Tekst» står ikke ordrett i" in message for message in messages_of(response))


def test_the_warning_shows_on_the_next_page(secretariat_client):
    response = secretariat_client.post(ADD, statement_form(text="Ikke i kilden."), follow=True)
    body = response.content.decode()
    assert "står ikke ordrett i" in body
    assert "vises ikke på portalen før den er publisert" in body


def test_a_draft_is_said_to_be_invisible_until_published(secretariat_client):
    response = secretariat_client.post(ADD, statement_form(text=a_verbatim_text()))
    assert any(
        "er lagret som utkast og vises ikke på portalen før den er publisert" in message
        for message in messages_of(response)
    )


def test_a_published_entry_gets_no_draft_message(secretariat_client):
    response = secretariat_client.post(
        ADD, statement_form(text=a_verbatim_text(), publication="published")
    )
    assert response.status_code == 302
    assert not [message for message in messages_of(response) if "utkast" in message]


# Delete and restore ------------------------------------------------------------------


def test_the_secretariat_deletes_a_draft_and_restores_it_from_the_history(secretariat_client):
    assert secretariat_client.post(ADD, statement_form(key="feil-utkast")).status_code == 302
    statement = Statement.objects.get(key="feil-utkast")
    pk = statement.pk
    delete = reverse("admin:findings_statement_delete", args=[pk])
    assert secretariat_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=pk).exists()

    history = secretariat_client.get(reverse("admin:findings_statement_history", args=[pk]))
    assert history.status_code == 200
    last_saved = Statement.history.filter(id=pk).exclude(history_type="-").latest()
    restore_url = reverse(
        "admin:findings_statement_simple_history", args=[pk, last_saved.history_id]
    )
    opened = secretariat_client.get(restore_url)
    assert opened.status_code == 200
    form = opened.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["measures"] = [str(pk) for pk in data["measures"]]
    response = secretariat_client.post(restore_url, data)
    assert response.status_code == 302

    restored = Statement.objects.get(pk=pk)
    assert restored.key == "feil-utkast"
    assert list(restored.measures.values_list("key", flat=True)) == ["skil"]
    newest_first = list(Statement.history.filter(id=pk).values_list("history_type", flat=True))
    # The deletion stays in the history, below the restore.
    assert newest_first.count("-") == 1
    assert newest_first.index("-") > 0


def test_the_deleted_list_links_to_each_deleted_entrys_history(secretariat_client):
    assert secretariat_client.post(ADD, statement_form(key="slettes")).status_code == 302
    pk = Statement.objects.get(key="slettes").pk
    delete = reverse("admin:findings_statement_delete", args=[pk])
    secretariat_client.post(delete, {"post": "yes"})
    deleted = secretariat_client.get(reverse("admin:findings_statement_deleted"))
    assert deleted.status_code == 200
    body = deleted.content.decode()
    assert reverse("admin:findings_statement_history", args=[pk]) in body
    assert "Sykefraværsoppfølging på arbeidsplassen" in body
    changelist = secretariat_client.get(reverse("admin:findings_statement_changelist"))
    assert reverse("admin:findings_statement_deleted") in changelist.content.decode()


# CSV -----------------------------------------------------------------------------------


def test_the_admin_csv_is_the_excel_friendly_format_of_the_public_one(secretariat_client):
    url = reverse("admin:findings_statement_export")
    choices = secretariat_client.get(url).context["form"].fields["format"].choices
    csv_format = next(value for value, label in choices if label == "csv")
    response = secretariat_client.post(
        url,
        {"format": csv_format, "resource": "0"}
        | {f"statementresource_{c}": "on" for c in ("key", "text", "section")},
    )
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8")
    header_line = text[1:].split("\r\n", 1)[0]
    assert header_line == "key;text;section"
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert len(rows) == Statement.objects.count() + 1
    assert "æ" in text or "ø" in text  # UTF-8, not mojibake


def test_an_evaluation_not_in_the_source_is_saved_with_a_warning(secretariat_client):
    evaluation = Evaluation.objects.order_by("pk").first()
    url = reverse("admin:findings_evaluation_change", args=[evaluation.pk])
    form = secretariat_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["measures"] = [str(pk) for pk in data["measures"]]
    data["evaluators"] = [str(pk) for pk in data["evaluators"]]
    data["source_text"] = "En setning som ikke står i kilden."
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    assert any("«Kildetekst» står ikke ordrett i" in m for m in messages_of(response))


def test_the_deleted_list_is_for_the_secretariat_only(client):
    from django.contrib.auth.models import Group, User

    member = User.objects.create_user("medlem-i-admin", is_staff=True)
    member.groups.add(Group.objects.get(name="Koordineringsgruppen"))
    client.force_login(member)
    assert client.get(reverse("admin:findings_statement_deleted")).status_code == 403
