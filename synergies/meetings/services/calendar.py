"""The secret address of a member's private calendar."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from synergies.lib import audit
from synergies.meetings.models import CalendarToken, new_calendar_token


@transaction.atomic
def renew_calendar_token(user: Any, *, by: Any) -> CalendarToken:
    """Give `user` a new secret address (the first one, or a replacement: the old one stops working at once)."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token"])
    audit.record(
        actor=by, verb="meeting.calendar_token.create" if created else "meeting.calendar_token.renew", target=user
    )
    return token
