"""The budget figures people read: sums that add only what belongs together,
percentages computed from the figures printed beside them, and the overview's
«Budsjettbruk» and lists telling what they show and what they leave out.

Expected numbers are computed here from the fixtures' budget lines, not from
measures.budget, so a wrong rule there cannot pass by agreeing with itself.
"""

import re
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from findings.models import Evaluation
from measures.budget import qualifier_of
from measures.models import BudgetLine, Measure

pytestmark = pytest.mark.django_db
NB = "\xa0"
MILLION = Decimal(1_000_000)


class TableReader(HTMLParser):
    """Each table on a page as its caption and rows; a row maps each cell's
    data-label (or "header" for the row header) to its text."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self._caption = self._row = self._cell = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self._caption, self._text = "", []
        elif tag == "tr":
            self._row = {}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = "header" if attrs.get("scope") == "row" else attrs.get("data-label")
            self._text = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = " ".join("".join(self._text).split())
            self.tables[self._caption] = []
        elif tag in ("td", "th") and self._cell:
            self._row[self._cell] = " ".join("".join(self._text).replace(NB, " ").split())
            self._cell = None
        elif tag == "tr" and self._row:
            self.tables[self._caption].append(self._row)
            self._row = None

    def handle_data(self, data):
        self._text.append(data)


def tables_on(client, url):
    reader = TableReader()
    reader.feed(client.get(url).content.decode())
    return reader.tables


def millions(text):
    """The amount in a cell that reads «50 mill. kr», «om lag 50 mill. kr», «29,2 mill. kr
    sum av 2 beløp» or «–»."""
    match = re.match(r"(?:(?:om lag|knappe|over|inntil) )?([\d ]+(?:,\d+)?) mill\. kr", text)
    if not match:
        return None
    return Decimal(match.group(1).replace(" ", "").replace(",", ".")) * MILLION


def percent(text):
    match = re.match(r"(\d+) %", text)
    return int(match.group(1)) if match else None


def removed(measure):
    return measure.status == "removed" or (measure.parent and measure.parent.key == "tatt-ut")


def yearly_lines():
    """Kroner lines for one year each, of measures still in the agreement, that
    are not themselves sums of other lines."""
    lines = BudgetLine.objects.select_related("measure__parent").filter(
        unit="nok", is_sum=False, year_from__isnull=False
    )
    return [line for line in lines if not removed(line.measure) and line.year_to == line.year_from]


BUDGET = reverse("measures:budget")
YEARLY = "Budsjettall per virkemiddel og år, i millioner kroner"


def test_each_years_sum_adds_that_years_figures_of_the_agreements_measures_only(client):
    expected = defaultdict(lambda: defaultdict(Decimal))
    for line in yearly_lines():
        expected[str(line.year_from)][line.kind] += line.amount
    sums = [row for row in tables_on(client, BUDGET)[YEARLY] if row["header"].startswith("Sum")]

    assert [row["Periode"] for row in sums] == sorted(expected)
    for row in sums:
        assert "beregnet av portalen" in row["header"]
        year = expected[row["Periode"]]
        assert millions(row["Ramme"]) == (year["frame"] or None)
        assert millions(row["Øremerket"]) == (year["earmarked"] or None)
        assert millions(row["Forbrukt"]) == (year["spent"] or None)
        assert millions(row["Til andre formål"]) == (year["other_purposes"] or None)
    # 2021: Arbeidsmiljøsatsingen 50, Bransjeprogrammer 80, Ekspertbistand 50 – nothing else.
    assert millions(next(r for r in sums if r["Periode"] == "2021")["Ramme"]) == 180 * MILLION


def test_no_sum_mixes_in_removed_schemes_or_frames_without_a_year(client):
    html = client.get(BUDGET).content.decode()
    all_frames = sum(
        line.amount for line in BudgetLine.objects.filter(kind="frame", unit="nok", is_sum=False)
    )
    assert f"{all_frames / MILLION:.1f}".replace(".", ",") == "1149,2"  # the old, mixed total
    assert "1149,2" not in html.replace(NB, "").replace(" ", "")
    tables = tables_on(client, BUDGET)
    removed_rows = tables["Ordninger tatt ut av avtalen, i millioner kroner"]
    undated_rows = tables["Budsjettall uten årstall, i millioner kroner"]
    assert {r["header"].split(" – ")[0] for r in removed_rows} == {
        m.name
        for m in Measure.objects.select_related("parent")
        if removed(m) and m.budget_lines.exists()
    }
    assert all(not r["header"].startswith("Sum") for r in removed_rows + undated_rows)
    assert {r["header"] for r in undated_rows} == {
        line.measure.name
        for line in BudgetLine.objects.select_related("measure__parent").filter(
            year_from__isnull=True
        )
        if not removed(line.measure)
    }


def test_every_percentage_is_computed_from_the_figures_beside_it(client):
    checked = 0
    for url in [BUDGET, reverse("findings:measure", args=["ekspertbistand"])]:
        for rows in tables_on(client, url).values():
            for row in rows:
                shown = percent(row.get("Brukt av rammen (beregnet)", ""))
                if shown is None:
                    continue
                spent, frame = millions(row["Forbrukt"]), millions(row["Ramme"])
                assert shown == round(spent / frame * 100), row
                checked += 1
    assert checked == 4  # Ekspertbistand 2021 and 2022, on both pages


def test_a_percentage_is_shown_as_a_percentage_and_never_added_to_kroner(client):
    withheld = BudgetLine.objects.get(kind="withheld", unit="percent")
    rows = tables_on(client, BUDGET)[YEARLY]
    row = next(
        r
        for r in rows
        if r["header"] == withheld.measure.name and r["Periode"] == str(withheld.year_from)
    )
    assert row["Holdt tilbake"] == f"{withheld.amount:.0f} %"
    year_sum = next(r for r in rows if r["header"].startswith(f"Sum {withheld.year_from}"))
    assert year_sum["Holdt tilbake"] == "–"


def test_a_sum_of_several_source_figures_in_one_cell_says_so(client):
    rows = tables_on(client, BUDGET)[YEARLY]
    row = next(r for r in rows if r["header"] == "Arbeidsmiljøsatsingen" and r["Periode"] == "2021")
    earmarked = BudgetLine.objects.filter(
        measure__key="arbeidsmiljosatsingen", year_from=2021, kind="earmarked"
    )
    assert millions(row["Øremerket"]) == sum(line.amount for line in earmarked)
    assert row["Øremerket"].endswith(f"sum av {earmarked.count()} beløp")


def test_a_figure_says_what_the_source_says_of_it_about_or_just_under(client):
    rows = tables_on(client, BUDGET)[YEARLY]
    expert = {r["Periode"]: r for r in rows if r["header"] == "Tilskudd til ekspertbistand"}
    assert line("ekspertbistand", 2021, "frame").get_qualifier_display() == "om lag"
    assert expert["2021"]["Ramme"].startswith("om lag 50")
    assert expert["2021"]["Forbrukt"].startswith("om lag 9")
    assert line("ekspertbistand", 2022, "spent").get_qualifier_display() == "knappe"
    assert expert["2022"]["Forbrukt"].startswith("knappe 5")
    exact = line("bransjeprogrammer", 2020, "frame")
    assert exact.qualifier == ""
    program = next(r for r in rows if r["header"] == "Bransjeprogrammer" and r["Periode"] == "2020")
    assert program["Ramme"][0].isdigit() and millions(program["Ramme"]) == exact.amount
    page = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    measure_table = tables_on(client, reverse("findings:measure", args=["ekspertbistand"]))
    frames = [row["Ramme"] for rows in measure_table.values() for row in rows if "Ramme" in row]
    assert frames and all(frame.startswith("om lag 50") for frame in frames)
    charted = re.findall(r'<span class="bar-chart__value">([^<]*)</span>', page)
    assert f"om lag 50{NB}mill.{NB}kr" in charted and f"knappe 5{NB}mill.{NB}kr" in charted


@pytest.mark.parametrize(
    ("codes", "word"),
    [
        ({""}, ""),
        ({"about"}, "om lag"),
        ({"", "about"}, "om lag"),  # an exact figure beside «om lag 15»: the sum is about
        ({"", "just_under"}, "knappe"),
        ({"just_under", "up_to"}, "om lag"),  # qualified in different ways
    ],
)
def test_a_sum_takes_the_qualifier_its_figures_share(codes, word):
    assert qualifier_of(codes) == word


def glance_row(client, key):
    response = client.get(reverse("findings:overview"))
    return next(g for g in response.context["glance"] if g.measure.key == key)


def line(key, year, kind):
    return BudgetLine.objects.get(measure__key=key, year_from=year, kind=kind, unit="nok")


def test_overview_says_how_the_money_was_used_with_what_the_sources_give(client):
    html = client.get(reverse("findings:overview")).content.decode()

    unused = line("bransjeprogrammer", 2021, "unused").amount / MILLION
    assert str(glance_row(client, "bransjeprogrammer").budget_use) == (
        f"{unused:.1f}".replace(".", ",") + f"{NB}mill.{NB}kr ubrukt (2021)"
    )
    ratio = (
        line("ekspertbistand", 2021, "spent").amount / line("ekspertbistand", 2021, "frame").amount
    )
    ekspert = glance_row(client, "ekspertbistand").budget_use
    assert str(ekspert) == f"{round(ratio * 100)}{NB}% av rammen brukt (2021)"
    assert ekspert.computed
    underspend = line("arbeidsmiljosatsingen", 2021, "underspend")
    assert underspend.qualifier == "about"
    assert str(glance_row(client, "arbeidsmiljosatsingen").budget_use) == (
        f"om lag {underspend.amount / MILLION:.0f}{NB}mill.{NB}kr mindreforbruk (2021)"
    )
    assert glance_row(client, "bransjeprogram-sykehus").budget_use is None
    assert f"71,6{NB}mill.{NB}kr</strong> ubrukt" in html


def test_overview_says_how_many_evaluations_are_due_and_links_to_all(client):
    pending = Evaluation.objects.exclude(status="delivered")
    response = client.get(reverse("findings:overview"))
    html = response.content.decode()
    shown = len(response.context["evaluations"])
    assert shown < pending.count()
    assert f"Viser {shown} av {pending.count()}" in html
    assert f"{pending.filter(due__isnull=False).count()} av dem med en oppgitt frist" in html
    link = f"{reverse('findings:evaluations')}?status=ventes"
    assert f'href="{link}">se alle {pending.count()} evalueringer som ventes' in html

    listed = client.get(link).context["evaluations"]
    assert {e.pk for e in listed} == set(pending.values_list("pk", flat=True))


def test_measure_page_says_where_its_use_figure_comes_from(client):
    html = client.get(reverse("findings:measure", args=["bransjeprogrammer"])).content.decode()
    assert f"71,6{NB}mill.{NB}kr ubrukt (2021)</strong>, slik kilden oppgir det" in html
    html = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    assert "18\xa0% av rammen brukt (2021)</strong>, beregnet av portalen" in html


def in_memory_lines(*figures):
    """Unsaved budget lines: (measure key, year, kind, millions[, as_of])."""
    measures = {m.key: m for m in Measure.objects.select_related("parent")}
    return [
        BudgetLine(
            measure=measures[key],
            year_from=year,
            year_to=year,
            kind=kind,
            amount=Decimal(amount) * MILLION,
            unit="nok",
            as_of=rest[0] if rest else "",
        )
        for key, year, kind, amount, *rest in figures
    ]


def test_a_sums_percentage_needs_the_spent_figure_of_every_frame_in_it():
    from measures.budget import budget_rows, period_sums

    both = [
        ("ekspertbistand", 2030, "frame", 100),
        ("ekspertbistand", 2030, "spent", 40),
        ("bransjeprogrammer", 2030, "frame", 50),
        ("bransjeprogrammer", 2030, "spent", 20),
    ]
    [year] = period_sums(budget_rows(in_memory_lines(*both)))
    assert year.use_ratio == Decimal(60) / Decimal(150)

    one_spent_missing = both[:3]
    [year] = period_sums(budget_rows(in_memory_lines(*one_spent_missing)))
    assert year.totals["spent"] == 40 * MILLION and year.use_ratio is None

    part_of_the_year = [
        *both[:3],
        ("bransjeprogrammer", 2030, "spent", 20, "ved utgangen av april"),
    ]
    [year] = period_sums(budget_rows(in_memory_lines(*part_of_the_year)))
    assert year.use_ratio is None and year.as_of == ["ved utgangen av april"]


def test_use_summary_falls_back_from_ratio_to_unused_to_underspend_to_part_of_a_year():
    from measures.budget import budget_rows, use_summary

    def summary(*figures):
        return str(use_summary(budget_rows(in_memory_lines(*figures))))

    frame = ("skil", 2030, "frame", 10)
    assert summary(frame, ("skil", 2030, "spent", 5), ("skil", 2030, "unused", 5)) == (
        f"50{NB}% av rammen brukt (2030)"
    )
    assert summary(frame, ("skil", 2030, "unused", 5), ("skil", 2030, "underspend", 4)) == (
        f"5{NB}mill.{NB}kr ubrukt (2030)"
    )
    assert (
        summary(frame, ("skil", 2030, "underspend", 4)) == f"4{NB}mill.{NB}kr mindreforbruk (2030)"
    )
    assert summary(frame, ("skil", 2030, "spent", 1, "ved utgangen av mars")) == (
        f"10{NB}% av rammen brukt (2030, ved utgangen av mars)"
    )
    assert use_summary(budget_rows(in_memory_lines(frame))) is None
