"""The project's own Norwegian (locale/): the committed .mo files say what the
.po files say, every entry is translated, and no translation drops or invents a
placeholder, which would break the page that uses it."""

import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tests.po_files import catalog, entries

PO_FILES = sorted(
    po for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po")
)
PERCENT = re.compile(r"%(?:\((\w+)\))?[sdifr]")
BRACES = re.compile(r"\{(\w*)\}")


def test_there_are_translations():
    assert {po.name for po in PO_FILES} == {"django.po", "djangojs.po"}


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: po.name)
def test_the_committed_mo_is_compiled_from_the_po(po):
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    assert compiled == catalog(po.read_text()), (
        f"{po.name} and its .mo differ: run `python manage.py compilemessages --ignore=.venv` "
        "and commit the .mo"
    )


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: po.name)
def test_every_entry_is_translated(po):
    untranslated = [
        e.msgid
        for e in entries(po.read_text())
        if e.msgid and (not e.translated or "fuzzy" in e.flags)
    ]
    assert not untranslated


def placeholders(text):
    named = sorted(name for name in PERCENT.findall(text) if name)
    positional = sum(1 for name in PERCENT.findall(text) if not name)
    braces = BRACES.findall(text)
    named_braces = sorted(name for name in braces if name and not name.isdigit())
    return named, positional, len(braces), named_braces


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: po.name)
def test_translations_keep_the_placeholders(po):
    broken = []
    for entry in entries(po.read_text()):
        if not entry.msgid:
            continue
        for n, form in enumerate(entry.msgstr):
            source = entry.msgid if n == 0 or entry.msgid_plural is None else entry.msgid_plural
            if placeholders(form) != placeholders(source):
                broken.append((entry.msgid, form))
    assert not broken


def test_the_overrides_win_over_the_packages_own():
    with translation.override("nb"):
        assert translation.gettext("Skip to main content") == "Hopp til hovedinnholdet"
        assert translation.gettext("Import") == "Importer"  # django-import-export: no nb
        assert translation.gettext("Add %(name)s") == "Legg til %(name)s"  # Django: «ny»


def test_history_models_have_norwegian_names():
    """«Historikk for utsagn», not django-simple-history's "historical utsagn"."""
    content_history = [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and not model.instance_type._meta.auto_created
    ]
    assert len(content_history) >= 12
    for model in content_history:
        name = model.instance_type._meta.verbose_name
        assert model._meta.verbose_name == f"historikk for {name}"
