from django.urls import path

from synergies.decisions import views

app_name = "decisions"

POLE = "poles/<slug:basin>/<str:code>/"
PROPOSAL = POLE + "propositions/<int:pk>/"

urlpatterns = [
    path(POLE + "registre/", views.register, name="register"),
    path(POLE + "registre.<str:fmt>", views.register_export, name="register_export"),
    path(POLE + "registre/<str:reference>/", views.decision_detail, name="decision"),
    path(POLE + "registre/<str:reference>/corriger/", views.decision_correct, name="decision_correct"),
    path(POLE + "propositions/", views.proposal_list, name="proposals"),
    path(POLE + "propositions/nouvelle/", views.proposal_create, name="proposal_create"),
    path(POLE + "propositions/reglages/", views.consensus_settings, name="settings"),
    path(PROPOSAL, views.proposal_detail, name="proposal"),
    path(PROPOSAL + "modifier/", views.proposal_edit, name="proposal_edit"),
    path(PROPOSAL + "documents/", views.proposal_document, name="proposal_document"),
    path(PROPOSAL + "tour/", views.round_open, name="round_open"),
    path(PROPOSAL + "position/", views.position, name="position"),
    path(PROPOSAL + "positions-seance/", views.meeting_positions, name="meeting_positions"),
    path(PROPOSAL + "consensus/", views.consensus, name="consensus"),
    path(PROPOSAL + "cloturer/", views.round_close, name="round_close"),
    path(PROPOSAL + "reporter/", views.proposal_postpone, name="proposal_postpone"),
    path(PROPOSAL + "retirer/", views.proposal_withdraw, name="proposal_withdraw"),
]
