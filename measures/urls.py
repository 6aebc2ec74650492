from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("virkemidler/", views.measure_list, name="list"),
    path("virkemidler/<slug:key>/", views.measure_detail, name="detail"),
    path("budsjett/", views.budget, name="budget"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
]
