from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolesConfig(AppConfig):
    name = "synergies.poles"
    label = "poles"
    verbose_name = _("Pôles de synergies")
