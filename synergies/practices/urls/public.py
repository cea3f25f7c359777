"""The catalogue's public search page (its JSON twin lives in `synergies.api`)."""

from django.urls import path

from synergies.practices.views import search

urlpatterns = [path("recherche/", search.search_page, name="search")]
