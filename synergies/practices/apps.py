from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "synergies.practices"
    label = "practices"
    verbose_name = _("Catalogue des pratiques et outils")

    def ready(self) -> None:
        from synergies.practices import hooks

        hooks.register()
