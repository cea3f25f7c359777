from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "synergies.meetings"
    label = "meetings"
    verbose_name = _("Réunions")

    def ready(self) -> None:
        from synergies.meetings import personal_data
        from synergies.poles.sections import Section, register

        register(Section(label=_("Réunions"), url_name="meetings:list", perm="meetings.view_meetings", order=10))
        personal_data.register()
