"""The follow-up pages: the list with filters and exports, one page per item,
the recommendation × measure matrix, and what changed since a date."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import form_errors
from core.page_cache import cached_for_visitors
from measures.models import Measure

from .compare import CompareForm, compared_columns, names_in_a_sentence
from .exports import as_csv, as_xlsx
from .list_state import FollowUpListState
from .matrix import build_matrix
from .models import DigestSubscription
from .presentation import item_measures, statement_url, status_color, status_label
from .selectors import can_read_notes, item_for_page, items_for_listing, visible_items
from .whatchanged import DEFAULT_DAYS, changes_since, default_since, start_of


@require_safe
@cached_for_visitors
def item_list(request):
    state = FollowUpListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    today = timezone.localdate()
    if state.is_valid and state.export_format == "csv":
        return as_csv(state.results, request, today)
    if state.is_valid and state.export_format == "xlsx":
        return as_xlsx(state.results, request, today)
    # A bad value gives a message and a 400, with the rest of the choices applied.
    page = state.page(state.results)
    context = {
        "state": state,
        "page": page,
        "rows": [_row(item, today) for item in page.object_list],
        "status_counts": state.status_counts(),
    }
    return render(request, "followup/item_list.html", context, status=state.status)


def _row(item, today):
    quotes = item.quotes.all()
    return {
        "item": item,
        "quote": quotes[0],
        "others": len(quotes) - 1,
        "measures": item_measures(item),
        "status_label": status_label(item),
        "status_color": status_color(item),
        "overdue": item.is_overdue(today),
    }


@require_safe
@cached_for_visitors
def item_detail(request, key):
    item = item_for_page(visible_items(request.user), key, request.user)
    if item is None:
        raise Http404("Fant ingen anbefaling med denne adressen.")
    quotes = [
        {"quote": quote, "context": quote.in_context(), "url": statement_url(quote.statement)}
        for quote in item.quotes.all()
    ]
    context = {
        "item": item,
        "quotes": quotes,
        "measures": item_measures(item),
        "status_label": status_label(item),
        "status_color": status_color(item),
        "overdue": item.is_overdue(timezone.localdate()),
        "events": list(item.events.all()),
        "notes": item.notes.all() if can_read_notes(request.user) else None,
        "show_authors": can_read_notes(request.user),
    }
    return render(request, "followup/item_detail.html", context)


@require_safe
@cached_for_visitors
def matrix(request):
    items = items_for_listing(visible_items(request.user), request.user)
    context = {"matrix": build_matrix(items, Measure.objects.all())}
    return render(request, "followup/matrix.html", context)


@require_safe
@cached_for_visitors
def compare(request):
    """The chosen measures side by side; without a choice, the form to choose."""
    measures = list(Measure.objects.select_related("parent").order_by("position", "name"))
    context = {
        "measures": measures,
        "chosen": request.GET.getlist("m"),
        "legend": "Velg to til fire virkemidler",
    }
    if "m" not in request.GET:
        return render(request, "followup/compare.html", context)
    form = CompareForm(request.GET, measures)
    if not form.is_valid():
        context["errors"] = form_errors(form)
        return render(request, "followup/compare.html", context, status=400)
    columns = compared_columns(form.cleaned_data["m"], request.user)
    context |= {
        "columns": columns,
        "compared": names_in_a_sentence(columns),
        "legend": "Velg andre virkemidler",
    }
    return render(request, "followup/compare.html", context)


class ChangesOptions(forms.Form):
    fra = forms.DateField(
        label="Endringer fra og med",
        required=False,
        input_formats=["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"],
        error_messages={
            "invalid": "Skriv datoen som dag.måned.år, f.eks. 1.6.2026.",
        },
    )

    def clean_fra(self):
        day = self.cleaned_data["fra"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("Datoen kan ikke være etter i dag.")
        if day is not None and day.year < 2000:
            raise forms.ValidationError("Portalen har ingen endringer fra før år 2000.")
        return day


@require_safe
def changes(request):
    """What changed since a date: new and edited content, delivered evaluations,
    budget figures and the follow-up of recommendations."""
    options = ChangesOptions(request.GET)
    if not options.is_valid():
        context = {"options": options, "errors": form_errors(options), "days": DEFAULT_DAYS}
        return render(request, "followup/changes.html", context, status=400)
    day = options.cleaned_data["fra"] or default_since()
    found = changes_since(request.user, start_of(day))
    context = {
        "options": options,
        "day": day,
        "changes": found,
        "days": DEFAULT_DAYS,
        "can_read_notes": can_read_notes(request.user),
    }
    return render(request, "followup/changes.html", context)


class AccountForm(forms.Form):
    email = forms.EmailField(
        label="E-postadresse",
        required=False,
        max_length=254,
        error_messages={"invalid": "Skriv en gyldig e-postadresse, f.eks. navn@example.org."},
    )
    weekly = forms.BooleanField(
        label="Send meg en ukentlig e-post med endringene uken før",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("weekly") and not cleaned.get("email"):
            self.add_error("email", "Skriv e-postadressen endringene skal sendes til.")
        return cleaned


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    """The member's own settings: the weekly e-mail of what changed."""
    if request.method == "POST":
        form = AccountForm(request.POST)
        if form.is_valid():
            _save_account(request.user, form.cleaned_data)
            if form.cleaned_data["weekly"]:
                messages.success(request, f"Lagret. Endringene sendes til {request.user.email}.")
            else:
                messages.success(request, "Lagret. Du får ikke e-post med endringene.")
            return redirect("followup:account")
        return render(request, "followup/account.html", {"form": form}, status=400)
    # Reading the page writes nothing: the subscription is made when first saved.
    weekly = DigestSubscription.objects.filter(user=request.user, weekly=True).exists()
    form = AccountForm(initial={"email": request.user.email, "weekly": weekly})
    return render(request, "followup/account.html", {"form": form})


@transaction.atomic
def _save_account(user, data):
    user.email = data["email"]
    user.save(update_fields=["email"])
    DigestSubscription.objects.update_or_create(user=user, defaults={"weekly": data["weekly"]})
