"""A source document as its page shows it: its structure, its conclusions and
recommendations, and its whole content in source order, with an anchor for the
line of every row that cites it, so that every citation on the portal links to
its place. A fixed number of queries whatever the content size."""

import bisect
import math
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.html import format_html_join

from measures.models import BudgetLine, Goal, Indicator, MeasureSection

from .grouping import as_units
from .models import Evaluation, LeadIn, Statement
from .provenance import locate, locate_in_footnotes, running_text, source_line

SEPARATOR = " › "
# The page's own h1 and h2 («Hele teksten») come first; a top-level section is h3.
FIRST_SECTION_LEVEL = 3
HEADING_SIZES = {3: "md", 4: "sm", 5: "xs", 6: "2xs"}


def section_path(section):
    return tuple(part.strip() for part in section.split(SEPARATOR) if part.strip())


@dataclass
class Heading:
    path: tuple
    anchor: str  # empty when the heading was shown before: ids are unique

    @property
    def title(self):
        return self.path[-1]

    @property
    def level(self):
        return min(FIRST_SECTION_LEVEL + len(self.path) - 1, 6)

    @property
    def size(self):
        return HEADING_SIZES[self.level]


@dataclass
class Entry:
    """One heading in the table of contents, with the headings under it."""

    path: tuple
    first_line: float
    number: int = 0
    href: str = ""
    children: list = field(default_factory=list)

    @property
    def title(self):
        return self.path[-1]


@dataclass
class Block:
    """One piece of the document's content: a description, a footnote, a
    statement, a lead-in with its bullets, or the signature."""

    kind: str
    row: object
    line: int | None
    position: int = 0
    path: tuple | None = None  # None: it changes no heading (footnotes, signature)
    bullets: list = field(default_factory=list)
    anchors: list = field(default_factory=list)  # raw lines with an id="linje-N" here
    headings: list = field(default_factory=list)  # shown above the block
    measures: list = field(default_factory=list)  # a statement's, read once
    note: str = ""  # a bullet whose kind or addressee differs from the list's first

    @property
    def anchor_tags(self):
        """The empty elements a citation's #linje-N lands on, as HTML."""
        return format_html_join(
            "", '<span class="line-anchor" id="linje-{}"></span>', ((n,) for n in self.anchors)
        )

    column: int = 0  # where on its line the text starts: two rows can share a line

    @property
    def order(self):
        line = math.inf if self.line is None else self.line
        return (line, self.column, self.position)


@dataclass
class DocumentPage:
    blocks: list
    contents: list  # top-level Entry
    conclusions: list  # units (findings.grouping.Unit)
    recommendations: list

    @property
    def conclusion_count(self):
        return sum(len(unit.statements) for unit in self.conclusions)

    @property
    def recommendation_count(self):
        return sum(len(unit.statements) for unit in self.recommendations)


def document_page(document, user):
    """Everything the page of `document` shows to `user` (drafts only for the
    secretariat). Six queries."""
    sections = list(MeasureSection.objects.filter(source=document).select_related("measure"))
    lead_ins = list(LeadIn.objects.visible_to(user).filter(source=document))
    statements = list(Statement.objects.visible_to(user).for_listing().filter(source=document))
    quoted = _quoted_rows(document, user)

    blocks = _blocks(document, sections, lead_ins, statements)
    rows = [(block.path, block.line) for block in blocks if block.path] + [
        (section_path(section), line) for section, line in quoted
    ]
    contents, numbers = _contents(rows)
    emitted = _place_headings(blocks, numbers)
    _link_contents(contents, emitted)
    cited = {line for _, line in rows} | {line for _, line in quoted} | _own_lines(blocks)
    _place_anchors(blocks, cited - {None}, document.filename)
    return DocumentPage(
        blocks=blocks,
        contents=contents,
        conclusions=as_units([s for s in statements if s.kind == Statement.Kind.CONCLUSION]),
        recommendations=as_units(
            [s for s in statements if s.kind == Statement.Kind.RECOMMENDATION]
        ),
    )


def _quoted_rows(document, user):
    """(section, line) of the rows that quote a sentence of the document rather
    than hold it: budget lines, evaluations, goals and indicators. One query."""
    parts = [
        BudgetLine.objects.visible_to(user),
        Evaluation.objects.visible_to(user),
        Goal.objects.all(),
        Indicator.objects.all(),
    ]
    first, *others = [
        queryset.filter(source=document).order_by().values_list("section", "line")
        for queryset in parts
    ]
    return list(first.union(*others, all=True).order_by("line"))


def _blocks(document, sections, lead_ins, statements):
    blocks = []
    for section in sections:
        footnote = section.kind == MeasureSection.Kind.FOOTNOTE
        blocks.append(
            Block(
                "footnote" if footnote else "description",
                section,
                section.line,
                section.position,
                None if footnote else section_path(section.section),
            )
        )
    bullets = {}
    for statement in statements:
        block = Block(
            "statement",
            statement,
            statement.line,
            statement.position,
            section_path(statement.section),
            measures=list(statement.measures.all()),
        )
        if statement.lead_in_id:
            bullets.setdefault(statement.lead_in_id, []).append(block)
        else:
            blocks.append(block)
    for lead_in in lead_ins:
        if lead_in.pk in bullets:  # a list whose bullets are all drafts is not shown
            _note_differences(bullets[lead_in.pk])
            blocks.append(
                Block(
                    "lead_in",
                    lead_in,
                    lead_in.line,
                    lead_in.position,
                    section_path(lead_in.section),
                    bullets=bullets[lead_in.pk],
                )
            )
    if document.signature:
        line = source_line(document.signature, document.filename)
        blocks.append(Block("signature", document, line, math.inf))
    for block in blocks:
        block.column = _column(block, document.filename)
    blocks.sort(key=lambda block: block.order)
    return blocks


def _column(block, filename):
    """How far into its line the block's text starts (in the squeezed text), so
    that a sentence that ends a line's paragraph comes before a lead-in that
    starts after it on the same line. 0 where the text is not found there."""
    text = block.row.signature if block.kind == "signature" else block.row.text
    span = locate(text, filename, block.line)
    if span is None:
        return 0
    _, line_of_char = running_text(filename)
    return span[0] - bisect.bisect_left(line_of_char, block.line)


def _note_differences(bullets):
    """Mark the bullets that are not of the kind (or to the addressee) the list's
    heading line shows, which is the first bullet's."""
    first = bullets[0].row
    for bullet in bullets[1:]:
        row = bullet.row
        if (row.kind, row.addressee) != (first.kind, first.addressee):
            addressee = f" til {row.get_addressee_display()}" if row.addressee else ""
            bullet.note = f"{row.get_kind_display()}{addressee}"


def _contents(rows):
    """The table of contents from the section paths of all rows, each heading
    placed at the first line any row under it starts on; and each path's number."""
    first = {}
    for path, line in rows:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            first[prefix] = min(first.get(prefix, math.inf), line or math.inf)
    entries = {}
    top = []
    for path in sorted(first, key=lambda path: (first[path], len(path))):
        entry = entries[path] = Entry(path, first[path])
        parent = entries.get(path[:-1])
        (parent.children if parent else top).append(entry)
    numbers = {}
    for number, entry in enumerate(_walk(top), start=1):
        entry.number = numbers[entry.path] = number
    return top, numbers


def _walk(entries):
    for entry in entries:
        yield entry
        yield from _walk(entry.children)


def _place_headings(blocks, numbers):
    """Put the headings above the blocks where the section path changes; return
    the anchor of each path's first heading."""
    emitted = {}
    current = ()
    for block in blocks:
        if block.path is None or block.path == current:
            continue
        common = 0
        while common < min(len(current), len(block.path)) and (
            current[common] == block.path[common]
        ):
            common += 1
        for depth in range(common + 1, len(block.path) + 1):
            prefix = block.path[:depth]
            anchor = "" if prefix in emitted else f"seksjon-{numbers[prefix]}"
            emitted.setdefault(prefix, anchor)
            block.headings.append(Heading(prefix, anchor))
        current = block.path
    return emitted


def _link_contents(entries, emitted):
    for entry in _walk(entries):
        anchor = emitted.get(entry.path)
        if anchor:
            entry.href = f"#{anchor}"
        elif entry.first_line != math.inf:
            entry.href = f"#linje-{entry.first_line}"


def _elements(blocks):
    """Every element that can carry line anchors: blocks, and bullets on their own."""
    for block in blocks:
        yield block
        yield from block.bullets


def _own_lines(blocks):
    return {element.line for element in _elements(blocks)}


def _place_anchors(blocks, cited, filename):
    """Give each cited line one anchor: on the row that starts there, else on the
    row whose text stands on it, else on the last row above it."""
    elements = list(_elements(blocks))
    claimed = set()
    for element in elements:
        if element.line in cited and element.line not in claimed:
            element.anchors.append(element.line)
            claimed.add(element.line)
    unclaimed = cited - claimed
    if not unclaimed or not elements:
        return
    for element in elements:
        if not unclaimed:
            break
        for line in _held_lines(element, filename):
            if line in unclaimed:
                element.anchors.append(line)
                unclaimed.discard(line)
    ordered = sorted(elements, key=lambda element: element.line or 0)
    for line in sorted(unclaimed):
        above = [element for element in ordered if (element.line or 0) <= line]
        (above[-1] if above else ordered[0]).anchors.append(line)
    for element in elements:
        element.anchors.sort()


def _held_lines(element, filename):
    """The raw lines the element's text (and a statement's footnote) stands on."""
    row = element.row
    texts = []
    if element.kind == "signature":
        texts.append((row.signature, element.line))
    else:
        texts.append((row.text, element.line))
        if getattr(row, "footnote", ""):
            texts.append((row.footnote, source_line(row.footnote, filename)))
    lines = []
    for text, line in texts:
        lines.extend(_lines_of(text, filename, line))
    return lines


def _lines_of(text, filename, line):
    for find, with_furniture in ((locate, False), (locate_in_footnotes, True)):
        span = find(text, filename, line)
        if span:
            _, line_of_char = running_text(filename, with_furniture)
            return sorted(set(line_of_char[span[0] : span[1]]))
    return [line] if line else []


@dataclass
class DocumentCounts:
    """What the portal holds from one document, as the documents' list tells it."""

    statements: int = 0
    descriptions: int = 0
    conclusions: int = 0
    recommendations: int = 0

    @property
    def summary(self):
        """«88 utsagn (hvorav 31 konklusjoner og 12 anbefalinger) og 20 beskrivelser
        av virkemidler.», leaving out the kinds it has none of."""
        kinds = [
            _counted(self.conclusions, "konklusjon", "konklusjoner"),
            _counted(self.recommendations, "anbefaling", "anbefalinger"),
        ]
        text = f"{self.statements} utsagn"
        if any(kinds):
            text += f" (hvorav {' og '.join(kind for kind in kinds if kind)})"
        if self.descriptions:
            described = _counted(self.descriptions, "beskrivelse", "beskrivelser")
            text += f" og {described} av virkemidler"
        return text + "."


def _counted(n, one, many):
    return f"{n} {one if n == 1 else many}" if n else ""


def document_counts(user):
    """{source id: DocumentCounts} for the documents' list. Two queries."""
    counts = {}
    statements = (
        Statement.objects.visible_to(user)
        .order_by()
        .values_list("source_id", "kind")
        .annotate(n=Count("pk"))
    )
    for source_id, kind, n in statements:
        row = counts.setdefault(source_id, DocumentCounts())
        row.statements += n
        if kind == Statement.Kind.CONCLUSION:
            row.conclusions += n
        elif kind == Statement.Kind.RECOMMENDATION:
            row.recommendations += n
    descriptions = (
        MeasureSection.objects.exclude(kind=MeasureSection.Kind.FOOTNOTE)
        .order_by()
        .values_list("source_id")
        .annotate(n=Count("pk"))
    )
    for source_id, n in descriptions:
        counts.setdefault(source_id, DocumentCounts()).descriptions += n
    return counts
