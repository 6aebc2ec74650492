"""Budget figures per measure and period, and how much of the money was used.

A use ratio is computed only where the source gives both a frame and a spent
figure in kroner for the same measure and period; nothing is estimated.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import BudgetLine

Kind = BudgetLine.Kind


@dataclass
class BudgetRow:
    """All kroner figures the sources give for one measure and one period."""

    measure: object
    period: str
    sort_key: tuple
    totals: dict = field(default_factory=lambda: defaultdict(Decimal))
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


def budget_rows(lines):
    """Group budget lines (with `measure` selected) into rows per measure and period."""
    rows = {}
    for line in lines:
        key = (line.measure_id, line.year_from, line.year_to)
        if key not in rows:
            sort_key = (line.measure.position, line.year_from or 0, line.year_to or 0)
            rows[key] = BudgetRow(line.measure, line.period_display, sort_key)
        row = rows[key]
        row.lines.append(line)
        if line.unit == BudgetLine.Unit.NOK:
            row.totals[line.kind] += line.amount
            row.as_of = row.as_of or line.as_of
    return sorted(rows.values(), key=lambda row: row.sort_key)


def total_use_ratio(rows):
    """Spent over frame across the whole periods where both are known, or None."""
    both = [row for row in rows if row.use_ratio is not None and not row.as_of]
    frame = sum((row.frame for row in both), Decimal())
    return sum((row.spent for row in both), Decimal()) / frame if frame else None


def kind_totals(lines):
    """Kroner per kind over all lines, leaving out lines that sum up others."""
    totals = defaultdict(Decimal)
    for line in lines:
        if line.unit == BudgetLine.Unit.NOK and not line.is_sum:
            totals[line.kind] += line.amount
    return totals


def chart_max(rows):
    """The largest kroner figure a chart must fit."""
    return max((amount for row in rows for amount in (row.frame, row.spent) if amount), default=0)
