from django.urls import path

from . import views

urlpatterns = [
    path("personvern/", views.privacy, name="privacy"),
    path("favicon.ico", views.favicon, name="favicon"),
]
