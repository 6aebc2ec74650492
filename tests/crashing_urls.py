"""A URLconf with a view that fails, to see the 500 page as a visitor would."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("hemmelig detalj om databasen")


urlpatterns = [path("krasj/", broken), path("", include("ia_portal.urls"))]
