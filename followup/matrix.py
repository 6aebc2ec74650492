"""Recommendation × measure: which recommendations concern which measures.

Rows are the follow-up items (grouped by source), columns the measures with
each parent's sub-measures grouped under it, and one column for statements
that name no measure. A cell links to the statements that tie the row to the
column, where they stand on the measure's page.
"""

from dataclasses import dataclass, field

from .presentation import statement_url

NO_MEASURE_LABEL = "Uten virkemiddel"


@dataclass
class Column:
    measure: object  # None for statements that name no measure
    label: str
    total: int = 0

    @property
    def key(self):
        return self.measure.key if self.measure else ""


@dataclass
class ColumnGroup:
    """A parent with its sub-measures (label set), or a single column (label empty)."""

    label: str
    columns: list

    @property
    def span(self):
        return len(self.columns)


@dataclass
class Link:
    url: str
    label: str


@dataclass
class Cell:
    links: list = field(default_factory=list)
    statement_keys: set = field(default_factory=set)

    def add(self, statement, url):
        if statement.key not in self.statement_keys:
            self.statement_keys.add(statement.key)
            self.links.append(Link(url, statement.section.split(" › ")[-1]))


@dataclass
class Row:
    item: object
    cells: list
    total: int = 0


@dataclass
class RowGroup:
    label: str
    rows: list = field(default_factory=list)


@dataclass
class Matrix:
    column_groups: list
    columns: list
    row_groups: list

    @property
    def row_count(self):
        return sum(len(group.rows) for group in self.row_groups)


def build_matrix(items, measures):
    """`items` with their visible quotes, statements and statements' measures
    prefetched (selectors.items_for_listing); `measures` all measures."""
    column_groups = _column_groups(measures)
    columns = [column for group in column_groups for column in group.columns]
    index = {column.measure.pk: i for i, column in enumerate(columns) if column.measure}
    no_measure = len(columns) - 1
    row_groups = {}
    for item in items:
        cells = [Cell() for _ in columns]
        quotes = list(item.quotes.all())
        for quote in quotes:
            statement = quote.statement
            statement_measures = list(statement.measures.all())
            for measure in statement_measures:
                cells[index[measure.pk]].add(statement, _on_measure_page(measure, statement))
            if not statement_measures:
                cells[no_measure].add(statement, statement_url(statement))
        row = Row(item, cells, total=sum(1 for cell in cells[:no_measure] if cell.links))
        source = quotes[0].statement.source
        row_groups.setdefault(source.pk, RowGroup(source.short_title)).rows.append(row)
    for i, column in enumerate(columns):
        column.total = sum(
            1 for group in row_groups.values() for row in group.rows if row.cells[i].links
        )
    return Matrix(column_groups, columns, list(row_groups.values()))


def _column_groups(measures):
    measures = sorted(measures, key=lambda measure: (measure.position, measure.name))
    by_pk = {measure.pk: measure for measure in measures}
    under = {}
    for measure in measures:
        top = _top(measure, by_pk)
        if top is not measure:
            under.setdefault(top.pk, []).append(measure)
    groups = []
    for measure in measures:
        if measure.parent_id:
            continue
        label = measure.short_name or measure.name
        if measure.pk in under:
            columns = [Column(measure, "Generelt")] + [
                Column(child, child.short_name or child.name) for child in under[measure.pk]
            ]
            groups.append(ColumnGroup(label, columns))
        else:
            groups.append(ColumnGroup("", [Column(measure, label)]))
    groups.append(ColumnGroup("", [Column(None, NO_MEASURE_LABEL)]))
    return groups


def _top(measure, by_pk):
    """The top-level measure above `measure` (itself when it has no parent)."""
    while measure.parent_id and measure.parent_id in by_pk:
        measure = by_pk[measure.parent_id]
    return measure


def _on_measure_page(measure, statement):
    return f"{measure.get_absolute_url()}#utsagn-{statement.key}"
