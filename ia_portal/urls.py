from django.contrib import admin
from django.urls import path

admin.site.site_header = "IA-portalen – redigering"
admin.site.site_title = "IA-portalen"
admin.site.index_title = "Innhold"

urlpatterns = [
    path("admin/", admin.site.urls),
]
