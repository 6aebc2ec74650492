"""The admin speaks Norwegian to the secretariat.

A Sekretariat user logs in and walks every admin page the secretariat meets; each
page's visible text and the text of its attributes (title, aria-label, placeholder,
button values, the JavaScript "add another" labels) must contain no English UI
word. What comes from the database is content, not UI, and is taken out first;
column keys of the spreadsheet format are marked `translate="no"` in the templates.
"""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse
from import_export.admin import ImportMixin

from core.models import Publication
from findings.models import Statement
from findings.resources import StatementResource
from measures.models import FollowUpNote, Measure
from tests.conftest import PASSWORD
from tests.po_files import entries

# English words a Norwegian admin must not show. Words that are also ordinary
# bokmål ("for", "at", "to", "last", "type", "side", "start", "status", "format",
# "total", "time") are left out, since the list is matched word by word.
_ENGLISH = """
    a about above action actions add added adding addressee all amount an and another
    any are as ascending authentication available back below breadcrumbs button by
    cancel change changed changes characters chars choose chosen clear click close
    comment confirm content core count counts current date delete deleted descending
    did documentation draft due each edit empty enter entries entry error errors
    evaluation evaluators export failed false field fields file filter findings
    following footnote from go has have here hide historical history home if import in
    into is it item items key kind label line link list loaded log logout main measure
    measures
    model more my name navigation new next no none not now object objects of on one
    only option or order page password please position precision preview previous
    publication published qualifier reason recent recipient remove resource results
    revert row rows run save search section select selected selection show sidebar
    skip skipped sort sorting source statement subject submit successfully text the
    theme there this title today toggle tomorrow true unit unknown update updated user
    username value values version view voice was welcome were what which will with year
    yesterday you your
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
WORD = re.compile(r"[^\W\d_]+")
# Where simple-history shortens a long value: «Teksten … [312 tegn] … slutten».
SHORTENED = re.compile(r"…|\[\d+ \w+\]")


class VisibleText(HTMLParser):
    """What a user sees or hears: text nodes, the text attributes, button values
    and the labels Django's inline JavaScript builds from `data-inline-formset`."""

    HIDDEN = {"script", "style", "textarea"}  # textareas hold content, not UI
    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-placeholder"}
    BUTTON_TYPES = {"submit", "button", "reset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._skipping = None  # (tag, depth) while inside a hidden or translate="no" element

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._skipping:
            skipped_tag, depth = self._skipping
            if tag == skipped_tag:
                self._skipping = (skipped_tag, depth + 1)
            return
        if self._not_shown(tag, attributes):
            if tag not in self.VOID:
                self._skipping = (tag, 1)
            return
        for name in self.TEXT_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in self.BUTTON_TYPES:
            self.texts.append(attributes.get("value") or "")
        if "data-inline-formset" in attributes:
            options = json.loads(attributes["data-inline-formset"])["options"]
            self.texts += [options["addText"], options["deleteText"]]

    def _not_shown(self, tag, attributes):
        """Scripts, styles, content marked translate="no", and what the admin's CSS
        never shows (class "hidden": display:none). "visually-hidden" text is
        read aloud, so it is checked."""
        return (
            tag in self.HIDDEN
            or attributes.get("translate") == "no"
            or "hidden" in (attributes.get("class") or "").split()
            or "hidden" in attributes
        )

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping[0]:
            depth = self._skipping[1] - 1
            self._skipping = (tag, depth) if depth else None

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


def english_words(text):
    return sorted({word for word in WORD.findall(text) if word.lower() in ENGLISH_WORDS})


class DatabaseTexts:
    """Every text the database holds (free-text field values and each row's name):
    a flagged page text is forgiven only as far as it is made of such content,
    whole or shortened («…», «[312 tegn]»). Stored codes of choice fields
    (`draft`, `experience`) are not content: the admin must show their labels."""

    APPS = ("measures", "findings", "followup", "auth")

    def __init__(self):
        self.by_word = {}
        texts = set(self._all_texts())
        for text in texts:
            for word in english_words(text):
                self.by_word.setdefault(word.lower(), set()).add(text)
        self.corpus = "\n".join(texts)

    def _all_texts(self):
        for app_label in self.APPS:
            for model in apps.get_app_config(app_label).get_models():
                text_fields = [
                    field.attname
                    for field in model._meta.concrete_fields
                    if isinstance(field, models.CharField | models.TextField) and not field.choices
                ]
                for row in model._default_manager.all():
                    shown = getattr(row, "instance", row)  # a historical row: its version
                    yield " ".join(str(shown).split())
                    for name in text_fields:
                        yield " ".join(str(getattr(row, name) or "").split())

    def without_content(self, text):
        candidates = set().union(*(self.by_word.get(w.lower(), ()) for w in english_words(text)))
        for content in sorted(candidates, key=len, reverse=True):
            text = text.replace(content, " ")
        kept = []
        for part in SHORTENED.split(text):
            piece = part.strip(" ,.:;→")
            if len(piece) < 12 or piece not in self.corpus:
                kept.append(part)
        return " ".join(kept)


def english_on_page(html, database):
    found = []
    for text in visible_texts(html):
        if english_words(text) and english_words(database.without_content(text)):
            found.append(text)
    return found


# --- the walk -------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def spreadsheet_models():
    return [model for model, model_admin in admin.site._registry.items() if _imports(model_admin)]


def _imports(model_admin):
    return isinstance(model_admin, ImportMixin)


def csv_file(rows, name="utsagn.csv"):
    """A file with every column «Eksporter» gives, as the import requires."""
    header = StatementResource().column_names()
    rows = [{column: row.get(column, "") for column in header} for row in rows]
    lines = [",".join(header)] + [",".join(str(row[column]) for column in header) for row in rows]
    upload = io.BytesIO(("\n".join(lines) + "\n").encode())
    upload.name = name
    return upload


STATEMENT_ROW = {
    "key": "test-importert-utsagn",
    "publication": "draft",
    "period": "ia-avtalen-2019-2022",
    "kind": "experience",
    "measures": "ekspertbistand",
    "voice": "agencies",
    "voice_organisation": "",
    "addressee": "",
    "is_summary": "0",
    "text": "Et utsagn fra regnearket.",
    "footnote": "",
    "source": "arbeidsgruppen-2022",
    "section": "Ekspertbistand",
    "page": "",
    "position": "1",
    "line": "",
}


class Walk:
    """Visits pages as the secretariat and keeps what each page showed."""

    def __init__(self, client):
        self.client = client
        self.pages = {}

    def visit(self, label, url, *, method="get", data=None, status=200, follow=False):
        send = self.client.post if method == "post" else self.client.get
        response = send(url, data or {}, follow=follow)
        assert response.status_code == status, f"{label}: {url} gave {response.status_code}"
        self.pages[label] = response.content.decode()
        return response

    def english(self):
        database = DatabaseTexts()
        found = {label: english_on_page(html, database) for label, html in self.pages.items()}
        return {label: texts for label, texts in found.items() if texts}


def report(found):
    return "\n".join(
        f"{label}:\n" + "\n".join(f"    {text!r}  ← {english_words(text)}" for text in texts)
        for label, texts in found.items()
    )


@pytest.fixture
def walk(client, secretariat):
    walk = Walk(client)
    login = reverse("admin:login")
    walk.visit("innlogging", login)
    walk.visit("feil passord", login, method="post", data={"username": "sekretariat"})
    response = client.post(login, {"username": "sekretariat", "password": PASSWORD})
    assert response.status_code == 302, "the secretariat could not log in"
    return walk


def viewable_models(user):
    return [
        model
        for model in admin.site._registry
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def an_object(model):
    obj = model.objects.order_by("pk").first()
    if obj is None:
        assert model is FollowUpNote, f"no {model._meta.verbose_name} in the fixtures"
        obj = FollowUpNote.objects.create(
            measure=Measure.objects.get(key="ekspertbistand"), title="Til møtet", text="Notat."
        )
    return obj


def walk_index_and_models(walk, user):
    walk.visit("forsiden", reverse("admin:index"))
    models_seen = viewable_models(user)
    assert {m._meta.app_label for m in models_seen} == {"measures", "findings", "followup"}
    for app_label in ("measures", "findings", "followup"):
        walk.visit(f"app {app_label}", reverse("admin:app_list", args=[app_label]))
    for model in models_seen:
        name = model._meta.model_name
        walk.visit(f"liste {name}", admin_url(model, "changelist"))
        walk.visit(f"søk {name}", admin_url(model, "changelist") + "?q=zzz-ingen-treff")
        walk.visit(f"ny {name}", admin_url(model, "add"))
        obj = an_object(model)
        walk.visit(f"endre {name}", admin_url(model, "change", obj.pk))
        walk.visit(f"slett {name}", admin_url(model, "delete", obj.pk))
    statements = list(Statement.objects.order_by("pk").values_list("pk", flat=True)[:2])
    walk.visit(
        "slett valgte utsagn",
        admin_url(Statement, "changelist"),
        method="post",
        data={"action": "delete_selected", "_selected_action": statements},
    )
    walk.visit(
        "filtrert liste utsagn",
        admin_url(Statement, "changelist") + "?publication__exact=draft&_facets=True",
    )


def walk_spreadsheets(walk):
    for model in spreadsheet_models():
        name = model._meta.model_name
        walk.visit(f"import {name}", admin_url(model, "import"))
        walk.visit(f"eksport {name}", admin_url(model, "export"))
    import_url = admin_url(Statement, "import")
    formats = admin.site._registry[Statement].get_import_formats()
    csv = str([f().get_title() for f in formats].index("csv"))
    preview = walk.visit(
        "import forhåndsvisning",
        import_url,
        method="post",
        data={"format": csv, "resource": "0", "import_file": csv_file([STATEMENT_ROW])},
    )
    bad_row = {**STATEMENT_ROW, "kind": "ukjent", "text": ""}
    walk.visit(
        "import med feil",
        import_url,
        method="post",
        data={"format": csv, "resource": "0", "import_file": csv_file([bad_row])},
        status=400,  # a refused file is bad input
    )
    xlsx = str([f().get_title() for f in formats].index("xlsx"))
    unreadable = io.BytesIO(b"\x00\x01 ikke et regneark")
    unreadable.name = "tull.xlsx"
    walk.visit(
        "import som ikke kan leses",
        import_url,
        method="post",
        data={"format": xlsx, "resource": "0", "import_file": unreadable},
        status=400,
    )
    confirm = preview.context["confirm_form"]
    walk.visit(
        "import fullført",
        admin_url(Statement, "process_import"),
        method="post",
        data={**confirm.initial, "confirm": "1"},
        follow=True,
    )
    assert Statement.objects.filter(key=STATEMENT_ROW["key"]).exists()


def walk_history(walk):
    statement = Statement.objects.filter(page__isnull=True).order_by("pk").first()
    statement.save()  # the first version, as a script or a fixture load leaves it: no user
    statement.page = 7
    statement.save()
    walk.visit(
        "publiser",
        admin_url(Statement, "changelist"),
        method="post",
        data={"action": "publish", "_selected_action": [statement.pk]}
        if statement.publication == Publication.DRAFT
        else {"action": "unpublish", "_selected_action": [statement.pk]},
        follow=True,
    )
    history = walk.visit("historikk utsagn", admin_url(Statement, "history", statement.pk))
    oldest = statement.history.order_by("history_date").first()
    shown = " ".join(visible_texts(history.content.decode()))
    assert "→" in shown, "the history shows no changes to compare"
    walk.visit(
        "gjenopprett utsagn",
        reverse("admin:findings_statement_simple_history", args=[statement.pk, oldest.history_id]),
    )
    measure = Measure.objects.order_by("pk").first()
    measure.save()
    walk.visit("historikk virkemiddel", admin_url(Measure, "history", measure.pk))


def walk_saving_and_deleting(walk):
    """The messages after a save (a draft, text not in the source) and the list of
    deleted entries."""
    add = walk.visit("ny utsagn (skjema)", admin_url(Statement, "add"))
    form = add.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data |= {
        "kind": "experience",
        "voice": "agencies",
        "text": "Et utsagn som ikke står i kilden.",
        "source": str(an_object(Statement).source_id),
        "section": "Ekspertbistand",
        "measures": [],
    }
    walk.visit("utsagn lagret", admin_url(Statement, "add"), method="post", data=data, follow=True)
    shown = " ".join(visible_texts(walk.pages["utsagn lagret"]))
    assert "står ikke ordrett" in shown and "lagret som utkast" in shown
    saved = Statement.objects.get(text="Et utsagn som ikke står i kilden.")
    walk.visit(
        "utsagn slettet",
        admin_url(Statement, "delete", saved.pk),
        method="post",
        data={"post": "yes"},
        follow=True,
    )
    for model in spreadsheet_models():
        walk.visit(f"slettede {model._meta.model_name}", admin_url(model, "deleted"))


def walk_account(walk):
    walk.visit("endre passord", reverse("admin:password_change"))
    walk.visit("passord endret", reverse("admin:password_change_done"))
    # LOGOUT_REDIRECT_URL sends the secretariat to the portal, not to a logged-out page.
    walk.visit("logg ut", reverse("admin:logout"), method="post", status=302)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_admin_page_the_secretariat_meets_is_norwegian(walk, secretariat):
    walk_index_and_models(walk, secretariat)
    walk_spreadsheets(walk)
    walk_history(walk)
    walk_saving_and_deleting(walk)
    walk_account(walk)
    found = walk.english()
    assert not found, "English on the admin pages:\n" + report(found)


def test_the_admin_javascript_speaks_norwegian(secretariat_client):
    """The strings the admin's JavaScript shows (calendar, clock, select boxes),
    as the admin serves them."""
    response = secretariat_client.get(reverse("admin:jsi18n"))
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.text, re.S)[1])
    english_catalog = _django_admin_js_ids()
    untranslated = sorted(msgid for msgid in english_catalog if msgid not in catalog)
    assert not untranslated, untranslated


def _django_admin_js_ids():
    po = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    return [entry.key for entry in entries(po.read_text()) if entry.msgid]


# --- the detector itself ----------------------------------------------------------------


def test_the_detector_finds_english_in_text_attributes_and_inline_labels(db):
    html = """
    <title>Select utsagn</title>
    <a href="#" title="Toggle theme">x</a>
    <input type="submit" value="Save">
    <input type="hidden" value="the hidden value is not shown">
    <div data-inline-formset='{"options": {"addText": "Add another X", "deleteText": "Fjern"}}'>
    <script>var shown = "not at all";</script>
    <code translate="no">key, publication</code>
    <p>Velg <span>utsagn</span> å endre</p>
    <div class="form-row hidden"><label>Loaded version:</label><input type="hidden"></div>
    <span class="visually-hidden">Skip to main content</span>
    """
    assert english_on_page(html, DatabaseTexts()) == [
        "Select utsagn",
        "Toggle theme",
        "Save",
        "Add another X",
        "Skip to main content",
    ]


def test_the_detector_forgives_database_content_only(db):
    statement = Statement.objects.order_by("pk").first()
    statement.text = "The report says: this is not all."
    statement.save()
    database = DatabaseTexts()
    content = "<td>The report says: this is not all.</td><td>The report says: th…</td>"
    assert english_on_page(content, database) == []
    ui_around_content = "<h1>Change Erfaring: The report says: this is not all.</h1>"
    assert english_on_page(ui_around_content, database) == [
        "Change Erfaring: The report says: this is not all."
    ]
