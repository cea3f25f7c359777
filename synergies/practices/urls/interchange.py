"""The interchange addresses: a pôle's import (with the follow-up of each import), its export, and the empty model."""

from django.urls import path

from synergies.practices.interchange import views

POLE = "<slug:basin>/<str:code>/"

urlpatterns = [
    path("import/modele.csv", views.import_template, name="import_template"),
    path("import/" + POLE, views.import_page, name="import"),
    path("import/" + POLE + "suivi/<int:pk>/", views.import_job, name="import_job"),
    path("export/" + POLE, views.export, name="export"),
]
