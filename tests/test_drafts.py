"""Drafts reach nobody but the secretariat: no page, count, facet, filter choice,
search, export or "next evaluation".

The walk below renders every public page for each role before and after a set
of drafts is added, each carrying a word, a date, an organisation, a measure
and an amount found nowhere else. For a visitor or a member the pages must not
change at all; the secretariat must see every draft, marked «Utkast».
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.models import Publication
from findings.models import Evaluation, LeadIn, Statement
from measures.models import BudgetLine, Measure, Organisation, SourceDocument

pytestmark = pytest.mark.django_db

STATEMENT_WORD = "Kvistrefjell"
EVALUATION_TITLE = "Qwzevaluering av egenmeldingene"
DUE = "mars 2099"  # the draft evaluation's due date; no other evaluation is due in 2099
DUE_YEAR = 2099
EVALUATOR = "Qwzanalyse AS"
EVALUATOR_KEY = "qwzanalyse"
# A measure no other evaluation covers, so only the draft puts it in the
# evaluation list's measure filter.
MEASURE_ONLY_THE_DRAFT_EVALUATES = "utvidet-egenmeldingsperiode"
BUDGET_LABEL = "Qwzbudsjett"
BUDGET_AMOUNT = "987,65"  # 987 654 321 kr, shown as «987,65 mill. kr»
MARKERS = {
    "the draft statement": STATEMENT_WORD,
    "the draft evaluation": EVALUATION_TITLE,
    "the draft evaluation's due date": DUE,
    "the draft evaluation's evaluator": EVALUATOR,
    "the draft budget line": BUDGET_LABEL,
    "the draft budget line's amount": BUDGET_AMOUNT,
}

READERS = ["visitor", "member"]
PREVIEWERS = ["secretariat", "superuser"]


def make_drafts():
    """One draft of each publishable kind, each with its own unique markers."""
    source = SourceDocument.objects.get(key="arbeidsgruppen-2022")
    where = {"source": source, "section": "Sekretariatets utkast", "position": 1}
    expert_help = Measure.objects.get(key="ekspertbistand")
    lead_in = LeadIn.objects.create(key="utkast-innledning", text="Utkastinnledning:", **where)
    statement = Statement.objects.create(
        key="utkast-1", kind="assessment", voice="working_group", is_summary=True,
        text=f"{STATEMENT_WORD} er et ord bare utkastet bruker.", lead_in=lead_in, **where,
    )  # fmt: skip
    statement.measures.add(expert_help)
    evaluation = Evaluation.objects.create(
        key="utkast-evaluering", title=EVALUATION_TITLE, kind="final", status="planned",
        due=datetime.date(DUE_YEAR, 3, 1), due_precision="month", source_text="x", **where,
    )  # fmt: skip
    evaluation.measures.add(Measure.objects.get(key=MEASURE_ONLY_THE_DRAFT_EVALUATES))
    evaluation.evaluators.add(
        Organisation.objects.create(key=EVALUATOR_KEY, name=EVALUATOR, kind="research")
    )
    BudgetLine.objects.create(
        key="utkast-budsjett", measure=expert_help, year_from=2018, year_to=2018,
        kind="frame", amount=Decimal("987654321"), label=BUDGET_LABEL, source_text="x",
        **where,
    )  # fmt: skip
    drafts = [statement, evaluation, *BudgetLine.objects.filter(key="utkast-budsjett")]
    assert all(row.is_draft for row in drafts)  # new content starts as a draft
    return statement


@pytest.fixture
def drafts(db):
    return make_drafts()


def public_urls():
    """Every public page, and each filter and format that selects drafts' content."""
    statements = reverse("findings:statements")
    evaluations = reverse("findings:evaluations")
    measures = reverse("findings:measures")
    return [
        reverse("findings:overview"),
        measures,
        f"{measures}?evaluering=planned",
        *(m.get_absolute_url() for m in Measure.objects.order_by("position", "key")),
        statements,
        f"{statements}?q={STATEMENT_WORD}",
        f"{statements}?virkemiddel=ekspertbistand&type=assessment",
        f"{statements}?format=csv",
        f"{statements}?format=csv&q={STATEMENT_WORD}",
        evaluations,
        f"{evaluations}?ar={DUE_YEAR}",
        f"{evaluations}?status=planned",
        reverse("measures:budget"),
        reverse("findings:sources"),
        *(
            reverse("findings:source", args=[key])
            for key in ("arbeidsgruppen-2022", "oxford-research-2022")
        ),
    ]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    # The logout form's CSRF token is masked afresh on every response.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


class _PageItems(HTMLParser):
    """The text of every list item, table row, article and option on a page,
    innermost first, and the options of every <select>."""

    ITEMS = {"li", "tr", "article", "option"}

    def __init__(self, html):
        super().__init__()
        self.open = []
        self.items = []
        self.options = []
        self.select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = attrs.get("name")
        if tag == "option":
            self.options.append((self.select, attrs.get("value")))
        if tag in self.ITEMS:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _, parts = self.open.pop()
            text = "".join(parts)
            self.items.append(text)
            if self.open:
                self.open[-1][1].append(text)

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def select_options(html):
    return _PageItems(html).options


@pytest.mark.slow
@pytest.mark.parametrize("role", READERS)
def test_a_draft_changes_no_page_a_reader_sees(role, request):
    client = request.getfixturevalue(f"{role}_client")
    urls = public_urls()
    before = {url: page(client, url) for url in urls}
    make_drafts()
    leaks = []
    for url in urls:
        after = page(client, url)
        leaks += [
            f"{what} shows on {url}"
            for what, marker in MARKERS.items()
            if marker in after and marker not in url  # a search echoes its words
        ]
        added = set(select_options(after)) - set(select_options(before[url]))
        leaks += [f"{url} offers the choice {name}={value}" for name, value in sorted(added)]
        if after != before[url]:
            leaks.append(f"{url} changes when a draft is added")
    assert not leaks, "\n".join(leaks)


def items_with(html, marker):
    return [item for item in _PageItems(html).items if marker in item]


# Where each draft shows for the secretariat: (page, marker). Every list item,
# table row or article that holds the marker must say «Utkast».
PREVIEWS = [
    (reverse("findings:overview"), STATEMENT_WORD),  # in the summary assessments
    (reverse("findings:overview"), DUE),  # "next evaluation" at a glance
    (reverse("findings:measures"), DUE),
    (reverse("findings:measure", args=[MEASURE_ONLY_THE_DRAFT_EVALUATES]), EVALUATION_TITLE),
    (reverse("findings:measure", args=["ekspertbistand"]), STATEMENT_WORD),
    (reverse("findings:measure", args=["ekspertbistand"]), BUDGET_LABEL),
    (reverse("findings:measure", args=["ekspertbistand"]), BUDGET_AMOUNT),
    (reverse("findings:statements") + f"?q={STATEMENT_WORD}", STATEMENT_WORD),
    (reverse("findings:evaluations"), EVALUATION_TITLE),
    (reverse("findings:evaluations") + f"?ar={DUE_YEAR}", EVALUATION_TITLE),
    (reverse("findings:evaluations") + f"?evaluator={EVALUATOR_KEY}", EVALUATION_TITLE),
    (reverse("measures:budget"), BUDGET_AMOUNT),
]


@pytest.mark.parametrize("role", PREVIEWERS)
def test_the_secretariat_sees_every_draft_marked_as_such(role, request):
    make_drafts()
    client = request.getfixturevalue(f"{role}_client")
    problems = []
    for url, marker in PREVIEWS:
        items = items_with(page(client, url), marker)
        if not items:
            problems.append(f"{marker} is missing on {url}")
        if any("Utkast" not in item for item in items):
            problems.append(f"{marker} is not marked as a draft on {url}")
    assert not problems, "\n".join(problems)
    options = select_options(page(client, reverse("findings:evaluations")))
    assert ("evaluator", EVALUATOR_KEY) in options
    assert ("virkemiddel", MEASURE_ONLY_THE_DRAFT_EVALUATES) in options
    export = page(client, reverse("findings:statements") + f"?format=csv&q={STATEMENT_WORD}")
    header, row = csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";")
    assert STATEMENT_WORD in row[header.index("Tekst")]
    assert row[header.index("Publisering")] == "Utkast"


def test_a_reader_cannot_filter_by_a_choice_only_a_draft_offers(visitor_client, drafts):
    response = visitor_client.get(reverse("findings:evaluations"), {"evaluator": EVALUATOR_KEY})
    assert response.status_code == 400
    assert EVALUATION_TITLE not in response.content.decode()


@pytest.mark.parametrize("role", READERS + PREVIEWERS)
def test_a_lead_in_shows_when_one_of_its_bullets_does(drafts, role, request):
    user = request.getfixturevalue(role)
    lead_in = LeadIn.objects.get(key="utkast-innledning")
    assert (lead_in in LeadIn.objects.visible_to(user)) == (role in PREVIEWERS)
    Statement.objects.filter(pk=drafts.pk).update(publication=Publication.PUBLISHED)
    assert lead_in in LeadIn.objects.visible_to(user)


def test_the_secretariat_publishes_and_unpublishes_in_bulk(
    secretariat_client, visitor_client, drafts
):
    changelist = reverse("admin:findings_statement_changelist")
    search = reverse("findings:statements") + f"?q={STATEMENT_WORD}"
    secretariat_client.post(
        changelist, {"action": "publish", "_selected_action": [drafts.pk]}, follow=True
    )
    drafts.refresh_from_db()
    assert not drafts.is_draft
    assert 'id="utsagn-utkast-1"' in page(visitor_client, search)
    secretariat_client.post(changelist, {"action": "unpublish", "_selected_action": [drafts.pk]})
    drafts.refresh_from_db()
    assert drafts.is_draft
    assert 'id="utsagn-utkast-1"' not in page(visitor_client, search)


def test_members_read_internal_notes_that_visitors_do_not(visitor_client, member_client):
    from measures.models import FollowUpNote

    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="skil"), title="Notat til møtet 4. mai", text="Internt."
    )
    url = reverse("findings:measure", args=["skil"])
    assert "Notat til møtet 4. mai" in page(member_client, url)
    assert "Notat til møtet 4. mai" not in page(visitor_client, url)
    assert "Interne oppfølgingsnotater" not in page(visitor_client, url)


def test_the_secretariat_can_open_a_draft_on_its_public_page(secretariat_client, drafts):
    url = drafts.get_absolute_url()
    assert url == reverse("findings:measure", args=["ekspertbistand"]) + "#utsagn-utkast-1"
    change = secretariat_client.get(reverse("admin:findings_statement_change", args=[drafts.pk]))
    assert "Vis på nettsted" in change.content.decode()
    html = page(secretariat_client, url.split("#")[0])
    assert 'id="utsagn-utkast-1"' in html
