"""The API's addresses, version 1: mounted at /api/v1/, outside the language prefixes (a URL of data stays the same
whatever the reader's language)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from synergies.api import views

app_name = "api"

urlpatterns = [
    path("", views.documentation, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("practices/", views.PracticeSearch.as_view(), name="practices"),
    path("practices/<slug:slug>/", views.PracticeDetail.as_view(), name="practice"),
]
