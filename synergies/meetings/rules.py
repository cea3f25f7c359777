"""Who may see and do what with meetings (role × state), reusing the pôles' roles.

- the public sees the public meetings of public pôles: date, place, agenda, the approved minutes' PDF;
- members of the pôle (any body) and the secretariat see every meeting, documents, draft and circulated minutes;
- those who sat at the meeting (and the secretariat) remark on circulated minutes;
- the secretariat of the pôle's basin (and platform admins) runs everything else.
"""

from __future__ import annotations

from typing import Any

import rules

from synergies.poles.rules import is_pole_member, is_public_pole, manages_pole


@rules.predicate
def is_public_meeting(user: Any, meeting: Any) -> bool:
    return bool(getattr(meeting, "is_public", False))


@rules.predicate
def sat_at_meeting(user: Any, meeting: Any) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and meeting.attendances.filter(attendee=person).exists()


@rules.predicate
def minutes_circulated(user: Any, meeting: Any) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return minutes is not None and minutes.status == "circulated"


@rules.predicate
def minutes_approved(user: Any, meeting: Any) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return minutes is not None and minutes.status == "approved"


insiders = manages_pole | is_pole_member

# On a pôle
rules.add_perm("meetings.view_meetings", is_public_pole | manages_pole)
rules.add_perm("meetings.view_all_meetings", insiders)
rules.add_perm("meetings.manage_meetings", manages_pole)
# On a meeting
rules.add_perm("meetings.view_meeting", insiders | (is_public_meeting & is_public_pole))
rules.add_perm("meetings.view_documents", insiders)
rules.add_perm("meetings.view_draft_minutes", insiders)
rules.add_perm("meetings.remark_minutes", minutes_circulated & (manages_pole | sat_at_meeting))
rules.add_perm("meetings.view_minutes_pdf", minutes_approved & (insiders | (is_public_meeting & is_public_pole)))
rules.add_perm("meetings.change_meeting", manages_pole)
# Anyone with an account may have a private calendar address (it lists the meetings of the bodies they sit in).
rules.add_perm("meetings.use_private_calendar", rules.is_authenticated)
