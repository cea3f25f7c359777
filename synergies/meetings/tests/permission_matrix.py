"""Who may reach the meetings' pages (see synergies/testing/permissions.py).

`world.meeting` is a public, convened meeting of the world's committee a month ahead; `world.held_meeting` a public
meeting held a month ago where `member` sat, with circulated minutes and a remark; `world.approved_meeting` one whose
minutes are approved (PDF stored); `world.calendar_token` is `member`'s private calendar address.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from synergies.meetings import services
from synergies.meetings.models import Attendance, Meeting, Minutes, MinutesRemark
from synergies.testing.permissions import ALLOW, Rule, everyone, logged_in, staff_only

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
MEETING = lambda w: {**POLE(w), "pk": w.meeting.pk}  # noqa: E731
HELD = lambda w: {**POLE(w), "pk": w.held_meeting.pk}  # noqa: E731
ITEM = lambda w: {**MEETING(w), "item": w.agenda_item.pk}  # noqa: E731
STAFF = staff_only()

EXPECTATIONS = [
    Rule("meetings:agenda", everyone(ALLOW)),
    Rule("meetings:feed", everyone(ALLOW)),
    Rule("meetings:calendar_token", logged_in(ALLOW)),
    Rule("meetings:private_feed", everyone(ALLOW), kwargs=lambda w: {"token": w.calendar_token.token}),
    Rule("meetings:list", everyone(ALLOW), kwargs=POLE),
    Rule("meetings:pole_feed", everyone(ALLOW), kwargs=POLE),
    Rule("meetings:create", STAFF, kwargs=POLE),
    Rule("meetings:cadence", STAFF, kwargs=POLE),
    Rule(
        "meetings:settings",
        STAFF,
        kwargs=POLE,
        method="post",
        data=lambda w: {
            "convocation_days": "12",
            "reminder_days": "2",
            "remarks_days": "10",
            "default_start_time": "09:30",
            "default_duration_minutes": "150",
        },
    ),
    Rule("meetings:detail", everyone(ALLOW), kwargs=MEETING),
    Rule("meetings:ics", everyone(ALLOW), kwargs=MEETING),
    Rule("meetings:edit", STAFF, kwargs=MEETING),
    Rule("meetings:convene", STAFF, kwargs=MEETING),
    Rule("meetings:send_update", STAFF, kwargs=MEETING, method="post"),
    Rule("meetings:cancel", STAFF, kwargs=MEETING),
    Rule("meetings:held", STAFF, kwargs=MEETING, method="post"),
    Rule("meetings:agenda_edit", STAFF, kwargs=MEETING),
    Rule("meetings:agenda_item_edit", STAFF, kwargs=ITEM),
    Rule("meetings:agenda_item_move", STAFF, kwargs=ITEM, method="post", data=lambda w: {"direction": "down"}),
    Rule("meetings:agenda_item_remove", STAFF, kwargs=ITEM, method="post"),
    Rule("meetings:attendance", STAFF, kwargs=HELD),
    Rule("meetings:minutes_edit", STAFF, kwargs=HELD),
    Rule("meetings:minutes_circulate", STAFF, kwargs=HELD, method="post"),
    Rule("meetings:minutes_approve", STAFF, kwargs=HELD),
    Rule(
        "meetings:remark_add",
        {**STAFF, "member": ALLOW},
        kwargs=HELD,
        method="post",
        data=lambda w: {"text": "Il manque l’heure de fin."},
    ),
    Rule(
        "meetings:remark_reply",
        STAFF,
        kwargs=lambda w: {**HELD(w), "remark": w.remark.pk},
        method="post",
        data=lambda w: {"status": "accepted", "reply": "Corrigé."},
    ),
    Rule("meetings:minutes_pdf", everyone(ALLOW), kwargs=lambda w: {**POLE(w), "pk": w.approved_meeting.pk}),
]


def _past(world: Any, secretary: Any, days_ago: int) -> Meeting:
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)
    return services.record_past_meeting(
        world.committee,
        {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), "address": "Rue de la Matrice 1"},
        by=secretary,
    )


def extend_world(world: Any, users: dict[str, Any]) -> None:
    secretary, member = users["secretary"], users["member"]
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    meeting = services.plan_meeting(
        world.committee,
        {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), "address": "Rue de la Matrice 1"},
        by=secretary,
    )
    world.agenda_item = services.add_agenda_item(meeting, {"title": "Accueil"}, by=secretary)
    services.add_agenda_item(meeting, {"title": "Divers"}, by=secretary)
    services.convene_meeting(meeting, by=secretary)
    world.meeting = meeting

    approved = _past(world, secretary, 60)
    Minutes.objects.create(
        meeting=approved,
        text="Compte rendu.",
        status=Minutes.Status.APPROVED,
        approved_on=timezone.localdate(),
        pdf=ContentFile(b"%PDF-1.7 matrice", name="pv-matrice.pdf"),
        pdf_sha256="0" * 64,
    )
    world.approved_meeting = approved

    held = _past(world, secretary, 30)
    Attendance.objects.create(meeting=held, seat=world.seat, status="present", attendee=member.person)
    minutes = services.save_minutes_draft(held, text="Projet de procès-verbal.", by=secretary)
    services.circulate_minutes(minutes, by=secretary)
    world.held_meeting = held
    world.remark = MinutesRemark.objects.create(minutes=minutes, author=member, text="Une coquille.")
    world.calendar_token = services.renew_calendar_token(member, by=member)
