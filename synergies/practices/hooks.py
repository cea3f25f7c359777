"""How the catalogue joins the apps below it: the pôle's navigation, the register that labels practices, the concept
pages of the referential, and personal-data exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _label(practice: Any) -> str:
    return _("Label « pratique inspirante » pour « %(title)s »") % {"title": practice.title}


def register() -> None:
    from synergies.decisions import subjects
    from synergies.poles.sections import Section
    from synergies.poles.sections import register as register_section
    from synergies.practices import panels, personal_data
    from synergies.practices.models import Practice
    from synergies.practices.services.labels import check_labellable, grant_label
    from synergies.skills.panels import register_panel

    register_section(
        Section(label=gettext_lazy("Pratiques"), url_name="practices:pole", perm="poles.view_pole", order=60)
    )
    subjects.register(
        Practice,
        label=_label,
        url=lambda practice: practice.get_absolute_url(),
        check=check_labellable,
        on_adopted=grant_label,
    )
    register_panel(panels.PANEL_TEMPLATE, panels.practices_for)
    personal_data.register()
