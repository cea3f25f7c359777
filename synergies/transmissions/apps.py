from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransmissionsConfig(AppConfig):
    name = "synergies.transmissions"
    label = "transmissions"
    verbose_name = _("Transmissions à l’Instance")
