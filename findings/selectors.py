"""The queries behind a measure's page: a fixed number whatever the content size,
and never more rows than the page shows."""

from django.db.models import Case, Count, F, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from core import memo
from core.access import FOLLOW_UP_PERMISSION
from core.lists import More
from measures.budget import budget_rows, grouped_lines, listed_lines
from measures.models import BudgetLine, FollowUpNote, Measure, MeasureSection, Responsibility

from .grouping import group_statements
from .models import Evaluation, Statement

# The most statements a section (or side) of a measure's page shows, and the
# most evaluations. The real content has at most 30 and 12 (see
# tests/test_measure_pages.py); more are one link away, in Funn or Evalueringer.
STATEMENTS_PER_SECTION = 40
EVALUATIONS_PER_PAGE = 20
# The most budget lines a measure's page lists with their source text; the
# real content has at most 14. Its budget table sums all of them.
BUDGET_LINES_PER_PAGE = 30

Kind = Statement.Kind
Voice = Statement.Voice

# A measure page's statement sections: which statements each holds (in the
# order findings.grouping decides, first match wins), and the /funn/ filters
# that list all of them. «external» holds the evaluators' findings and the
# recommendations, shown together under «Eksterne funn og anbefalinger».
SECTIONS = [
    ("external", Q(kind=Kind.RECOMMENDATION) | Q(voice=Voice.EVALUATOR), {"avsender": "evaluator"}),
    ("assessments", Q(kind=Kind.ASSESSMENT), {"type": Kind.ASSESSMENT}),
    ("agencies", Q(voice=Voice.AGENCIES), {"avsender": Voice.AGENCIES}),
    ("social_partners", Q(voice=Voice.SOCIAL_PARTNERS), {"avsender": Voice.SOCIAL_PARTNERS}),
    (
        "other_experiences",
        Q(pk__isnull=False),
        {"avsender": Voice.WORKING_GROUP, "type": Kind.EXPERIENCE},
    ),
]


def _responsibilities():
    return Prefetch(
        "responsibilities", queryset=Responsibility.objects.select_related("organisation")
    )


def measure_for_page(key, user):
    """The measure with the register rows its page shows that `user` may see, or
    404. Its statements, evaluations and budget lines: `statements_for_page`,
    `evaluations_for_page`, `budget_lines_for_page`."""
    prefetches = [
        _responsibilities(),
        Prefetch("children", queryset=Measure.objects.prefetch_related(_responsibilities())),
        Prefetch("sections", queryset=MeasureSection.objects.select_related("source")),
        # The versions of the measure in later agreement periods.
        Prefetch("continued_in", queryset=Measure.objects.select_related("period")),
    ]
    if user.has_perm(FOLLOW_UP_PERMISSION):
        prefetches.append(
            Prefetch("follow_up_notes", queryset=FollowUpNote.objects.select_related("author"))
        )
    queryset = Measure.objects.select_related(
        "parent", "period", "continues__period"
    ).prefetch_related(*prefetches)
    return get_object_or_404(queryset, key=key)


def _section():
    return Case(
        *(When(condition, then=Value(name)) for name, condition, _ in SECTIONS),
        default=Value("other_experiences"),
    )


def statements_for_page(measure, user, limit=None):
    """The first `limit` statements of each section that `user` may see, grouped
    as the page shows them, and a `More` per section. One query (two with the
    measures prefetch): each row carries its section's total."""
    limit = limit or STATEMENTS_PER_SECTION
    place = ["source_id", "line", "position"]
    statements = memo.rows(
        Statement.objects.visible_to(user)
        .for_listing()
        .filter(measures=measure)
        .annotate(
            page_section=_section(),
            place_in_section=Window(RowNumber(), partition_by=F("page_section"), order_by=place),
            section_total=Window(Count("pk"), partition_by=F("page_section")),
        )
        .filter(place_in_section__lte=limit)
        .order_by(*place)
    )
    shown, totals = {}, {}
    for statement in statements:
        shown[statement.page_section] = shown.get(statement.page_section, 0) + 1
        totals[statement.page_section] = statement.section_total
    more = {
        name: More(shown.get(name, 0), totals.get(name, 0), _in_funn(measure, filters))
        for name, _, filters in SECTIONS
    }
    return group_statements(statements), more, statements


def _in_funn(measure, filters):
    return reverse("findings:statements") + "?" + urlencode({"virkemiddel": measure.key, **filters})


def evaluations_for_page(measure, user, limit=None):
    """The first `limit` evaluations of the measure by date that `user` may see,
    and a `More`. One query (three with the prefetches): each row carries the total."""
    limit = limit or EVALUATIONS_PER_PAGE
    evaluations = memo.rows(
        Evaluation.objects.visible_to(user)
        .for_listing()
        .filter(measures=measure)
        .annotate(total=Window(Count("pk")))
        .in_date_order()[:limit]
    )
    total = evaluations[0].total if evaluations else 0
    url = reverse("findings:evaluations") + "?" + urlencode({"virkemiddel": measure.key})
    return evaluations, More(len(evaluations), total, url)


def budget_for_page(measure, user, limit=None):
    """The measure's budget rows, summed in the database from every line `user`
    may see, and the first `limit` lines with their source text, with a `More`.
    Two queries."""
    limit = limit or BUDGET_LINES_PER_PAGE
    lines = BudgetLine.objects.visible_to(user).filter(measure=measure)
    rows = budget_rows(grouped_lines(lines, {measure.pk: measure}))
    listed = list(listed_lines(lines).annotate(total=Window(Count("pk")))[:limit])
    total = listed[0].total if listed else 0
    return rows, listed, More(len(listed), total, reverse("measures:budget") + "#kildetekst")
