"""The portal's own small pages: the privacy statement, the favicon and the
page for an address that does not exist."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from core.list_state import PAGE, PageOutOfRange


@login_not_required
@require_safe
def privacy(request):
    """Open without login too: what logging in records must be readable before it."""
    context = {
        "login_log_days": settings.LOGIN_LOG_RETENTION_DAYS,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "pages/privacy.html", context)


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; the icon is an SVG."""
    return redirect(static("favicon.svg"))


def not_found(request, exception=None):
    """Django's 404 page, and for a page number past a list's last page, how
    many pages the list has, with links to the first and the last."""
    context = {}
    if isinstance(exception, PageOutOfRange):
        context = {
            "pages": exception.pages,
            "first_page": _with_page(request, None),
            "last_page": _with_page(request, exception.pages),
        }
    return render(request, "404.html", context, status=404)


def _with_page(request, number):
    """This address with page `number` (the first page has no number)."""
    query = request.GET.copy()
    query.pop(PAGE, None)
    if number and number > 1:
        query[PAGE] = str(number)
    return f"{request.path}?{query.urlencode()}" if query else request.path
