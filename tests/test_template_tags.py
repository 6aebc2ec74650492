"""The tags that stand for includes in long lists: what they print, escaped."""

from types import SimpleNamespace

from django.template import Context, Template

from core.list_state import Option
from measures.budget import BudgetCell, UseSummary


def render(source, **context):
    return Template(source).render(Context(context))


def test_a_filter_option_is_escaped_selected_and_counted():
    option = Option(value='a"b', label="Vår & <deres>", count=3, selected=True)
    html = render("{% load ia_links %}{% filter_option option %}", option=option)
    assert html == '<option value="a&quot;b" selected>Vår &amp; &lt;deres&gt; (3)</option>'


def test_a_filter_option_without_a_count_shows_none():
    option = Option(value="x", label="X", count=None, selected=False)
    html = render("{% load ia_links %}{% filter_option option %}", option=option)
    assert html == '<option value="x">X</option>'


def test_a_sub_measure_is_named_as_part_of_its_parent():
    parent = SimpleNamespace(name="Bransjeprogrammer")
    measure = SimpleNamespace(name="Sykehus & co", get_absolute_url=lambda: "/virkemidler/s/")
    html = render(
        '{% load ia_links %}{% measure_name measure parent "#evalueringer" %}',
        measure=measure,
        parent=parent,
    )
    assert html == (
        '<span class="submeasure" aria-hidden="true">↳ </span>'
        '<a class="ds-link" href="/virkemidler/s/#evalueringer">Sykehus &amp; co</a>'
        '<span class="ds-sr-only"> (del av Bransjeprogrammer)</span>'
    )


def test_a_measure_without_parent_is_a_plain_link():
    measure = SimpleNamespace(name="SKIL", get_absolute_url=lambda: "/virkemidler/skil/")
    html = render("{% load ia_links %}{% measure_name measure %}", measure=measure)
    assert html == '<a class="ds-link" href="/virkemidler/skil/">SKIL</a>'


def test_budget_use_says_so_when_the_sources_do_not():
    assert render("{% load ia_budget %}{% budget_use None %}") == (
        '<span class="muted">ikke oppgitt</span>'
    )
    use = UseSummary(figure="18 %", what="av rammen brukt", period="2021")
    assert render("{% load ia_budget %}{% budget_use use %}", use=use) == (
        '<strong class="nowrap">18 %</strong> av rammen brukt <span class="nowrap">(2021)</span>'
    )


def test_budget_cells_print_millions_sums_percents_and_empty_cells():
    cells = [
        BudgetCell(kroner=71_600_000, parts=2, qualifier="om lag"),
        BudgetCell(percent=25),
        BudgetCell(),
        BudgetCell(text="3 årsverk", is_text=True),
    ]
    row = SimpleNamespace(cells=lambda kinds: cells)
    columns = [
        ("frame", "Ramme"),
        ("withheld", "Holdt <tilbake>"),
        ("spent", "Brukt"),
        ("x", "Annet"),
    ]
    html = render("{% load ia_budget %}{% budget_cells row columns %}", row=row, columns=columns)
    assert html.split("\n") == [
        '<td role="cell" class="num" data-label="Ramme">om lag 71,6'
        '<span class="unit"> mill.&nbsp;kr</span>'
        '<span class="as-of muted"> sum av 2 beløp</span></td>',
        '<td role="cell" class="num" data-label="Holdt &lt;tilbake&gt;">25\xa0%</td>',
        '<td role="cell" class="num empty" data-label="Brukt">–</td>',
        '<td role="cell" class="text" data-label="Annet">3 årsverk</td>',
        "",
    ]
