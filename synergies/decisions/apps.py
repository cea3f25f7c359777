from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "synergies.decisions"
    label = "decisions"
    verbose_name = _("Décisions")

    def ready(self) -> None:
        from synergies.decisions import personal_data
        from synergies.decisions.subjects import register_builtin
        from synergies.decisions.views.meetings import register_meeting_panel
        from synergies.poles.sections import Section, register

        register(
            Section(
                label=_("Décisions"),
                url_name="decisions:register",
                perm="decisions.view_register",
                order=40,
                namespace="decisions",
            )
        )
        register_builtin()
        register_meeting_panel()
        personal_data.register()
