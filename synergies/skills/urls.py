from django.urls import path

from synergies.skills import views

app_name = "skills"

FW = "referentiels/<slug:framework>/"
VERSION = FW + "versions/<str:number>/"
urlpatterns = [
    path("referentiels/", views.framework_index, name="index"),
    path("poles/<slug:basin>/<str:code>/referentiel/", views.pole_referential, name="pole"),
    path(FW, views.framework_latest, name="framework"),
    path(FW + "concepts/<str:code>/", views.concept_latest, name="concept"),
    path(FW + "comparer/", views.version_diff, name="diff"),
    path(FW + "nouvelle-version/", views.version_start, name="start"),
    path(VERSION, views.version_detail, name="version"),
    path(VERSION + "concepts/<str:code>/", views.version_concept, name="version_concept"),
    path(VERSION + "journal/", views.version_changes, name="changes"),
    path(VERSION + "export.<str:fmt>", views.version_export, name="export"),
    path(VERSION + "modifier/", views.editor, name="editor"),
    path(VERSION + "modifier/ajouter/", views.concept_add, name="concept_add"),
    path(VERSION + "modifier/<str:code>/", views.concept_edit, name="concept_edit"),
    path(VERSION + "modifier/<str:code>/deplacer/", views.concept_move, name="concept_move"),
    path(VERSION + "modifier/<str:code>/scinder/", views.concept_split, name="concept_split"),
    path(VERSION + "modifier/<str:code>/fusionner/", views.concept_merge, name="concept_merge"),
    path(VERSION + "modifier/<str:code>/retirer/", views.concept_retire, name="concept_retire"),
    path(VERSION + "modifier/<str:code>/correspondances/", views.mapping_add, name="mapping_add"),
    path(VERSION + "correspondances/<int:pk>/valider/", views.mapping_validate, name="mapping_validate"),
    path(VERSION + "correspondances/<int:pk>/retirer/", views.mapping_remove, name="mapping_remove"),
    path(VERSION + "proposer/", views.version_propose, name="propose"),
    path(VERSION + "abandonner/", views.version_discard, name="discard"),
]
