from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import ChangesFeed

app_name = "followup"
urlpatterns = [
    path("oppfolging/", views.item_list, name="items"),
    path("sammenlign/", views.compare, name="compare"),
    path("oppfolging/matrise/", views.matrix, name="matrix"),
    path("oppfolging/<slug:key>/", views.item_detail, name="item"),
    path("endringer/", views.changes, name="changes"),
    path("endringer/atom/", require_safe(ChangesFeed()), name="changes_feed"),
    path("konto/", views.account, name="account"),
]
