from django.urls import path

from synergies.skills.views import editor, public

app_name = "skills"

FW = "referentiels/<slug:framework>/"
VERSION = FW + "versions/<str:number>/"
urlpatterns = [
    path("referentiels/", public.framework_index, name="index"),
    path("poles/<slug:basin>/<str:code>/referentiel/", public.pole_referential, name="pole"),
    path("poles/<slug:basin>/<str:code>/referentiel/creer/", editor.referential_create, name="create"),
    path(FW, public.framework_latest, name="framework"),
    path(FW + "concepts/<str:code>/", public.concept_latest, name="concept"),
    path(FW + "comparer/", public.version_diff, name="diff"),
    path(FW + "nouvelle-version/", editor.version_start, name="start"),
    path(VERSION, public.version_detail, name="version"),
    path(VERSION + "concepts/<str:code>/", public.version_concept, name="version_concept"),
    path(VERSION + "journal/", public.version_changes, name="changes"),
    path(VERSION + "export.<str:fmt>", public.version_export, name="export"),
    path(VERSION + "modifier/", editor.editor, name="editor"),
    path(VERSION + "modifier/ajouter/", editor.concept_add, name="concept_add"),
    path(VERSION + "modifier/<str:code>/", editor.concept_edit, name="concept_edit"),
    path(VERSION + "modifier/<str:code>/deplacer/", editor.concept_move, name="concept_move"),
    path(VERSION + "modifier/<str:code>/scinder/", editor.concept_split, name="concept_split"),
    path(VERSION + "modifier/<str:code>/fusionner/", editor.concept_merge, name="concept_merge"),
    path(VERSION + "modifier/<str:code>/retirer/", editor.concept_retire, name="concept_retire"),
    path(VERSION + "modifier/<str:code>/correspondances/", editor.mapping_add, name="mapping_add"),
    path(VERSION + "correspondances/<int:pk>/valider/", editor.mapping_validate, name="mapping_validate"),
    path(VERSION + "correspondances/<int:pk>/retirer/", editor.mapping_remove, name="mapping_remove"),
    path(VERSION + "proposer/", editor.version_propose, name="propose"),
    path(VERSION + "abandonner/", editor.version_discard, name="discard"),
]
