from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Puts every page behind login when PORTAL_REQUIRE_LOGIN is on.

    Read on each request, so a deployment (or a test) can switch it without
    changing the middleware list. Views marked @login_not_required (login,
    static files) stay open.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PORTAL_REQUIRE_LOGIN:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
