"""Budget figures per measure and period, and how much of the money was used.

Nothing is estimated, and nothing is added up that does not belong together:
- A use ratio is computed only where the source gives both a frame and a spent
  figure in kroner for the same measure and period.
- Percentages (unit `percent`) are shown as given and never added to kroner.
- Sums are the portal's own and say so; they add one year's figures for the
  measures in the agreement, never schemes taken out of it, frames without a
  year, or lines that already sum up others (`is_sum`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Sum

from core import formatting, memo
from core.models import Publication

from .models import BudgetLine, Measure

Kind = BudgetLine.Kind
Unit = BudgetLine.Unit
# The parent under which the sources list the schemes the agreement took out.
REMOVED_PARENT_KEY = "tatt-ut"
# The columns of a budget table, in order.
COLUMNS = [
    (Kind.FRAME, "Ramme"),
    (Kind.EARMARKED, "Øremerket"),
    (Kind.SPENT, "Forbrukt"),
    (Kind.UNUSED, "Ubrukt/\u200boverført"),
    (Kind.UNDERSPEND, "Mindre\u00adforbruk"),
    (Kind.WITHHELD, "Holdt tilbake"),
    (Kind.OTHER_PURPOSES, "Til andre formål"),
]
# Årsverk, stillinger: figures in neither kroner nor percent, shown as the source gives them.
OTHER_UNITS = "other_units"
# What a chart shows of each period: the money there was, and what became of it.
CHART_KINDS = [
    (Kind.FRAME, "Ramme"),
    (Kind.SPENT, "Forbrukt"),
    (Kind.UNUSED, "Ubrukt"),
    (Kind.UNDERSPEND, "Mindreforbruk"),
]


@dataclass
class BudgetRow:
    """All figures the sources give for one measure and one period."""

    measure: object
    period: str
    sort_key: tuple
    years: tuple = (None, None)
    totals: dict = field(default_factory=lambda: defaultdict(Decimal))
    # Percentages by kind ("25 % holdt tilbake"), kept apart from kroner.
    percents: dict = field(default_factory=dict)
    # The qualifier codes («about», «just_under» …; "" for none) of each kind's lines.
    qualifiers: dict = field(default_factory=lambda: defaultdict(set))
    # How many kroner lines make each kind's total: a sum of several is the portal's.
    line_counts: dict = field(default_factory=lambda: defaultdict(int))
    # Figures in other units, formatted: «om lag 400 årsverk».
    other_units: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    # Set when a figure covers only part of the period ("ved utgangen av april 2022").
    as_of: str = ""

    @property
    def frame(self):
        return self.totals.get(Kind.FRAME)

    @property
    def earmarked(self):
        return self.totals.get(Kind.EARMARKED)

    @property
    def spent(self):
        return self.totals.get(Kind.SPENT)

    @property
    def unused(self):
        return self.totals.get(Kind.UNUSED)

    @property
    def underspend(self):
        return self.totals.get(Kind.UNDERSPEND)

    @property
    def has_draft(self):
        """A figure in the row is a draft (only the secretariat sees those)."""
        return any(line.is_draft for line in self.lines)

    @property
    def use_ratio(self):
        if self.frame and self.spent is not None:
            return self.spent / self.frame
        return None

    @property
    def is_dated(self):
        return self.years[0] is not None

    @property
    def sums_up_others(self):
        """Every kroner figure of the row is a sum the source gives of other lines."""
        nok = [line for line in self.lines if line.unit == Unit.NOK]
        return bool(nok) and all(line.is_sum for line in nok)

    def qualifier(self, kind):
        """What the sources put before the kind's figure: «om lag 50 mill. kr»."""
        return qualifier_of(self.qualifiers.get(kind, ()))

    def cells(self, kinds):
        """The row's figure for each of `kinds`: kroner, a percentage, or other units."""
        return [
            BudgetCell(text=", ".join(self.other_units), is_text=True)
            if kind == OTHER_UNITS
            else BudgetCell(
                self.totals.get(kind),
                self.percents.get(kind),
                parts=self.line_counts.get(kind, 0),
                qualifier=self.qualifier(kind),
            )
            for kind in kinds
        ]

    def chart_bars(self):
        """(label, kind, kroner, qualifier) of each figure the chart draws."""
        return [
            (label, kind, self.totals[kind], self.qualifier(kind))
            for kind, label in CHART_KINDS
            if self.totals.get(kind)
        ]


def qualifier_of(codes):
    """The qualifier of a figure made of lines with these qualifier codes: the
    one they give (an exact line beside «om lag 15» leaves the sum «om lag»), or
    «om lag» when they give different ones; "" when all are exact."""
    given = set(codes) - {BudgetLine.Qualifier.EXACT}
    if not given:
        return ""
    if len(given) > 1:
        return BudgetLine.Qualifier.ABOUT.label
    return BudgetLine.Qualifier(given.pop()).label


@dataclass
class BudgetCell:
    kroner: object = None
    percent: object = None
    text: str = ""
    # The number of the sources' kroner figures added up into `kroner`.
    parts: int = 0
    # A column of words (other units), aligned as text rather than as numbers.
    is_text: bool = False
    # The sources' «om lag», «knappe» …, printed before the figure.
    qualifier: str = ""

    @property
    def empty(self):
        return self.kroner is None and self.percent is None and not self.text

    @property
    def added_up(self):
        """More than one of the sources' figures is in it: the cell says so."""
        return self.parts > 1

    @property
    def css_class(self):
        """Words align as text, figures as numbers; an empty cell is marked."""
        return ("text" if self.is_text else "num") + (" empty" if self.empty else "")


def budget_rows(lines):
    """Group budget lines (with `measure` selected), or `LineGroup`s, into rows per
    measure and period."""
    rows = {}
    for line in lines:
        key = (line.measure_id, line.year_from, line.year_to)
        if key not in rows:
            sort_key = (line.measure.position, line.year_from or 0, line.year_to or 0)
            rows[key] = BudgetRow(
                line.measure, line.period_display, sort_key, (line.year_from, line.year_to)
            )
        row = rows[key]
        row.lines.append(line)
        if line.unit in (Unit.NOK, Unit.PERCENT):
            row.qualifiers[line.kind].add(line.qualifier)
        if line.unit == Unit.NOK:
            row.totals[line.kind] += line.amount
            row.line_counts[line.kind] += getattr(line, "count", 1)
            row.as_of = row.as_of or line.as_of
        elif line.unit == Unit.PERCENT:
            row.percents[line.kind] = row.percents.get(line.kind, Decimal()) + line.amount
        else:
            row.other_units.append(_in_own_unit(line))
    return sorted(rows.values(), key=lambda row: row.sort_key)


# What a budget table reads of a line. Lines that agree on all of it are
# summed in the database (`grouped_lines`), so a table loads one row per
# figure it shows, however many lines the sources give.
GROUPED_BY = [
    "measure_id", "year_from", "year_to", "kind", "unit", "qualifier", "as_of", "is_sum",
    "publication",
]  # fmt: skip


@dataclass
class LineGroup:
    """Budget lines that agree on everything a budget table shows of them, with
    their amounts summed: the table's figures are the same as from the lines."""

    measure: object
    measure_id: int
    year_from: object
    year_to: object
    kind: str
    unit: str
    qualifier: str
    as_of: str
    is_sum: bool
    publication: str
    amount: Decimal
    count: int

    period_display = BudgetLine.period_display

    @property
    def is_draft(self):
        return self.publication == Publication.DRAFT

    def get_kind_display(self):
        return Kind(self.kind).label

    def get_unit_display(self):
        return Unit(self.unit).label

    def get_qualifier_display(self):
        return BudgetLine.Qualifier(self.qualifier).label


def grouped_lines(lines, measures):
    """The `LineGroup`s of the budget lines `lines`, in the lines' order (the
    first line of each group decides), with their measure from `measures`
    (pk -> Measure). One query, kept per content version: it sums every line."""
    groups = (
        lines.order_by()
        .values(*GROUPED_BY)
        .annotate(total=Sum("amount"), count=Count("pk"), first=Min("line"), at=Min("position"))
        .order_by("measure_id", F("year_from").asc(nulls_first=True), "kind", "first", "at")
    )
    return [
        LineGroup(
            measure=measures[group["measure_id"]],
            amount=group["total"],
            count=group["count"],
            **{name: group[name] for name in GROUPED_BY},
        )
        for group in memo.rows(groups)
    ]


def listed_lines(lines):
    """`lines` with what a list of them with their source text shows, in the
    order of the budget tables: by measure, period, kind and place in the source."""
    return lines.select_related("measure", "recipient", "source").order_by(
        "measure__position",
        F("year_from").asc(nulls_first=True),
        F("year_to").asc(nulls_first=True),
        "kind",
        "line",
        "position",
    )


def _in_own_unit(line):
    amount = f"{formatting.number(line.amount, 2)}{formatting.NBSP}{line.get_unit_display()}"
    if line.qualifier:
        amount = f"{line.get_qualifier_display()} {amount}"
    return f"{amount} ({line.get_kind_display().lower()})"


def is_removed(measure):
    """A scheme the agreement took out: status `removed`, or listed under «tatt ut».

    `measure.parent` must be selected.
    """
    if measure.status == Measure.Status.REMOVED:
        return True
    return measure.parent is not None and measure.parent.key == REMOVED_PARENT_KEY


def columns_for(rows):
    """The table columns (kind, heading) that at least one of `rows` has a figure for."""
    columns = [
        (kind, heading)
        for kind, heading in COLUMNS
        if any(kind in row.totals or kind in row.percents for row in rows)
    ]
    if any(row.other_units for row in rows):
        columns.append((OTHER_UNITS, "Andre enheter"))
    return columns


def has_use_ratio(rows):
    return any(row.use_ratio is not None for row in rows)


def total_use_ratio(rows):
    """Spent over frame across the whole periods where both are known, or None."""
    both = _full_periods_with_both(rows)
    frame = sum((row.frame for row in both), Decimal())
    return sum((row.spent for row in both), Decimal()) / frame if frame else None


def _full_periods_with_both(rows):
    return [row for row in rows if row.use_ratio is not None and not row.as_of]


@dataclass
class PeriodSum:
    """The portal's own sum of one period's kroner over the rows it lists."""

    period: str
    totals: dict
    row_count: int
    # The part-of-period notes of the figures summed ("ved utgangen av april 2022").
    as_of: list
    # Spent over frame, only where every summed frame has its spent figure for
    # the whole period, so the percentage is that of the two sums printed beside it.
    use_ratio: object
    # A draft figure is in the sum (only the secretariat sees drafts).
    has_draft: bool = False
    # The qualifier codes of the lines summed, per kind.
    qualifiers: dict = field(default_factory=dict)

    def cells(self, kinds):
        return [
            BudgetCell(self.totals.get(kind), qualifier=qualifier_of(self.qualifiers.get(kind, ())))
            for kind in kinds
        ]


def period_sums(rows):
    """One sum per period over dated rows, leaving out lines that sum up others."""
    by_period = {}
    for row in rows:
        by_period.setdefault(row.years, []).append(row)
    sums = []
    for years in sorted(by_period):
        group = by_period[years]
        totals, qualifiers = defaultdict(Decimal), defaultdict(set)
        for row in group:
            for line in row.lines:
                if line.unit == Unit.NOK and not line.is_sum:
                    totals[line.kind] += line.amount
                    qualifiers[line.kind].add(line.qualifier)
        framed = [row for row in group if row.frame]
        complete = framed and all(row.spent is not None and not row.as_of for row in framed)
        ratio = totals[Kind.SPENT] / totals[Kind.FRAME] if complete else None
        as_of = sorted({row.as_of for row in group if row.as_of})
        has_draft = any(row.has_draft for row in group)
        sums.append(
            PeriodSum(
                group[0].period, dict(totals), len(group), as_of, ratio, has_draft, qualifiers
            )
        )
    return sums


@dataclass
class BudgetOverview:
    """The budget page's three tables: figures that may be added up per year,
    frames without a year, and the schemes taken out of the agreement."""

    yearly: list
    undated: list
    removed: list
    sums: list

    @property
    def chart_rows(self):
        return [row for row in self.yearly if row.chart_bars()]


def budget_overview(rows):
    """Split rows (with `measure.parent` selected) for the budget page."""
    removed = [row for row in rows if is_removed(row.measure)]
    current = [row for row in rows if not is_removed(row.measure)]
    yearly = [row for row in current if row.is_dated]
    undated = [row for row in current if not row.is_dated]
    return BudgetOverview(yearly, undated, removed, period_sums(yearly))


def chart_max(rows):
    """The largest kroner figure a chart must fit."""
    return max((amount for row in rows for _, _, amount, _ in row.chart_bars()), default=0)


@dataclass
class UseSummary:
    """What the sources say about how a measure's money was used, in one phrase:
    «18 % av rammen brukt (2021)», «71,6 mill. kr ubrukt (2021)»."""

    figure: str
    what: str
    period: str
    # True when the portal computed the figure (spent over frame), not the source.
    computed: bool = False

    def __str__(self):
        return f"{self.figure} {self.what} ({self.period})"


def use_summary(rows):
    """The best figure the sources give on use, or None: spent over frame for
    whole periods; else money left unused; else underspend; else spent over
    frame part-way through a period."""
    full = _full_periods_with_both(rows)
    if full:
        ratio = formatting.percent(total_use_ratio(full) * 100)
        return UseSummary(ratio, "av rammen brukt", _periods(full), computed=True)
    for kind, what in ((Kind.UNUSED, "ubrukt"), (Kind.UNDERSPEND, "mindreforbruk")):
        latest = [row for row in rows if row.totals.get(kind)][-1:]
        if latest:
            row = latest[0]
            figure = formatting.kroner(row.totals[kind])
            if row.qualifier(kind):
                figure = f"{row.qualifier(kind)} {figure}"
            return UseSummary(figure, what, row.period)
    partial = [row for row in rows if row.use_ratio is not None]
    if partial:
        row = partial[-1]
        ratio = formatting.percent(row.use_ratio * 100)
        return UseSummary(ratio, "av rammen brukt", f"{row.period}, {row.as_of}", computed=True)
    return None


def _periods(rows):
    periods = [row.period for row in rows]
    return periods[0] if len(periods) == 1 else ", ".join(periods[:-1]) + " og " + periods[-1]
