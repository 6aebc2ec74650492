from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.defaults import bad_request


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


class PrivateForLoggedInMiddleware:
    """A page rendered for a logged-in user may show drafts or internal notes, so no
    shared cache (a proxy, a CDN) may keep it: `Cache-Control: private`, and
    `Vary: Cookie` so a cache never answers one user with another's page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class RejectNulMiddleware:
    """A NUL character in an admin address is refused with a 400: PostgreSQL cannot
    compare text with it, so a search for it in the admin's lists and autocompletes
    would end in a 500. (The portal's own pages check their parameters in forms.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, exception=None)
        return self.get_response(request)
