from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "IA-portalen – redigering"
admin.site.site_title = "IA-portalen"
admin.site.index_title = "Innhold"

urlpatterns = [
    path("", include("measures.urls")),
    path("", include("findings.urls")),
    path("admin/", admin.site.urls),
]
