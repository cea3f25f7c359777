from django.urls import path

from synergies.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("export.csv", views.organisation_export, name="export"),
    path("importer/", views.organisation_import, name="import"),
    path("ajouter/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/modifier/", views.organisation_edit, name="organisation_edit"),
    path("personnes/", views.person_list, name="people"),
    path("personnes/ajouter/", views.person_create, name="person_create"),
    path("personnes/<int:pk>/", views.person_detail, name="person"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/affiliations/", views.affiliation_add, name="affiliation_add"),
    path(
        "personnes/<int:pk>/affiliations/<int:affiliation_pk>/terminer/", views.affiliation_end, name="affiliation_end"
    ),
    path("personnes/<int:pk>/inviter/", views.person_invite, name="person_invite"),
    path("personnes/<int:pk>/effacer/", views.person_erase, name="person_erase"),
    path("effacements/", views.erasure_requests, name="erasure_requests"),
    path("effacements/<int:pk>/refuser/", views.erasure_refuse, name="erasure_refuse"),
]
