"""Follow-up of the recommendations: pages per role, drafts, the reason rules and
the log, the matrix against the statements, filters, exports, query counts."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from findings.models import Statement
from followup.changes import change_item
from followup.models import FollowUpItem, ItemEvent, ItemNote, ItemQuote, Owner, Status
from followup.presentation import SILENT_SOURCE
from measures.models import Measure
from tests.factories import a_draft_statement

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "member", "secretariat", "superuser"]
LIST = reverse("followup:items")
MATRIX = reverse("followup:matrix")
DRAFT_QUOTE = "Sekretariatets utkast zqxv bør vurderes."


def client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def select_options(response, name):
    """{value: count} for one filter's select, its option groups included."""
    select = next(s for s in response.context["state"].selects if s.name == name)
    options = []
    for entry in select.entries:
        options += getattr(entry, "options", [entry])
    return {option.value: option.count for option in options}


def item_url(key):
    return reverse("followup:item", args=[key])


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def new_item(key, statement, quote=None, publication="published", **fields):
    item = FollowUpItem.objects.create(key=key, publication=publication, position=9999, **fields)
    ItemQuote.objects.create(
        key=f"{key}--1", item=item, statement=statement, quote=quote or statement.text
    )
    return item


@pytest.fixture
def draft_statement(db):
    return a_draft_statement("utkast-anbefaling", DRAFT_QUOTE)


@pytest.fixture
def drafts(draft_statement):
    """A draft item on a published statement, and a published item on a draft statement."""
    published = Statement.objects.get(key="skil-vurdering-01")
    draft_item = new_item(
        "utkast-punkt", published, "Erfaringene fra dette prosjektet bør også brukes inn i videre "
        "arbeid med sykefraværsoppfølgingen.", publication="draft",
    )  # fmt: skip
    on_draft = new_item("punkt-pa-utkast", draft_statement)
    return draft_item, on_draft


# Pages for each role ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_follow_up_page_opens_for_every_role(role, cast):
    client = client_for(role, cast)
    for url in [LIST, MATRIX, item_url("oxford-anbefaling-01"), item_url("ag-fou-ressurser")]:
        page = html(client, url)
        assert page.count("<h1") == 1
        assert '<html lang="nb">' in page
        assert 'href="/oppfolging/" aria-current="page"' in page


@pytest.mark.parametrize("role", ROLES)
def test_notes_are_internal_and_authors_are_named_only_to_members(role, cast):
    item = FollowUpItem.objects.get(key="ag-fou-ressurser")
    ItemNote.objects.create(item=item, text="Drøftet i KG 4. mai zqxv.", author=cast["secretariat"])
    change_item(item, user=cast["secretariat"], status=Status.SOME)
    page = html(client_for(role, cast), item_url(item.key))
    internal = role != "anonymous"
    assert ("Drøftet i KG 4. mai zqxv." in page) is internal
    assert ("Notater fra sekretariatet" in page) is internal
    assert ("Siri Sekretær" in page) is internal
    assert "Gjennomført i noen grad" in page  # the status and its log are public


def test_a_missing_item_is_a_norwegian_404(client):
    assert "Fant ikke siden" in html(client, item_url("finnes-ikke"), status=404)


# Drafts ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_drafts_and_quotes_from_draft_statements_appear_nowhere(role, cast, drafts):
    client = client_for(role, cast)
    draft_item, on_draft = drafts
    for url in [LIST, MATRIX, LIST + "?virkemiddel=skil", item_url("ag-skil-erfaringene")]:
        page = html(client, url)
        assert "utkast-punkt" not in page and "zqxv" not in page and "punkt-pa-utkast" not in page
    html(client, item_url(draft_item.key), status=404)
    html(client, item_url(on_draft.key), status=404)
    for export in ["csv", "xlsx"]:
        assert "zqxv" not in export_rows(client, export).__repr__()
        assert "utkast-punkt" not in export_rows(client, export).__repr__()
    response = client.get(LIST)
    assert (
        response.context["page"].paginator.count
        == FollowUpItem.objects.filter(publication="published").count() - 1
    )
    assert select_options(response, "virkemiddel")["skil"] == 2  # not 4


@pytest.mark.parametrize("role", ["secretariat", "superuser"])
def test_the_secretariat_sees_drafts_marked_as_such(role, cast, drafts):
    client = client_for(role, cast)
    draft_item, on_draft = drafts
    page = html(client, LIST)
    assert "utkast-punkt" in page and "punkt-pa-utkast" in page
    assert "Utkast – ikke publisert" in page
    assert "Utkast – ikke publisert" in html(client, item_url(draft_item.key))
    assert DRAFT_QUOTE in html(client, item_url(on_draft.key))
    assert "punkt-pa-utkast" in html(client, MATRIX)


def test_a_published_item_hides_only_its_quote_from_a_draft_statement(client, draft_statement):
    item = FollowUpItem.objects.get(key="ag-skil-erfaringene")
    ItemQuote.objects.create(
        key="ag-skil-erfaringene--9", item=item, statement=draft_statement, quote=DRAFT_QUOTE
    )
    page = html(client, item_url(item.key))
    assert "Erfaringene fra dette prosjektet" in page
    assert "zqxv" not in page


# Target date, status and the log --------------------------------------------


@pytest.fixture
def item(db):
    return FollowUpItem.objects.get(key="ag-bransjeprogrammer-forlengelse")


def test_moving_a_target_date_needs_a_reason_and_keeps_the_old_one(item, cast, client):
    secretary = cast["secretariat"]
    change_item(
        item, user=secretary, target_date=datetime.date(2023, 9, 1), target_precision="season"
    )
    with pytest.raises(ValidationError) as error:
        change_item(
            item, user=secretary, target_date=datetime.date(2024, 1, 1), target_precision="year"
        )
    assert "flyttes" in str(error.value)
    item.refresh_from_db()
    assert (item.target_date, item.target_display) == (datetime.date(2023, 9, 1), "høsten 2023")
    with pytest.raises(ValidationError):  # removing it is moving it too
        change_item(item, user=secretary, target_date=None, target_precision="")
    change_item(
        item, user=secretary, reason="Venter på evalueringen.",
        target_date=datetime.date(2024, 1, 1), target_precision="year",
    )  # fmt: skip
    first, moved = ItemEvent.objects.filter(item=item)
    assert (first.target_before, first.target_after_display, first.reason) == (
        None,
        "høsten 2023",
        "",
    )
    assert (moved.target_before_display, moved.target_after_display) == ("høsten 2023", "2024")
    assert (moved.author, moved.author_name, moved.reason) == (
        secretary,
        "Siri Sekretær",
        "Venter på evalueringen.",
    )
    page = html(client, item_url(item.key))
    assert re.search(r"høsten 2023 → 2024.*flyttet.*Venter på evalueringen\.", page, re.S)
    assert "Ikke startet – kilden sier" in page  # no one has set the status yet


def test_a_new_owner_is_logged_with_the_old_one_and_shown(item, cast, client):
    before = item.owner_display
    change_item(item, user=cast["secretariat"], owner=Owner.MINISTRY)
    event = ItemEvent.objects.filter(item=item).latest("pk")
    assert (event.owner_before, event.owner_after) == (before, "Departementet")
    assert f"Ansvarlig: {before} → Departementet" in html(client, item_url(item.key))


def test_refining_a_target_to_a_finer_precision_is_a_move_too(item, cast):
    change_item(
        item,
        user=cast["secretariat"],
        target_date=datetime.date(2023, 9, 1),
        target_precision="season",
    )
    with pytest.raises(ValidationError):
        change_item(
            item,
            user=cast["secretariat"],
            target_date=datetime.date(2023, 10, 1),
            target_precision="month",
        )


def test_a_target_date_must_start_its_period(item, cast):
    with pytest.raises(ValidationError) as error:
        change_item(
            item,
            user=cast["secretariat"],
            target_date=datetime.date(2023, 9, 15),
            target_precision="season",
        )
    assert "første dag" in str(error.value) or "måned" in str(error.value)
    assert not ItemEvent.objects.filter(item=item).exists()


def test_will_not_be_done_needs_a_reason_which_the_page_shows(item, cast, client):
    with pytest.raises(ValidationError) as error:
        change_item(item, user=cast["secretariat"], status=Status.WONT_DO, reason="  ")
    assert "ikke blir gjennomført" in str(error.value)
    item.refresh_from_db()
    assert item.status == Status.NOT_STARTED
    change_item(
        item, user=cast["secretariat"], status=Status.WONT_DO, reason="Avtalt i KG 3. mars."
    )
    item.refresh_from_db()
    assert item.status_reason == "Avtalt i KG 3. mars."
    page = html(client, item_url(item.key))
    assert "Blir ikke gjennomført" in page and "Begrunnelse: Avtalt i KG 3. mars." in page
    assert SILENT_SOURCE not in page


def test_the_database_refuses_will_not_be_done_without_a_reason(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpItem.objects.filter(pk=item.pk).update(status=Status.WONT_DO)


def test_the_log_cannot_be_changed_or_deleted(item, cast):
    event = change_item(item, user=cast["secretariat"], status=Status.SOME)
    event.reason = "Skrevet om i ettertid"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ItemEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        ItemEvent.objects.filter(pk=event.pk).delete()
    assert ItemEvent.objects.get(pk=event.pk).reason == ""


def admin_form(item, **changes):
    data = {
        "key": item.key, "publication": item.publication, "period": item.period_id,
        "position": item.position,
        "owner": item.owner, "owner_organisation": "", "status": item.status,
        "target_date": item.target_date.isoformat() if item.target_date else "",
        "target_precision": item.target_precision, "reason": "", "loaded_version": item.version,
    }  # fmt: skip
    for prefix, count in [("quotes", item.quotes.count()), ("notes", 0), ("events", 0)]:
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}
    for n, quote in enumerate(item.quotes.all()):
        data |= {
            f"quotes-{n}-id": quote.pk, f"quotes-{n}-item": item.pk, f"quotes-{n}-key": quote.key,
            f"quotes-{n}-statement": quote.statement_id, f"quotes-{n}-quote": quote.quote,
            f"quotes-{n}-position": quote.position, f"quotes-{n}-loaded_version": quote.version,
        }  # fmt: skip
    return data | changes


def test_the_admin_refuses_a_moved_date_without_a_reason_and_keeps_what_was_typed(
    item, cast, secretariat_client
):
    change_item(
        item,
        user=cast["secretariat"],
        target_date=datetime.date(2023, 1, 1),
        target_precision="year",
    )
    item.refresh_from_db()
    url = reverse("admin:followup_followupitem_change", args=[item.pk])
    moved = admin_form(item, target_date="2024-01-01", status="some")
    response = secretariat_client.post(url, moved)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv hvorfor måldatoen flyttes" in page
    assert 'value="2024-01-01"' in page  # nothing typed is lost
    item.refresh_from_db()
    assert (item.target_date, item.status) == (datetime.date(2023, 1, 1), Status.NOT_STARTED)
    response = secretariat_client.post(url, moved | {"reason": "Forsinket av anbudet."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.target_date, item.status) == (datetime.date(2024, 1, 1), Status.SOME)
    event = ItemEvent.objects.filter(item=item).last()
    assert (event.author_name, event.reason) == ("Siri Sekretær", "Forsinket av anbudet.")
    assert (event.status_before, event.status_after) == (Status.NOT_STARTED, Status.SOME)


def test_the_admin_asks_for_a_reason_for_will_not_be_done(item, secretariat_client):
    url = reverse("admin:followup_followupitem_change", args=[item.pk])
    response = secretariat_client.post(url, admin_form(item, status="wont_do"))
    assert "Skriv hvorfor anbefalingen ikke blir gjennomført" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.NOT_STARTED and not item.events.exists()


def test_the_admin_names_the_author_of_a_note(item, secretariat_client, secretariat_user):
    url = reverse("admin:followup_followupitem_change", args=[item.pk])
    data = admin_form(item) | {
        "notes-TOTAL_FORMS": 1, "notes-0-date": "2023-05-04", "notes-0-text": "Møte med partene.",
    }  # fmt: skip
    assert secretariat_client.post(url, data).status_code == 302
    note = item.notes.get()
    assert (note.author, note.date) == (secretariat_user, datetime.date(2023, 5, 4))
    assert not item.events.exists()  # a note alone changes no status


# Matrix ------------------------------------------------------------------------


def statement_measures():
    """Statement key -> its measures' keys, straight from the link table."""
    links = {}
    for statement, measure in Statement.measures.through.objects.values_list(
        "statement__key", "measure__key"
    ):
        links.setdefault(statement, set()).add(measure)
    return links


def test_the_matrix_counts_agree_with_the_statements(client):
    matrix = client.get(MATRIX).context["matrix"]
    links = statement_measures()
    expected_rows = {}
    for quote in ItemQuote.objects.select_related("item", "statement"):
        expected_rows.setdefault(quote.item.key, {}).setdefault(None, set())
        for measure in links.get(quote.statement.key, {None}):
            expected_rows[quote.item.key].setdefault(measure, set()).add(quote.statement.key)
    rows = [row for group in matrix.row_groups for row in group.rows]
    assert len(rows) == FollowUpItem.objects.count() == 60
    for row in rows:
        expected = expected_rows[row.item.key]
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            assert cell.statement_keys == expected.get(
                column.measure.key if column.measure else None, set()
            )
        assert row.total == len([m for m in expected if m is not None])
    for column in matrix.columns:
        key = column.measure.key if column.measure else None
        assert column.total == sum(1 for e in expected_rows.values() if e.get(key)), column.label
    assert {c.measure.key for c in matrix.columns if c.measure} == set(
        Measure.objects.values_list("key", flat=True)
    )


def test_the_matrix_is_a_table_with_headers_and_groups_sub_measures(client):
    page = html(client, MATRIX)
    assert '<caption id="matrix-caption">' in page
    assert (
        page.count('scope="colgroup"')
        == Measure.objects.filter(children__isnull=False).distinct().count()
    )
    assert page.count('scope="rowgroup"') == 2
    assert page.count('<th scope="row"') == 60 + 1  # one per recommendation and the totals row
    matrix = client.get(MATRIX).context["matrix"]
    group = next(g for g in matrix.column_groups if g.label == "Bransjeprogrammer")
    assert [c.measure.key for c in group.columns][0] == "bransjeprogrammer"
    assert {c.measure.parent.key for c in group.columns[1:]} == {"bransjeprogrammer"}
    # a cell links to the statement where it stands on the measure's page
    assert 'href="/virkemidler/ia-fou-programmet/#utsagn-ia-fou-programmet-vurdering-10"' in page


def test_a_column_total_links_to_the_list_with_the_same_count(client):
    matrix = client.get(MATRIX).context["matrix"]
    counted = [c for c in matrix.columns if c.measure and c.total][:6]
    assert len(counted) == 6
    for column in counted:
        listed = (
            client.get(LIST, {"virkemiddel": column.measure.key}).context["page"].paginator.count
        )
        assert listed == column.total, column.label


# Filters and counts ----------------------------------------------------------


@pytest.mark.slow
def test_every_filter_option_count_is_the_number_of_results_it_gives(client, cast):
    item = FollowUpItem.objects.get(key="oxford-anbefaling-02")
    change_item(item, user=cast["secretariat"], status=Status.MOST,
                target_date=datetime.date(2020, 1, 1), target_precision="year")  # fmt: skip
    change_item(FollowUpItem.objects.get(key="ag-fou-ressurser"), user=None, status=Status.DONE,
                target_date=datetime.date(2020, 1, 1), target_precision="year")  # fmt: skip
    # Every option alone, then each facet under another filter (its own is left out).
    checks = [
        ({}, None),
        ({"kilde": "oxford-research-2022"}, "ansvarlig"),
        ({"status": "not_started"}, "virkemiddel"),
        ({"ansvarlig": "nav"}, "status"),
    ]
    for base, only in checks:
        response = client.get(LIST, base)
        for select in response.context["state"].selects:
            if only and select.name != only:
                continue
            for value, shown in select_options(response, select.name).items():
                params = base | {select.name: value}
                count = client.get(LIST, params).context["page"].paginator.count
                assert shown == count, params


def test_overdue_is_an_open_item_whose_target_period_has_ended(client, cast):
    late = FollowUpItem.objects.get(key="oxford-anbefaling-02")
    change_item(late, user=None, target_date=datetime.date(2020, 7, 1), target_precision="half")
    done = FollowUpItem.objects.get(key="oxford-anbefaling-03")
    change_item(
        done,
        user=None,
        status=Status.DONE,
        target_date=datetime.date(2020, 1, 1),
        target_precision="year",
    )
    later = FollowUpItem.objects.get(key="oxford-anbefaling-04")
    change_item(later, user=None, target_date=datetime.date(2099, 1, 1), target_precision="year")
    response = client.get(LIST, {"forsinket": "ja"})
    assert [row["item"].key for row in response.context["rows"]] == ["oxford-anbefaling-02"]
    assert "Forsinket" in html(client, item_url(late.key))
    assert late.target_end == datetime.date(2020, 12, 31)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"status": "tull"}, "Velg et gyldig valg"),
        ({"virkemiddel": "finnes-ikke"}, "Velg et gyldig valg"),
        ({"forsinket": "kanskje"}, "Velg et gyldig valg"),
        ({"side": "abc"}, "Sidetallet må være et helt tall"),
        ({"format": "pdf"}, "Formatet kan være csv eller xlsx"),
        ({"ansvarlig": "a\x00b"}, ""),
    ],
)
def test_a_bad_address_is_a_clear_400_that_keeps_the_choices(client, query, message):
    response = client.get(LIST, query | {"kilde": "oxford-research-2022"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noe i adressen kan ikke brukes" in page and message in page
    assert '<option value="oxford-research-2022" selected>' in page


def test_a_bad_value_still_lists_what_the_other_filters_select(client):
    response = client.get(LIST, {"status": "tull", "kilde": "oxford-research-2022"})
    from_oxford = client.get(LIST, {"kilde": "oxford-research-2022"})
    assert response.status_code == 400
    assert response.context["page"].paginator.count == from_oxford.context["page"].paginator.count
    assert select_options(response, "ansvarlig") == select_options(from_oxford, "ansvarlig")
    assert "status=tull" not in response.content.decode()  # links leave the bad value out


def test_empty_parameters_redirect_to_the_clean_address(client):
    response = client.get(LIST, {"status": "", "ansvarlig": "nav", "forsinket": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?ansvarlig=nav"


def test_sub_measures_are_grouped_and_options_without_items_left_out(client):
    response = client.get(LIST)
    select = next(s for s in response.context["state"].selects if s.name == "virkemiddel")
    groups = [entry for entry in select.entries if hasattr(entry, "options")]
    flat = select_options(response, "virkemiddel")
    assert all(count > 0 for count in flat.values())
    assert len(flat) < Measure.objects.count()
    for group in groups:
        children = Measure.objects.get(name=group.label).children.values_list("key", flat=True)
        assert {o.value for o in group.options} - set(children) <= {
            Measure.objects.get(name=group.label).key
        }


def test_a_page_past_the_end_is_a_404(client):
    assert client.get(LIST, {"side": 99}).status_code == 404


# Exports ---------------------------------------------------------------------


def export_rows(client, fmt, **filters):
    response = client.get(LIST, filters | {"format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        raw = b"".join(response.streaming_content)
        assert raw.startswith("\ufeff".encode())
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [
        [cell if cell is not None else "" for cell in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_the_filtered_items_with_their_quotes(client, cast, fmt):
    item = FollowUpItem.objects.get(key="oxford-anbefaling-04")
    change_item(item, user=None, status=Status.WONT_DO, reason="=SUM(A1) er ikke en formel")
    rows = export_rows(client, fmt, ansvarlig="nav")
    header, *body = rows
    assert header[:3] == ["Nøkkel", "Anbefaling (ordrett)", "Kilde"]
    assert len(body) == FollowUpItem.objects.filter(owner="nav").count() > 0
    row = next(r for r in body if r[0] == "oxford-anbefaling-04")
    assert row[1] == Statement.objects.get(key="oxford-anbefaling-04").text
    # CSV has no cell types: a leading ' keeps the text from running as a formula.
    reason = "'=SUM(A1) er ikke en formel" if fmt == "csv" else "=SUM(A1) er ikke en formel"
    assert row[5:8] == ["NAV", "Blir ikke gjennomført", reason]
    assert row[10] == "http://testserver/oppfolging/oxford-anbefaling-04/"
    silent = next(r for r in body if r[0] != "oxford-anbefaling-04")
    assert silent[6] == SILENT_SOURCE
    summary = next(r for r in export_rows(client, fmt) if r[0] == "ag-helseiarbeid-styring")
    assert summary[3] == (
        "Arbeidsgruppens oppsummering (2022), "
        "Oppsummering av arbeidsgruppens vurderinger › Arbeidsgruppens vurderinger"
    )


def test_the_csv_is_semicolon_separated_with_crlf(client):
    raw = b"".join(client.get(LIST, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert raw.startswith("Nøkkel;Anbefaling (ordrett);Kilde;")
    assert raw.count("\r\n") >= 61


# A fixed number of queries ---------------------------------------------------

PAGES = {"list": LIST, "matrix": MATRIX, "item": item_url("ag-strategiske-droftinger"),
         "csv": LIST + "?format=csv&virkemiddel=organisering-av-avtalen"}  # fmt: skip
# Queries per page for a visitor; a logged-in user adds the session and the
# user (2) and, unless a superuser, the permissions (2); on an item's page a
# member also gets the notes (1).
# Each HTML page has one query for the footer's «Sist oppdatert».
# The list counts and labels the agreement periods too (2).
PAGE_QUERIES = {"list": 15, "matrix": 5, "item": 5, "csv": 4}
ROLE_QUERIES = {"anonymous": 0, "member": 4, "secretariat": 4, "superuser": 2}


def expected_queries(page, role):
    notes = 1 if page == "item" and role != "anonymous" else 0
    return PAGE_QUERIES[page] + ROLE_QUERIES[role] + notes


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return response


def grow(cast, count=40):
    """More items, each with quotes, notes and a log, on statements with measures."""
    statements = list(Statement.objects.filter(measures__key="organisering-av-avtalen")[:count])
    first = statements[0]
    for n, statement in enumerate(statements):
        extra = new_item(f"ekstra-{n}", statement)
        ItemQuote.objects.create(
            key=f"ekstra-{n}--2", item=extra, statement=first, quote=first.text
        )
        ItemNote.objects.create(item=extra, text="Notat", author=cast["secretariat"])
        change_item(extra, user=cast["secretariat"], status=Status.SOME)
    # The item page measured: more quotes, notes and log entries too.
    shown = FollowUpItem.objects.get(key="ag-strategiske-droftinger")
    for n, statement in enumerate(statements[1:6], start=10):
        ItemQuote.objects.create(
            key=f"{shown.key}--{n}", item=shown, statement=statement, quote=statement.text
        )
        ItemNote.objects.create(item=shown, text=f"Notat {n}", author=cast["secretariat"])
        change_item(
            shown,
            user=cast["secretariat"],
            reason=f"Runde {n}",
            status=Status.SOME if n % 2 else Status.MOST,
        )
    return len(statements)


@pytest.mark.scaling
@pytest.mark.parametrize("role", ROLES)
def test_each_page_uses_a_fixed_number_of_queries_per_role(role, cast, django_assert_num_queries):
    client = client_for(role, cast)
    for name, url in PAGES.items():
        with django_assert_num_queries(expected_queries(name, role)):
            fetch(client, url)
    assert grow(cast) >= 20
    for name, url in PAGES.items():
        with django_assert_num_queries(expected_queries(name, role)):
            fetch(client, url)


# The content -----------------------------------------------------------------


def recommending_statements():
    """Oxford's recommendations and the working group's assessments whose text
    or lead-in recommends with «bør»."""
    bor = re.compile(r"\bbør\b", re.IGNORECASE)
    for statement in Statement.objects.select_related("lead_in"):
        lead_in = statement.lead_in.text if statement.lead_in_id else ""
        recommends = bor.search(f"{statement.text} {lead_in}")
        if statement.kind == Statement.Kind.RECOMMENDATION or (
            statement.kind == Statement.Kind.ASSESSMENT and recommends
        ):
            yield statement


def test_every_recommendation_in_the_fixtures_has_an_item():
    quoted = set(ItemQuote.objects.values_list("statement__key", flat=True))
    missing = [s.key for s in recommending_statements() if s.key not in quoted]
    assert missing == []
    assert Statement.objects.filter(kind="recommendation").count() == 16
    assert len(list(recommending_statements())) == 16 + 38


def test_every_quote_stands_verbatim_in_its_statement():
    for quote in ItemQuote.objects.select_related("statement"):
        assert quote.quote and quote.quote in quote.statement.text, quote.key
        quote.full_clean()


def test_oxford_items_are_owned_by_their_addressee_and_nothing_is_started():
    for statement in Statement.objects.filter(kind="recommendation"):
        item = FollowUpItem.objects.get(quotes__statement=statement)
        assert item.owner == statement.addressee  # the same codes: nav, parties, ministry …
        assert item.quotes.get().quote == statement.text
    assert set(FollowUpItem.objects.values_list("status", "publication", "target_date")) == {
        ("not_started", "published", None)
    }
    assert not ItemEvent.objects.exists()


def test_an_item_the_source_says_nothing_about_is_labelled_so(client):
    page = html(client, item_url("ag-fou-programnotat"))
    assert SILENT_SOURCE in page
    assert "Koordineringsgruppen" in page
    assert "<mark>" not in page  # the whole statement is the recommendation
    split = html(client, item_url("ag-fou-effektstudier"))
    assert "<mark>om man skal ha flere langvarige effektstudier" in split


def test_the_database_keeps_a_target_date_with_its_precision(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpItem.objects.filter(pk=item.pk).update(target_date=datetime.date(2023, 1, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_change_waits_for_a_concurrent_one_and_logs_both(secretariat):
    """Two changes to the same item are serialised by the row lock, so the
    second sees the first's state as its «before»: the log never skips a step."""
    import threading

    key = "oxford-anbefaling-01"
    barrier = threading.Barrier(2)

    def set_status(status):
        barrier.wait()
        try:
            change_item(FollowUpItem.objects.get(key=key), user=secretariat, status=status)
        finally:
            connection.close()

    threads = [threading.Thread(target=set_status, args=(s,)) for s in (Status.SOME, Status.MOST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = ItemEvent.objects.filter(item__key=key)
    assert first.status_before == Status.NOT_STARTED
    assert second.status_before == first.status_after
    assert FollowUpItem.objects.get(key=key).status == second.status_after
