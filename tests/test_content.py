"""The content: complete, verbatim and traceable."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from findings.content import (
    VERBATIM_FIELDS,
    coverage,
    provenance_problems,
    uncovered_source_lines,
)
from findings.models import Statement
from findings.provenance import (
    PAGE_NUMBER,
    certain_pages,
    is_furniture,
    raw_lines,
    source_line,
    squeeze,
    stands_verbatim,
)
from measures.models import Measure, Organisation, SourceDocument

from .conftest import FIXTURES

# Statements, budget lines, evaluations and descriptions per measure. A change
# here must be a deliberate change to the content, never a silent loss.
EXPECTED_PER_MEASURE = {
    "organisering-av-avtalen": (62, 0, 1, 3),
    "tatt-ut": (14, 1, 0, 2),
    "ia-samarbeidsavtale": (7, 0, 0, 1),
    "regionale-ia-rad": (5, 1, 0, 1),
    "utvidet-egenmeldingsperiode": (1, 0, 0, 1),
    "forebyggings-og-tilretteleggingstilskuddet": (4, 1, 0, 1),
    "inkludering-som-mal": (4, 0, 2, 2),
    "arbeidsmiljosatsingen": (24, 14, 3, 4),
    "bransjeprogrammer": (34, 12, 11, 5),
    "bransjeprogram-sykehus": (2, 0, 8, 0),
    "bransjeprogram-sykehjem": (2, 0, 8, 0),
    "bransjeprogram-barnehager": (1, 0, 8, 0),
    "bransjeprogram-leverandorindustrien": (1, 0, 8, 0),
    "bransjeprogram-naeringsmiddelindustrien": (0, 0, 8, 0),
    "bransjeprogram-rutebuss-og-persontrafikk": (1, 0, 8, 0),
    "bransjeprogram-bygg-og-anlegg": (1, 0, 8, 0),
    "opplaering-i-arbeidsmiljoarbeid": (18, 0, 4, 3),
    "nav-arbeidslivssenter": (40, 1, 5, 3),
    "helseiarbeid": (11, 0, 2, 1),
    "kompetansetiltak-for-sykmeldte": (10, 2, 3, 5),
    "ekspertbistand": (18, 6, 5, 6),
    "skil": (2, 1, 1, 1),
    "ia-fou-og-statistikkforum": (1, 1, 0, 3),
    "ia-fou-programmet": (21, 1, 12, 3),
    "statistikkforum": (3, 3, 1, 2),
    "sykefravaersoppfolging": (24, 0, 4, 4),
}


@pytest.mark.django_db
def test_every_text_stands_verbatim_in_the_source_it_cites():
    assert provenance_problems() == []


@pytest.mark.django_db
def test_the_provenance_check_catches_a_paraphrase():
    statement = Statement.objects.order_by("pk").first()
    statement.text = statement.text.replace("og", "samt", 1) + " (omskrevet)"
    statement.save()
    problems = [str(p) for p in provenance_problems()]
    assert any(statement.key in problem for problem in problems)


def test_the_check_tolerates_only_hyphenation_and_whitespace():
    source = "000_1842d860d4cf3c9f.txt"
    line = source_line("Trepartssamarbeidet er bærebjelken i IA-samarbeidet.", source)
    assert stands_verbatim("Trepartssamarbeidet er bærebjelken i IA-samarbeidet.", source, line)
    assert stands_verbatim("Trepartssamarbeidet  er\nbærebjelken i IA-samarbeidet.", source, line)
    assert not stands_verbatim("Trepartssamarbeidet er grunnmuren i IA-samarbeidet.", source, line)
    assert not stands_verbatim("Trepartssamarbeidet er bærebjelken i IA-samarbeidet.", source, 1)
    assert not stands_verbatim("", source, line)


def test_a_line_end_hyphen_may_go_but_a_hyphen_inside_a_line_stays():
    source = "000_1842d860d4cf3c9f.txt"
    text = "Arbeidsmiljøloven har en rekke plikter knyttet til arbeidsmiljø"
    line = source_line(text, source)
    assert stands_verbatim(text, source, line)  # «arbeids-» + «miljø» at a line end
    flekke = source_line("Flekke-fjord", source)
    assert stands_verbatim("Flekke-fjord", source, flekke)
    assert not stands_verbatim("Flekkefjord", source, flekke)


def test_a_moved_space_is_a_change():
    source = "000_1842d860d4cf3c9f.txt"
    line = source_line("eksperter. 3", source)
    assert stands_verbatim("eksperter. 3", source, line)
    assert not stands_verbatim("eksperter.3", source, line)


@pytest.mark.django_db
def test_content_per_measure_is_complete():
    counts = {
        m.key: (m.s, m.b, m.e, m.d)
        for m in Measure.objects.annotate(
            s=Count("statements", distinct=True),
            b=Count("budget_lines", distinct=True),
            e=Count("evaluations", distinct=True),
            d=Count("sections", distinct=True),
        )
    }
    assert counts == EXPECTED_PER_MEASURE


@pytest.mark.django_db
def test_both_sources_are_represented():
    per_source = dict(Statement.objects.values_list("source__key").annotate(n=Count("pk")))
    assert per_source["arbeidsgruppen-2022"] > 150
    assert per_source["oxford-research-2022"] > 60
    kinds = set(Statement.objects.values_list("kind", flat=True))
    assert kinds == set(Statement.Kind.values)


@pytest.mark.django_db
def test_texts_have_repaired_line_breaks():
    for model, fields in VERBATIM_FIELDS.items():
        for row in model.objects.all():
            for field in fields:
                value = getattr(row, field)
                assert "-\n" not in value, row.key
                assert "  " not in value, row.key
                assert value == value.strip(), row.key


@pytest.mark.django_db
def test_recommendations_name_their_addressee_and_external_voices_their_organisation():
    assert not Statement.objects.filter(kind="recommendation", addressee="").exists()
    assert not Statement.objects.filter(voice="evaluator", voice_organisation=None).exists()


@pytest.mark.django_db
def test_every_statement_is_valid_with_one_side_as_its_voice():
    for statement in Statement.objects.all():
        statement.full_clean(validate_unique=False)
    assert set(Statement.objects.values_list("voice", flat=True)) == set(Statement.Voice.values)


def test_a_page_is_set_only_where_the_printed_numbers_fix_it():
    # The numbers stand at the foot of their page: the line above is on it,
    # the line below on the next; nothing else is certain.
    assert certain_pages("000_1842d860d4cf3c9f.txt") == {
        425: 9, 434: 10, 557: 11, 566: 12, 1581: 24, 1593: 25,
    }  # fmt: skip
    assert certain_pages("003_2a44a03bc6f0ada0.txt") == {}


@pytest.mark.django_db
def test_rows_with_a_page_hold_a_line_next_to_a_printed_page_number():
    pages = {
        (model._meta.model_name, row.key): row.page
        for model in VERBATIM_FIELDS
        for row in model.objects.exclude(page=None)
    }
    assert pages == {
        ("statement", "organisering-organisering-erfaring-partene-05"): 9,
        ("statement", "organisering-organisering-erfaring-partene-06"): 10,
        ("statement", "opplaering-vurdering-07"): 24,
        ("measuresection", "tatt-ut-utvidet-egenmeldingsperiode"): 11,
    }


# Link targets the PDF extraction put inline; the regulations among them are
# stored as the measures' Lovdata links.
LINK_TARGETS_NOT_STORED = {
    "https://www.nav.no/no/nav-og-samfunn/kontakt-nav/oversikt-over-satser/"
    "tilskuddssatser-arbeidsgiver-tiltaksarrangor",
}


FOOTNOTE_NUMBER = re.compile(r"^\s*\d+\s+")  # «2 Oslo Economics, 2021, s.24.»


@pytest.fixture(scope="module")
def coverages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {document.key: coverage(document) for document in SourceDocument.objects.all()}


@pytest.mark.django_db
def test_every_character_of_the_sources_is_held_by_a_row_or_a_heading():
    missing = {
        document.key: uncovered_source_lines(document) for document in SourceDocument.objects.all()
    }
    assert missing == {"arbeidsgruppen-2022": [], "oxford-research-2022": []}


# The coverage tests ask for the database, so they run with the other database
# tests, before any transactional test flushes the content.
@pytest.mark.django_db
def test_no_text_is_held_by_two_rows_or_by_a_row_and_a_heading(coverages):
    assert {key: c.doubly_claimed() for key, c in coverages.items()} == {
        "arbeidsgruppen-2022": [],
        "oxford-research-2022": [],
    }


def _statement_keys():
    keys = []
    for path in FIXTURES:
        for row in json.loads(Path(path).read_text(encoding="utf-8")):
            if row["model"] == "findings.statement":
                keys.append((row["fields"]["source"][0], row["fields"]["key"]))
    return keys


@pytest.mark.django_db
@pytest.mark.parametrize(("document", "key"), _statement_keys())
def test_losing_any_statement_would_leave_a_gap_in_its_source(coverages, document, key):
    assert coverages[document].held_only_by(f"statement:{key}")


@pytest.mark.django_db
def test_the_coverage_check_finds_a_deleted_statement():
    statement = Statement.objects.get(key="ekspertbistand-erfaring-partene-01")
    line = statement.line
    statement.measures.clear()
    statement.delete()
    document = SourceDocument.objects.get(key="arbeidsgruppen-2022")
    assert line in [number for number, _ in uncovered_source_lines(document)]


@pytest.mark.django_db
def test_every_footnote_and_link_of_the_sources_is_stored():
    regulations = set(Measure.objects.values_list("regulation_url", flat=True))
    stored = "".join(
        squeeze(getattr(row, field))
        for model, fields in VERBATIM_FIELDS.items()
        for row in model.objects.all()
        for field in fields
    )
    missing = []
    for document in SourceDocument.objects.all():
        for number, line in enumerate(raw_lines(document.filename), start=1):
            if not is_furniture(document.filename, number, line) or PAGE_NUMBER.match(line):
                continue
            if line.strip() in regulations | LINK_TARGETS_NOT_STORED:
                continue
            if squeeze(FOOTNOTE_NUMBER.sub("", line)) not in stored:
                missing.append(f"{document.filename}:{number}: {line.strip()}")
    assert not missing, "\n".join(missing)


@pytest.mark.django_db
def test_a_named_organisation_always_speaks_for_its_own_side():
    side_of_kind = {
        Organisation.Kind.AGENCY: Statement.Voice.AGENCIES,
        Organisation.Kind.EMPLOYER: Statement.Voice.SOCIAL_PARTNERS,
        Organisation.Kind.EMPLOYEE: Statement.Voice.SOCIAL_PARTNERS,
    }
    wrong = [
        (s.key, s.voice_organisation.key, s.voice)
        for s in Statement.objects.select_related("voice_organisation").exclude(
            voice_organisation=None
        )
        if side_of_kind.get(s.voice_organisation.kind, s.voice) != s.voice
    ]
    assert wrong == []


# The commands fixtures/README.md names -------------------------------------------


@pytest.mark.django_db
def test_verify_content_passes_the_content_and_counts_what_differs():
    out = io.StringIO()
    call_command("verify_content", stdout=out)
    assert "Alt innhold står ordrett i kildene." in out.getvalue()
    Statement.objects.filter(key="ekspertbistand-erfaring-partene-01").update(text="Ikke i kilden.")
    with pytest.raises(CommandError, match="^1 avvik fra kildene$"):
        call_command("verify_content", stdout=io.StringIO())


def test_fill_pages_writes_back_the_line_and_page_it_finds(tmp_path):
    original = Path(FIXTURES[0]).parent / "10_oppsummering_organisering.json"
    rows = json.loads(original.read_text(encoding="utf-8"))
    # The row next to the printed page number «9», and one without a page.
    targets = {"organisering-organisering-erfaring-partene-05", "oppsummering-vurdering-13"}
    for row in rows:
        if row["fields"].get("key") in targets:
            row["fields"].update(line=None, page=None)
    copy = tmp_path / original.name
    copy.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("fill_pages", str(copy), stdout=out)
    assert out.getvalue() == f"{copy}: 2 plasseringer endret\n"
    assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
