"""Meetings as iCalendar events (RFC 5545): the feeds and the invitations share one translation of a meeting.

A meeting keeps one UID for its whole life (`Meeting.ical_uid`) and its `sequence` grows each time its time, place,
mode or status changes, so that calendar clients replace their copy; a cancelled meeting stays in the feeds, marked
CANCELLED, so that subscribers see it disappear from their agenda rather than silently vanish.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from synergies.lib import ical
from synergies.meetings.models import Meeting

__all__ = ["event_of", "feed", "meeting_url"]

STATUS = {
    Meeting.Status.PLANNED: ical.Status.TENTATIVE,
    Meeting.Status.CONVENED: ical.Status.CONFIRMED,
    Meeting.Status.HELD: ical.Status.CONFIRMED,
    Meeting.Status.CANCELLED: ical.Status.CANCELLED,
}


def meeting_url(meeting: Meeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        pole = meeting.body.pole
        path = reverse("meetings:detail", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": meeting.pk})
    return settings.SITE_URL + path


def summary_of(meeting: Meeting) -> str:
    return f"{meeting.display_title} — {meeting.body.pole.name}"


def description_of(meeting: Meeting) -> str:
    """The agenda in plain text (items prefetched by the caller), the link, and the reason of a cancellation."""
    lines: list[str] = []
    if meeting.is_cancelled:
        lines.append(_("Réunion annulée.") + (f" {meeting.cancellation_reason}" if meeting.cancellation_reason else ""))
    items = list(meeting.agenda_items.all())
    if items:
        lines.append(_("Ordre du jour :"))
        lines += [f"{item.position}. {item.title} ({item.get_kind_display()})" for item in items]
    if meeting.mode != Meeting.Mode.IN_PERSON and meeting.online_url:
        lines.append(_("Visioconférence : %(url)s") % {"url": meeting.online_url})
    return "\n".join(lines)


def event_of(meeting: Meeting, *, attendees: Sequence[ical.Contact] = (), online_link: bool = True) -> ical.Event:
    with translation.override(settings.LANGUAGE_CODE):
        return ical.Event(
            uid=meeting.ical_uid,
            start=meeting.starts_at,
            end=meeting.ends_at,
            summary=summary_of(meeting),
            description=description_of(meeting) if online_link else _strip_link(meeting),
            location=meeting.location,
            url=meeting_url(meeting),
            status=STATUS[Meeting.Status(meeting.status)],
            sequence=meeting.sequence,
            last_modified=meeting.updated_at,
            attendees=attendees,
        )


def _strip_link(meeting: Meeting) -> str:
    """Public feeds do not publish the videoconference link: only those convened receive it."""
    text = description_of(meeting)
    return (
        "\n".join(line for line in text.split("\n") if meeting.online_url not in line) if meeting.online_url else text
    )


def feed(meetings: Iterable[Meeting], *, name: str, public: bool) -> bytes:
    return ical.calendar([event_of(m, online_link=not public) for m in meetings], name=name)
