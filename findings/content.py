"""What every sourced row must hold verbatim, and a check that it does."""

from dataclasses import dataclass

from findings.models import Evaluation, Statement
from findings.provenance import occurs_in_source, page_for, source_line
from measures.models import BudgetLine, Goal, Indicator, MeasureSection

# Model -> the fields that must stand verbatim in the cited source.
VERBATIM_FIELDS = {
    Statement: ["text", "footnote"],
    MeasureSection: ["text"],
    BudgetLine: ["source_text"],
    Evaluation: ["source_text"],
    Goal: ["text"],
    Indicator: ["source_text"],
}


@dataclass
class Problem:
    model: str
    key: str
    message: str

    def __str__(self):
        return f"{self.model} {self.key}: {self.message}"


def sourced_rows():
    for model, fields in VERBATIM_FIELDS.items():
        for row in model.objects.select_related("source"):
            yield model, row, fields


def provenance_problems():
    """Every verbatim field that is not found in its source, or has a wrong page."""
    problems = []
    for model, row, fields in sourced_rows():
        name = model._meta.model_name
        filename = row.source.filename
        for field in fields:
            value = getattr(row, field)
            if value and not occurs_in_source(value, filename):
                problems.append(Problem(name, row.key, f"{field} står ikke i kilden"))
        main_text = getattr(row, fields[0])
        expected_page = page_for(main_text, filename)
        if row.page != expected_page:
            problems.append(
                Problem(name, row.key, f"side er {row.page}, kilden viser {expected_page}")
            )
        expected_line = source_line(main_text, filename)
        if row.line != expected_line:
            problems.append(
                Problem(name, row.key, f"linje er {row.line}, teksten står på {expected_line}")
            )
    return problems
