from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "synergies.directory"
    label = "directory"
    verbose_name = _("Annuaire")

    def ready(self) -> None:
        from synergies.directory import personal_data

        personal_data.register()
