"""The portal's own small pages: the privacy statement and the favicon."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe


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
