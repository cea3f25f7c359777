"""The catalogue's addresses: the public search and showcase, the editors' and moderators' pages, interchange."""

from synergies.practices.urls import editor, interchange, labels, public, showcase

app_name = "practices"

urlpatterns = [
    *public.urlpatterns,
    *showcase.urlpatterns,
    *editor.urlpatterns,
    *interchange.urlpatterns,
    *labels.urlpatterns,
]
