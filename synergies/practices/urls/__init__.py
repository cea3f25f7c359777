"""The catalogue's addresses: the public catalogue and showcase, the editors' and moderators' pages, interchange."""

from synergies.practices.urls import editor, interchange, public

app_name = "practices"

urlpatterns = [*public.urlpatterns, *editor.urlpatterns, *interchange.urlpatterns]
