"""How the skills app joins the apps below it: the pôle's navigation, and the decisions that adopt its versions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _label(version: Any) -> str:
    return _("Référentiel « %(name)s », version %(number)s") % {
        "name": version.framework.name,
        "number": version.number,
    }


def register() -> None:
    from synergies.decisions import subjects
    from synergies.poles.sections import Section
    from synergies.poles.sections import register as register_section
    from synergies.skills import personal_data
    from synergies.skills.models import FrameworkVersion
    from synergies.skills.services import adopt_version, check_proposable

    register_section(
        Section(label=gettext_lazy("Référentiel"), url_name="skills:pole", perm="poles.view_pole", order=50)
    )
    subjects.register(
        FrameworkVersion,
        label=_label,
        url=lambda version: version.get_absolute_url(),
        check=check_proposable,
        on_adopted=adopt_version,
    )
    personal_data.register()
