from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "synergies.skills"
    label = "skills"
    verbose_name = _("Référentiel des compétences de base")

    def ready(self) -> None:
        from synergies.skills import hooks

        hooks.register()
