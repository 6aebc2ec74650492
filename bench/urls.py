from django.urls import path

from ia_portal.urls import urlpatterns as portal

from .floor import floor

urlpatterns = [path("__gulv__/<slug:name>/", floor), *portal]
