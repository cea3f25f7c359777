from django.urls import path

from synergies.meetings import views

app_name = "meetings"

POLE = "poles/<slug:basin>/<str:code>/"
MEETING = POLE + "reunions/<int:pk>/"
ITEM = MEETING + "ordre-du-jour/<int:item>/"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda.ics", views.feed, name="feed"),
    path("agenda/prive/", views.calendar_token, name="calendar_token"),
    path("agenda/prive/<str:token>.ics", views.private_feed, name="private_feed"),
    path(POLE + "reunions/", views.meeting_list, name="list"),
    path(POLE + "reunions.ics", views.pole_feed, name="pole_feed"),
    path(POLE + "reunions/nouvelle/", views.meeting_create, name="create"),
    path(POLE + "reunions/cadence/", views.cadence, name="cadence"),
    path(POLE + "reunions/reglages/", views.meeting_settings, name="settings"),
    path(MEETING, views.meeting_detail, name="detail"),
    path(POLE + "reunions/<int:pk>.ics", views.meeting_ics, name="ics"),
    path(MEETING + "modifier/", views.meeting_edit, name="edit"),
    path(MEETING + "convoquer/", views.convene, name="convene"),
    path(MEETING + "envoyer-modification/", views.send_update, name="send_update"),
    path(MEETING + "annuler/", views.cancel, name="cancel"),
    path(MEETING + "tenue/", views.mark_held, name="held"),
    path(MEETING + "ordre-du-jour/", views.agenda_edit, name="agenda_edit"),
    path(ITEM, views.agenda_item_edit, name="agenda_item_edit"),
    path(ITEM + "deplacer/", views.agenda_item_move, name="agenda_item_move"),
    path(ITEM + "supprimer/", views.agenda_item_remove, name="agenda_item_remove"),
    path(MEETING + "presences/", views.attendance, name="attendance"),
    path(MEETING + "proces-verbal/", views.minutes_edit, name="minutes_edit"),
    path(MEETING + "proces-verbal/soumettre/", views.minutes_circulate, name="minutes_circulate"),
    path(MEETING + "proces-verbal/approuver/", views.minutes_approve, name="minutes_approve"),
    path(MEETING + "proces-verbal/remarques/", views.remark_add, name="remark_add"),
    path(MEETING + "proces-verbal/remarques/<int:remark>/", views.remark_reply, name="remark_reply"),
    path(MEETING + "proces-verbal.pdf", views.minutes_pdf, name="minutes_pdf"),
]
