"""What every sourced row must hold verbatim, checks that it does, and which
characters of each source every row covers."""

from dataclasses import dataclass
from functools import cached_property

from findings.models import Evaluation, LeadIn, Statement
from findings.provenance import (
    list_numbers,
    locate,
    page_for,
    raw_lines,
    running_text,
    source_line,
    squeeze,
    stands_verbatim,
)
from measures.models import BudgetLine, Goal, Indicator, MeasureSection, SourceDocument

# Model -> the fields that must stand verbatim in the cited source; the first
# is the row's own text, which must start at the row's `line`.
VERBATIM_FIELDS = {
    Statement: ["text", "footnote"],
    LeadIn: ["text"],
    MeasureSection: ["text"],
    BudgetLine: ["source_text"],
    Evaluation: ["source_text"],
    Goal: ["text"],
    Indicator: ["source_text"],
}
# Rows whose text is the source's own running text: each character of a source
# belongs to exactly one of them (or to a heading). The other models quote a
# sentence that states a goal, a figure or an evaluation, which one of these
# holds too, so they never count as holding it.
PRIMARY_MODELS = (Statement, LeadIn, MeasureSection)


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
    """Every verbatim field not found as the source writes it, a main text not
    at its own line, or a page the source's printed numbers do not fix."""
    problems = []
    for model, row, fields in sourced_rows():
        name = model._meta.model_name
        filename = row.source.filename
        main_text = getattr(row, fields[0])
        if not stands_verbatim(main_text, filename, row.line):
            found = source_line(main_text, filename)
            where = f"den står på linje {found}" if found else "den står ikke i kilden"
            problems.append(
                Problem(
                    name, row.key, f"{fields[0]} står ikke ordrett på linje {row.line}; {where}"
                )
            )
            continue
        for field in fields[1:]:
            value = getattr(row, field)
            if value and not stands_verbatim(value, filename, source_line(value, filename)):
                problems.append(Problem(name, row.key, f"{field} står ikke ordrett i kilden"))
        expected_page = page_for(main_text, filename, row.line)
        if row.page != expected_page:
            problems.append(
                Problem(name, row.key, f"side er {row.page}, kilden viser {expected_page}")
            )
    for document in SourceDocument.objects.exclude(signature=""):
        line = source_line(document.signature, document.filename)
        if not stands_verbatim(document.signature, document.filename, line):
            problems.append(
                Problem("sourcedocument", document.key, "underskriften står ikke ordrett")
            )
    return problems


@dataclass
class Coverage:
    """Who claims each character of one source's running text."""

    filename: str
    primary: list  # per character: the keys of the primary rows that hold it
    heading: list  # per character: True when a section heading holds it
    layout: list  # per character: True for a numbered list's «1.», which no row needs

    def uncovered_lines(self):
        _, line_of_char = running_text(self.filename)
        return sorted(
            {
                line_of_char[i]
                for i, keys in enumerate(self.primary)
                if not keys and not self.heading[i] and not self.layout[i]
            }
        )

    def doubly_claimed(self):
        """(raw line, claims) where two rows, or a row and a heading, hold the same text."""
        _, line_of_char = running_text(self.filename)
        found = {}
        for i, keys in enumerate(self.primary):
            if len(keys) > 1 or (keys and self.heading[i]):
                found.setdefault(line_of_char[i], set()).update(keys)
        return sorted(found.items())

    def held_only_by(self, key):
        """True when some character is held by the row `key` and nothing else, so
        that losing the row would leave a gap."""
        return key in self._sole_holders

    @cached_property
    def _sole_holders(self):
        # One pass over the text for every row asked about (a test asks for each).
        return {
            keys[0] for i, keys in enumerate(self.primary) if len(keys) == 1 and not self.heading[i]
        }


def coverage(document):
    """Coverage of `document`'s running text by the rows that cite it."""
    filename = document.filename
    text, line_of_char = running_text(filename)
    size = len(text)
    result = Coverage(filename, [[] for _ in text], [False] * size, [False] * size)
    first_start = {}  # section path -> where its first row starts
    for model, row, fields in sourced_rows():
        if row.source_id != document.pk:
            continue
        span = locate(getattr(row, fields[0]), filename, row.line)
        if span is None:
            continue
        if model in PRIMARY_MODELS:
            for i in range(*span):
                result.primary[i].append(f"{model._meta.model_name}:{row.key}")
        parts = [*row.section.split(" › "), getattr(row, "heading", "")]
        for depth in range(1, len(parts) + 1):
            path = tuple(parts[:depth])
            first_start[path] = min(first_start.get(path, span[0]), span[0])
    if document.signature:
        span = locate(document.signature, filename, source_line(document.signature, filename))
        for i in range(*(span or (0, 0))):
            result.primary[i].append(f"sourcedocument:{document.key}")
    for path, start in first_start.items():
        _mark(result.heading, text, squeeze(path[-1]).rstrip(":"), start)
    for start, end in list_numbers(filename):
        result.layout[start:end] = [True] * (end - start)
    return result


def _mark(mask, text, needle, before):
    """Mark the last place of `needle` that ends by `before`: a heading stands
    above the first row of its section."""
    if not needle:
        return
    at = text.rfind(needle, 0, before)
    end = at + len(needle)
    if at >= 0 and end <= before:
        end += text.startswith(":", end)  # «Partene i arbeidslivets erfaringer:»
        mask[at:end] = [True] * (end - at)


def uncovered_source_lines(document):
    """Raw lines of running text that no row and no heading holds, with their text."""
    lines = raw_lines(document.filename)
    return [(n, lines[n - 1].strip()) for n in coverage(document).uncovered_lines()]
