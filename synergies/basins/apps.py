from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasinsConfig(AppConfig):
    name = "synergies.basins"
    label = "basins"
    verbose_name = _("Bassins EFE")
