"""iCalendar (RFC 5545) calendars and e-mailed invitations (RFC 5546), written with the `icalendar` package.

Times are written as Brussels wall-clock times with `TZID=Europe/Brussels` and the calendar carries that zone's
VTIMEZONE, so that a meeting at 10:00 stays at 10:00 on both sides of a daylight-saving change in every client,
including those that know no time-zone database. The one exception is the second 02:00–03:00 hour of the night the
clocks go back: RFC 5545 reads such a local time as its first occurrence, so a time that falls in the second one is
written in UTC instead, and means the same instant everywhere.

Text is cleaned rather than refused: line breaks become `\\n`; other control characters, which RFC 5545 forbids, and
lone surrogates, which UTF-8 cannot carry, are dropped. Commas, semicolons and backslashes are escaped and long lines
folded (by the library), in UTF-8 throughout.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import re
from collections.abc import Iterable, Sequence
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar

from synergies.lib.text import one_line

__all__ = [
    "PRODID",
    "TIMEZONE",
    "Contact",
    "Event",
    "Status",
    "calendar",
    "content_type",
    "invitation",
]

PRODID = "-//Synergies//Synergies//FR"
TIMEZONE = ZoneInfo("Europe/Brussels")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_EMAIL = re.compile(r"[^@\s:<>\"]+@[^@\s:<>\"]+")


class Status(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"

    @classmethod
    def _missing_(cls, value: object) -> Status | None:
        return cls.__members__.get(value.upper()) if isinstance(value, str) else None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Contact:
    """An organizer or an attendee: an e-mail address and, optionally, the name to show."""

    email: str
    name: str = ""

    def __post_init__(self) -> None:
        if not _EMAIL.fullmatch(self.email):
            raise ValueError(f"not an e-mail address: {self.email!r}")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """One event, the same whether published in a calendar or sent as an invitation.

    `uid` must stay the same for the life of the event, and `sequence` must grow each time its time, place or status
    changes (including when it is cancelled): clients use both to replace the copy they hold instead of adding one.
    Times may be given in any zone; they are written to the second.
    """

    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    status: Status = Status.CONFIRMED
    sequence: int = 0
    last_modified: datetime.datetime | None = None
    organizer: Contact | None = None
    attendees: Sequence[Contact] = ()

    def __post_init__(self) -> None:
        if not self.uid or _CONTROL.search(self.uid) or "\n" in self.uid:
            raise ValueError(f"an event needs a uid without control characters, not {self.uid!r}")
        for name in ("start", "end", "last_modified"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime, not {value!r}")
        if self.end.astimezone(datetime.UTC) <= self.start.astimezone(datetime.UTC):
            raise ValueError(f"an event must end after it starts ({self.start.isoformat()} – {self.end.isoformat()})")
        if self.sequence < 0:
            raise ValueError(f"sequence cannot be negative, not {self.sequence}")
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "attendees", tuple(self.attendees))


def calendar(events: Iterable[Event], *, name: str, method: Literal["PUBLISH"] | None = None) -> bytes:
    """A calendar to publish or subscribe to, holding `events` (cancelled ones included, marked so).

    Without a method, as for a subscription feed, an event's DTSTAMP is its `last_modified` when known (RFC 5545 makes
    them equivalent then), so the same events give the same bytes and the feed can be cached.
    """
    if method not in (None, "PUBLISH"):
        raise ValueError(f"a calendar's method is PUBLISH or none; use invitation() for {method!r}")
    now = _utc_now()
    cal = _vcalendar(method)
    for prop in ("name", "x-wr-calname"):
        cal.add(prop, icalendar.vText(_text(name, single_line=True)))
    cal.add("x-wr-timezone", TIMEZONE.key)
    cal.add_component(_vtimezone())
    for event in events:
        stamp = event.last_modified if method is None and event.last_modified is not None else now
        cal.add_component(_vevent(event, stamp=stamp))
    return cal.to_ical()


def invitation(event: Event, *, method: Literal["REQUEST", "CANCEL"] = "REQUEST", organizer: Contact) -> bytes:
    """An invitation to attach to an e-mail (see `content_type`), sent by `organizer` to the event's attendees.

    A CANCEL marks the event cancelled; a REQUEST cannot carry a cancelled event, and needs at least one attendee
    (RFC 5546, 3.2.2). Both must come with a `sequence` above that of the invitation they replace.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"an invitation's method is REQUEST or CANCEL, not {method!r}")
    if method == "REQUEST" and event.status == Status.CANCELLED:
        raise ValueError("a cancelled event is sent with method CANCEL")
    if method == "REQUEST" and not event.attendees:
        raise ValueError("a REQUEST needs at least one attendee")
    if method == "CANCEL":
        event = dataclasses.replace(event, status=Status.CANCELLED)
    cal = _vcalendar(method)
    cal.add_component(_vtimezone())
    cal.add_component(_vevent(dataclasses.replace(event, organizer=organizer), stamp=_utc_now()))
    return cal.to_ical()


def content_type(method: Literal["PUBLISH", "REQUEST", "CANCEL"] | None = None) -> str:
    """The MIME type to serve or attach the bytes with; mail clients look for `method` to offer accept and decline."""
    return "text/calendar; charset=utf-8" + (f"; method={method}" if method else "")


def _vcalendar(method: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _vtimezone() -> icalendar.Timezone:
    """Europe/Brussels by the EU rule in force since 1996 (last Sundays of March and October at 01:00 UTC).

    Written as yearly rules, as the major calendar services do, so it covers every year without listing them; a test
    checks it against the time-zone database.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", TIMEZONE.key)
    zone.add("x-lic-location", TIMEZONE.key)
    for kind, name, offset_from, offset_to, onset, month in (
        (icalendar.TimezoneDaylight, "CEST", 1, 2, datetime.datetime(1970, 3, 29, 2), 3),
        (icalendar.TimezoneStandard, "CET", 2, 1, datetime.datetime(1970, 10, 25, 3), 10),
    ):
        observance = kind()
        observance.add("tzname", name)
        observance.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        observance.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        observance.add("dtstart", onset)
        observance.add("rrule", {"freq": "YEARLY", "bymonth": month, "byday": "-1SU"})
        zone.add_component(observance)
    return zone


def _vevent(event: Event, *, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp.astimezone(datetime.UTC))
    vevent.add("dtstart", _local(event.start))
    vevent.add("dtend", _local(event.end))
    vevent.add("summary", _text(event.summary))
    if event.description:
        vevent.add("description", _text(event.description))
    if event.location:
        vevent.add("location", _text(event.location))
    if event.url:
        vevent.add("url", _text(event.url, single_line=True))
    vevent.add("status", event.status.value)
    vevent.add("sequence", event.sequence)
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified.astimezone(datetime.UTC))
    if event.organizer is not None:
        vevent.add("organizer", _address(event.organizer))
    for attendee in event.attendees:
        vevent.add("attendee", _address(attendee))
    return vevent


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Brussels wall-clock time, or UTC for the repeated hour's second pass, which a TZID cannot tell apart."""
    local = moment.astimezone(datetime.UTC).astimezone(TIMEZONE)
    return local.astimezone(datetime.UTC) if local.fold else local


def _address(contact: Contact) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{contact.email}")
    name = _display_name(contact.name)
    if name:
        address.params["CN"] = name
    return address


def _display_name(name: str) -> str:
    """One line of single spaces and no backslash: parsers, icalendar's among them, drop tabs from parameters and read
    a backslash there as escaping the character after it, which RFC 5545 does not."""
    return one_line(_text(name).replace("\\", ""))


def _text(text: str, *, single_line: bool = False) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(text.split("\n")) if single_line else text


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
