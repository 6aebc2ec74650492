from django import template

register = template.Library()


@register.simple_tag
def budget_cells(row, columns):
    """(heading, cell) for each of a budget table's columns, for a row or a sum."""
    cells = row.cells([kind for kind, _ in columns])
    return [(heading, cell) for (_, heading), cell in zip(columns, cells, strict=True)]
