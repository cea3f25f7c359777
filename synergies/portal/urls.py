from django.urls import path

from synergies.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("bassins/", views.basin_list, name="basins"),
    path("bassins/<slug:code>/", views.basin_home, name="basin"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("vie-privee/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
]
