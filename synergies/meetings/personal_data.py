"""What the meetings hold about a person, declared to the accounts registry of personal data (RGPD).

Attendance is part of the minutes, which are legal records: erasure pseudonymises the person in the directory and the
attendance rows keep pointing to that pseudonymised record. The private calendar address is personal and goes.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.accounts import personal_data
from synergies.accounts.models import Erasure, User
from synergies.meetings.models import Attendance, CalendarToken, MinutesRemark


def _export(user: User) -> dict[str, Any]:
    attendances = Attendance.objects.filter(attendee__user=user).select_related("meeting__body__pole")
    remarks = MinutesRemark.objects.filter(author=user).select_related("minutes__meeting__body")
    return {
        "attendances": [
            {
                "meeting": str(a.meeting),
                "date": timezone.localtime(a.meeting.starts_at).date().isoformat(),
                "status": str(a.get_status_display()),
            }
            for a in attendances.order_by("meeting__starts_at")
        ],
        "remarks": [
            {"meeting": str(r.minutes.meeting), "text": r.text, "written_at": r.created_at.isoformat()}
            for r in remarks.order_by("created_at")
        ],
        "private_calendar": CalendarToken.objects.filter(user=user).exists(),
    }


def _erase(user: User, erasure: Erasure) -> None:
    CalendarToken.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register(
        "meetings",
        _("Réunions"),
        export=_export,
        erase=_erase,
        field_labels={
            "attendances": _("Présences"),
            "meeting": _("Réunion"),
            "date": _("Date"),
            "status": _("Présence"),
            "remarks": _("Remarques sur les procès-verbaux"),
            "text": _("Texte"),
            "written_at": _("Écrite le"),
            "private_calendar": _("Adresse d’agenda personnel"),
        },
    )
