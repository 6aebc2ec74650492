"""The GET state of a list page, owned by one object.

A list page's address carries filters, a search, a sort, a page number and an
export format. `ListState` reads them once: it validates the request through
the page's FilterSet and options form, keeps what is usable when something is
not, and answers everything the view and the template ask of the address – the
filtered rows, the selects with their counts, the page, the parameters to
build links from (with `{% querystring %}`), and the address without empty
parameters to redirect to.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.functional import cached_property
from django_filters.constants import EMPTY_VALUES

from . import memo
from .forms import form_errors

# The page number's parameter on every list.
PAGE = "side"


class PageOptions(forms.Form):
    """The parameters of a list that are not filters: page number and format."""

    side = forms.IntegerField(
        min_value=1,
        max_value=100_000,
        required=False,
        error_messages={"invalid": "Sidetallet må være et helt tall."},
    )
    format = forms.ChoiceField(
        choices=[("", "Nettside"), ("csv", "CSV")],
        required=False,
        error_messages={"invalid_choice": "Formatet kan bare være csv."},
    )


class PageOnly(forms.Form):
    """For a list with pages but no export formats."""

    side = PageOptions.base_fields["side"]


class NoOptions(forms.Form):
    """For a list on one page, with no export formats."""


def without_empty(params):
    """`params` without the values that are empty or only spaces: what an
    unfilled form field sends."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class OptionGroup:
    """Options under a heading (an <optgroup>): a measure's sub-measures."""

    label: str
    options: list[Option]


@dataclass
class Select:
    """One filter as the page shows it: options with hits, and any it was given."""

    name: str
    label: str
    entries: list = field(default_factory=list)  # Option or OptionGroup
    errors: list = field(default_factory=list)

    @property
    def id(self):
        return f"id_{self.name}"


class ListState:
    """Subclasses name the FilterSet, and may add an options form and counts."""

    filterset_class = None
    options_class = PageOptions
    page_size = 25

    def __init__(self, request, queryset):
        self.request = request
        self.queryset = queryset
        self.filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
        self.options = self.options_class(request.GET)

    # The address -------------------------------------------------------------

    @cached_property
    def clean_url(self):
        """The same address without empty parameters, when it has any; else None."""
        kept = without_empty(self.request.GET)
        if kept == self.request.GET:  # the same keys with the same lists of values
            return None
        return f"{self.request.path}?{kept.urlencode()}" if kept else self.request.path

    @cached_property
    def is_valid(self):
        # Both forms are validated, so every bad value is reported at once.
        return self.filterset.is_valid() & self.options.is_valid()

    @property
    def status(self):
        return 200 if self.is_valid else 400

    @cached_property
    def errors(self):
        """(label, message) pairs for the error summary."""
        return [] if self.is_valid else form_errors(self.filterset.form, self.options)

    @cached_property
    def params(self):
        """The usable parameters: what links and counts start from. A bad value
        is left out, so the rest of the user's choices still apply."""
        self.is_valid  # noqa: B018 - errors exist only after validation
        bad = set(self.filterset.form.errors) | set(self.options.errors)
        params = without_empty(self.request.GET)
        for name in bad:
            params.pop(name, None)
        return params

    @property
    def form(self):
        """The bound form: shows what the user typed, bad values included."""
        return self.filterset.form

    def cleaned(self, name):
        """A parameter's valid value, or None (also when it was bad)."""
        self.is_valid  # noqa: B018
        data = {**self.options.cleaned_data, **self.filterset.form.cleaned_data}
        value = data.get(name)
        return None if value in ("", None) else value

    # What it selects ------------------------------------------------------------

    @property
    def filtered(self):
        """The rows that match every valid filter (a bad one is ignored)."""
        self.is_valid  # noqa: B018
        return self.filterset.qs

    @property
    def export_format(self):
        return self.cleaned("format")

    def page(self, rows, size=None):
        return paginate(rows, self.cleaned("side"), size or self.page_size)

    @property
    def active_filter_count(self):
        """How many of the selects are set (not the search, sort or page)."""
        return sum(1 for name in self.select_names() if name in self.params)

    # The selects ------------------------------------------------------------

    def facet_counts(self):
        """{filter name: {option value: rows}}; override where counts are shown."""
        return {}

    def select_names(self):
        """The filters shown as selects, in order."""
        return list(self.filterset.filters)

    @cached_property
    def selects(self):
        counts = self.facet_counts()
        return [self._select(name, counts.get(name)) for name in self.select_names()]

    def _select(self, name, counts):
        bound = self.form[name]
        selected = self.params.get(name, "")
        options = []
        for value, label, instance in choices_of(bound.field):
            count = counts.get(value, 0) if counts is not None else None
            options.append((Option(value, label, count, value == selected), instance))
        entries = group_entries(options, shown=_has_hits_or_is_chosen)
        return Select(name, str(bound.label), entries, errors=list(bound.errors))


def counts_per_filter(filterset, names, count):
    """{filter: {option value: rows}} for each filter in `names`: `count(name,
    rows)` over the rows the other chosen filters give. `filterset` is
    validated; its values are used as they are (a bad one is left out), so no
    choice is looked up again for each count."""
    chosen = {n: v for n, v in filterset.form.cleaned_data.items() if v not in EMPTY_VALUES}
    counts = {}
    for name in names:
        rows = filterset.queryset.all()
        for other, value in chosen.items():
            if other != name:
                rows = filterset.filters[other].filter(rows, value)
        counts[name] = {str(value): n for value, n in count(name, rows).items()}
    return counts


class PageOutOfRange(Http404):
    """A page number past the last page: a bookmark from when the list was
    longer, say. The 404 page says how many pages there are (core.views.not_found)."""

    def __init__(self, pages):
        super().__init__(f"Siden finnes ikke: det er {pages} sider.")
        self.pages = pages


def paginate(rows, number, size):
    """Page `number` (1 when None) of `rows` with its links; 404 past the last."""
    paginator = Paginator(rows, size)
    if isinstance(rows, QuerySet):
        # Counting every match is what grows with the database: keep the count.
        paginator.count = memo.count(rows)
    number = number or 1
    if number > max(paginator.num_pages, 1):
        raise PageOutOfRange(max(paginator.num_pages, 1))
    page = paginator.page(number)
    if isinstance(page.object_list, QuerySet):
        page.object_list = memo.rows(page.object_list)
    return with_links(page)


def with_links(page):
    """The page with `links`: at most a dozen page numbers around it, with
    ellipses (includes/pagination.html), never one link per page."""
    page.links = page.paginator.get_elided_page_range(page.number, on_each_side=2)
    return page


def _has_hits_or_is_chosen(option):
    # An option with no hits is left out; a chosen one always stays visible.
    return option.selected or option.count is None or option.count > 0


def choices_of(form_field):
    """(value, label, model instance or None) for each non-empty choice."""
    for value, label in form_field.choices:
        instance = getattr(value, "instance", None)
        value = str(getattr(value, "value", value))
        if value:
            yield value, str(label), instance


def group_entries(options, shown):
    """The `shown` options, those whose instance has a parent among the
    options in an <optgroup> under the parent's name, the parent first."""
    parents = {instance.pk for _, instance in options if instance is not None}
    children = {}
    for option, instance in options:
        parent = getattr(instance, "parent_id", None)
        if parent in parents:
            children.setdefault(parent, []).append(option)
    entries = []
    for option, instance in options:
        if getattr(instance, "parent_id", None) in parents:
            continue  # listed in its parent's group
        kids = [kid for kid in children.get(getattr(instance, "pk", None), []) if shown(kid)]
        if kids:
            own = [Option(option.value, f"{option.label} generelt", option.count, option.selected)]
            entries.append(OptionGroup(option.label, [o for o in own if shown(o)] + kids))
        elif shown(option):
            entries.append(option)
    return entries
