from django.urls import path

from synergies.poles import views

app_name = "poles"

POLE = "<slug:basin>/<str:code>/"

urlpatterns = [
    path("", views.pole_list, name="list"),
    path("nouveau/", views.pole_create, name="create"),
    path("gestion/", views.overview, name="overview"),
    path(POLE, views.pole_detail, name="detail"),
    path(POLE + "conformite/", views.pole_compliance, name="compliance"),
    path(POLE + "membres/", views.members_area, name="members"),
    path(POLE + "modifier/", views.pole_edit, name="edit"),
    path(POLE + "modalites/", views.modalities, name="modalities"),
    path(POLE + "mandats/", views.mandates, name="mandates"),
    path(POLE + "mandats/<int:number>/evaluation/", views.evaluation_file, name="evaluation_file"),
    path(POLE + "organes/ajouter/", views.body_create, name="body_create"),
    path(POLE + "organes/<slug:body>/", views.body_detail, name="body"),
    path(POLE + "organes/<slug:body>/modifier/", views.body_edit, name="body_edit"),
    path(POLE + "organes/<slug:body>/sieges/ajouter/", views.seat_create, name="seat_create"),
    path(POLE + "organes/<slug:body>/documents/", views.document_upload, name="document_upload"),
    path(POLE + "documents/<int:pk>/", views.document_download, name="document"),
    path(POLE + "sieges/<int:pk>/", views.seat_edit, name="seat_edit"),
    path(POLE + "sieges/<int:pk>/fin/", views.seat_end, name="seat_end"),
    path(POLE + "sieges/<int:pk>/interets/", views.seat_interest, name="seat_interest"),
    path(POLE + "composition/importer/", views.composition_import, name="composition_import"),
    path(POLE + "composition.<str:fmt>", views.composition_export, name="composition_export"),
]
