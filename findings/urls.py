from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("funn/", views.statement_list, name="statements"),
    path("evalueringer/", views.evaluation_list, name="evaluations"),
]
