from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from synergies.portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/langue/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("synergies.api.urls")),
    *i18n_patterns(
        path("", include("synergies.portal.urls")),
        path("compte/", include("synergies.accounts.urls")),
        path("annuaire/", include("synergies.directory.urls")),
        path("", include("synergies.meetings.urls")),
        path("", include("synergies.decisions.urls")),
        path("", include("synergies.transmissions.urls")),
        path("", include("synergies.skills.urls")),
        path("pratiques/", include("synergies.practices.urls")),
        path("poles/", include("synergies.poles.urls")),
        prefix_default_language=False,
    ),
]

handler403 = "synergies.portal.views.error_403"
handler404 = "synergies.portal.views.error_404"
handler500 = "synergies.portal.views.error_500"

admin.site.site_header = "Synergies — administration technique"
admin.site.site_title = "Synergies"
