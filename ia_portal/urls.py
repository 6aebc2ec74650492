from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

admin.site.site_header = "IA-portalen – redigering"
admin.site.site_title = "IA-portalen"
admin.site.index_title = "Innhold"
# A page number past a list's end says how many pages there are.
handler404 = "core.views.not_found"

urlpatterns = [
    path("", include("measures.urls")),
    path("", include("findings.urls")),
    path("", include("followup.urls")),
    path(
        "tilgjengelighet/",
        require_safe(TemplateView.as_view(template_name="pages/accessibility.html")),
        name="accessibility",
    ),
    path("", include("core.urls")),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
