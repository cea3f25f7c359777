"""Writes to meetings: every view, command and the demo go through these functions.

Each is one transaction with an audit entry; e-mails are queued once it commits; bad transitions are refused with a
French `ValidationError` and nothing is half-saved.
"""

from synergies.meetings.services.attendance import record_attendance, seats_of
from synergies.meetings.services.calendar import renew_calendar_token
from synergies.meetings.services.daily import DailyReport, create_proposed_meetings, send_due_notices
from synergies.meetings.services.meetings import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    LateConvocation,
    add_agenda_item,
    add_approval_item,
    attach_upload,
    cancel_meeting,
    convene_meeting,
    mark_held,
    move_agenda_item,
    plan_meeting,
    record_past_meeting,
    remove_agenda_item,
    send_meeting_update,
    update_agenda_item,
    update_meeting,
)
from synergies.meetings.services.minutes import (
    add_remark,
    approval_meetings,
    approve_minutes,
    circulate_minutes,
    freeze_minutes,
    is_attendee,
    next_meeting,
    reply_to_remark,
    save_minutes_draft,
)

__all__ = [
    "ITEM_FIELDS",
    "MEETING_FIELDS",
    "DailyReport",
    "LateConvocation",
    "add_agenda_item",
    "add_approval_item",
    "add_remark",
    "approval_meetings",
    "approve_minutes",
    "attach_upload",
    "cancel_meeting",
    "circulate_minutes",
    "convene_meeting",
    "create_proposed_meetings",
    "freeze_minutes",
    "is_attendee",
    "mark_held",
    "move_agenda_item",
    "next_meeting",
    "plan_meeting",
    "record_attendance",
    "record_past_meeting",
    "remove_agenda_item",
    "renew_calendar_token",
    "reply_to_remark",
    "save_minutes_draft",
    "seats_of",
    "send_due_notices",
    "send_meeting_update",
    "update_agenda_item",
    "update_meeting",
]
