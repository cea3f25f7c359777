from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransmissionsConfig(AppConfig):
    name = "synergies.transmissions"
    label = "transmissions"
    verbose_name = _("Transmissions à l’Instance")

    def ready(self) -> None:
        from synergies.poles.sections import Section, register
        from synergies.transmissions import subjects

        subjects.register_decisions()
        register(
            Section(
                label=_("Transmissions"),
                url_name="transmissions:list",
                perm="transmissions.view_transmissions",
                order=60,
            )
        )
