from django.urls import path

from synergies.transmissions import views

app_name = "transmissions"

ROOT = "poles/<slug:basin>/<str:code>/transmissions/"
ONE = ROOT + "<str:reference>/"

urlpatterns = [
    path(ROOT, views.transmission_list, name="list"),
    path(ROOT + "preparer/", views.transmission_prepare, name="prepare"),
    path(ROOT + "reglages/", views.transmission_settings, name="settings"),
    path(ONE, views.transmission_detail, name="detail"),
    path(ONE + "document.pdf", views.transmission_pdf, name="pdf"),
    path(ONE + "modifier/", views.transmission_edit, name="edit"),
    path(ONE + "envoyer/", views.transmission_send, name="send"),
    path(ONE + "accuse-de-reception/", views.transmission_acknowledge, name="acknowledge"),
    path(ONE + "reponse/", views.transmission_respond, name="respond"),
]
