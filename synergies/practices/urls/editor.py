"""The editors' and moderators' addresses: the record editor, « Mes pratiques », a record's follow-up and history,
the pôle's moderation queue and moderators, and the search synonyms."""

from django.urls import path

from synergies.practices.views import editor, history, moderation, review

POLE = "<slug:basin>/<str:code>/"
PRACTICE = "<slug:slug>/"

urlpatterns = [
    path("nouvelle/", editor.create_choose, name="create_choose"),
    path("nouvelle/" + POLE, editor.create, name="create"),
    path("mes-pratiques/", editor.mine, name="mine"),
    path("moderation/" + POLE, moderation.moderation, name="moderation"),
    path("moderation/" + POLE + "moderateurs/", moderation.moderators, name="moderators"),
    path("moderation/" + POLE + "moderateurs/<int:pk>/retirer/", moderation.moderator_remove, name="moderator_remove"),
    path("synonymes/", moderation.synonyms, name="synonyms"),
    path("synonymes/<int:pk>/modifier/", moderation.synonym_edit, name="synonym_edit"),
    path("synonymes/<int:pk>/supprimer/", moderation.synonym_delete, name="synonym_delete"),
    path(PRACTICE + "modifier/", editor.edit, name="edit"),
    path(PRACTICE + "suivi/", review.review, name="review"),
    path(PRACTICE + "historique/", history.history, name="history"),
    path(PRACTICE + "etat/<slug:transition>/", review.transition, name="transition"),
    path(PRACTICE + "commentaires/", review.comment, name="comment"),
    path(PRACTICE + "pieces-jointes/ajouter/", editor.attachment_add, name="attachment_add"),
    path(PRACTICE + "pieces-jointes/<int:pk>/", editor.attachment, name="attachment"),
    path(PRACTICE + "pieces-jointes/<int:pk>/supprimer/", editor.attachment_delete, name="attachment_delete"),
]
