from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("budsjett/", views.budget, name="budget"),
]
