"""lib.ical: calendars and invitations that read back the same, in Brussels wall-clock time across DST changes."""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from synergies.lib import ical
from synergies.lib.ical import Contact, Event, Status

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = datetime.UTC

FRENCH = "« Compétences de base » : lire, écrire; compter — l'Œuvre, déjà ça\nDeuxième ligne, çà et là; fin."

SECRETARIAT = Contact(email="secretariat@example.org", name="Secrétariat, Bassin « Hainaut-Centre »")
ALICE = Contact(email="alice@example.org", name="Alice Lefèvre")
BRUNO = Contact(email="bruno@example.org")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS, fold=fold)


def make_event(**overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "uid": "event-1@example.org",
        "start": at(2026, 5, 12, 9, 30),
        "end": at(2026, 5, 12, 12, 0),
        "summary": "Réunion de travail",
    }
    return Event(**(fields | overrides))


def instant(moment: datetime.datetime) -> datetime.datetime:
    """UTC, since Python compares two times of one zone by wall clock and times of two zones in a DST fold never equal."""
    return moment.astimezone(UTC)


def unescaped(raw: Any) -> str:
    """RFC 5545 TEXT unescaping, for the properties icalendar reads as unknown (NAME, X-WR-CALNAME)."""
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], str(raw))


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def only_event(data: bytes) -> icalendar.Event:
    [event] = parse(data).events
    return event


def lines(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


# calendar


def test_a_calendar_carries_its_identity_and_name():
    cal = parse(ical.calendar([make_event()], name="Pôle « Compétences de base »"))

    assert str(cal["PRODID"]) == ical.PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert unescaped(cal["X-WR-CALNAME"]) == "Pôle « Compétences de base »"
    assert unescaped(cal["NAME"]) == "Pôle « Compétences de base »"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert "METHOD" not in cal


def test_a_calendar_can_be_published_with_method_publish_but_not_sent_as_an_invitation():
    assert str(parse(ical.calendar([], name="Agenda", method="PUBLISH"))["METHOD"]) == "PUBLISH"
    with pytest.raises(ValueError, match="invitation"):
        ical.calendar([], name="Agenda", method="REQUEST")  # type: ignore[arg-type]


def test_a_calendar_holds_one_vevent_per_event_in_order_and_one_vtimezone():
    events = [make_event(uid=f"event-{number}@example.org") for number in range(3)]

    cal = parse(ical.calendar(events, name="Agenda"))

    assert [str(vevent["UID"]) for vevent in cal.walk("VEVENT")] == [event.uid for event in events]
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_an_empty_calendar_is_still_a_valid_calendar():
    cal = parse(ical.calendar([], name="Agenda"))

    assert cal.walk("VEVENT") == []
    assert unescaped(cal["X-WR-CALNAME"]) == "Agenda"


def test_every_property_of_an_event_reads_back_the_same():
    event = make_event(
        description=FRENCH,
        location="Rue de la Loi 1, 7000 Mons; salle « B »",
        url="https://example.org/reunions/1?vue=agenda,detail;x=1",
        status=Status.TENTATIVE,
        sequence=3,
        last_modified=datetime.datetime(2026, 4, 1, 8, 15, 30, tzinfo=UTC),
        organizer=SECRETARIAT,
        attendees=[ALICE, BRUNO],
    )

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert str(vevent["UID"]) == event.uid
    assert vevent.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2026, 5, 12, 9, 30)
    assert instant(vevent.decoded("DTSTART")) == instant(event.start)
    assert instant(vevent.decoded("DTEND")) == instant(event.end)
    assert str(vevent["SUMMARY"]) == event.summary
    assert str(vevent["DESCRIPTION"]) == FRENCH
    assert str(vevent["LOCATION"]) == event.location
    assert str(vevent["URL"]) == event.url
    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert vevent.decoded("SEQUENCE") == 3
    assert vevent.decoded("LAST-MODIFIED") == event.last_modified
    assert str(vevent["ORGANIZER"]) == "mailto:secretariat@example.org"
    assert vevent["ORGANIZER"].params["CN"] == SECRETARIAT.name
    alice, bruno = vevent.attendees
    assert (str(alice), alice.params["CN"]) == ("mailto:alice@example.org", "Alice Lefèvre")
    assert str(bruno) == "mailto:bruno@example.org"
    assert "CN" not in bruno.params


def test_empty_optional_properties_are_left_out_and_the_defaults_written():
    vevent = only_event(ical.calendar([make_event()], name="Agenda"))

    for name in ("DESCRIPTION", "LOCATION", "URL", "LAST-MODIFIED", "ORGANIZER", "ATTENDEE"):
        assert name not in vevent
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.decoded("SEQUENCE") == 0


def test_in_a_feed_dtstamp_is_the_last_modification_so_the_same_events_give_the_same_bytes():
    event = make_event(last_modified=datetime.datetime(2026, 4, 1, 10, 0, tzinfo=BRUSSELS))

    first = ical.calendar([event], name="Agenda")

    assert only_event(first).decoded("DTSTAMP") == datetime.datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert "DTSTAMP:20260401T080000Z" in lines(first)
    assert ical.calendar([event], name="Agenda") == first


def test_without_a_last_modification_dtstamp_is_the_time_of_writing_in_utc():
    before = datetime.datetime.now(UTC).replace(microsecond=0)

    stamp = only_event(ical.calendar([make_event()], name="Agenda")).decoded("DTSTAMP")

    assert stamp.tzinfo is not None
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert before <= stamp <= datetime.datetime.now(UTC)


def test_a_published_calendar_stamps_events_with_the_time_of_publication():
    event = make_event(last_modified=datetime.datetime(2020, 1, 1, tzinfo=UTC))

    stamp = only_event(ical.calendar([event], name="Agenda", method="PUBLISH")).decoded("DTSTAMP")

    assert stamp > datetime.datetime(2026, 1, 1, tzinfo=UTC)


def test_a_cancelled_event_stays_in_the_calendar_marked_cancelled_with_its_sequence():
    events = [make_event(uid="kept@example.org"), make_event(uid="off@example.org", status="cancelled", sequence=2)]

    kept, off = parse(ical.calendar(events, name="Agenda")).walk("VEVENT")

    assert (str(kept["STATUS"]), kept.decoded("SEQUENCE")) == ("CONFIRMED", 0)
    assert (str(off["STATUS"]), off.decoded("SEQUENCE")) == ("CANCELLED", 2)


# time zones


@pytest.mark.parametrize(
    ("local", "offset_hours"),
    [
        ((2026, 3, 28, 10, 0), 1),
        ((2026, 3, 29, 1, 30), 1),
        ((2026, 3, 29, 3, 30), 2),
        ((2026, 3, 29, 10, 0), 2),
        ((2026, 3, 30, 10, 0), 2),
        ((2026, 10, 24, 10, 0), 2),
        ((2026, 10, 25, 1, 30), 2),
        ((2026, 10, 25, 2, 30), 2),
        ((2026, 10, 25, 3, 30), 1),
        ((2026, 10, 25, 10, 0), 1),
        ((2026, 10, 26, 10, 0), 1),
    ],
)
def test_times_around_the_2026_dst_changes_keep_their_brussels_wall_clock_time(local, offset_hours):
    start = at(*local)
    event = make_event(start=start, end=start + datetime.timedelta(minutes=30))

    data = ical.calendar([event], name="Agenda")
    read = only_event(data).decoded("DTSTART")

    assert f"DTSTART;TZID=Europe/Brussels:{start:%Y%m%dT%H%M%S}" in lines(data)
    assert instant(read) == instant(start)
    assert read.replace(tzinfo=None) == start.replace(tzinfo=None)
    assert read.utcoffset() == datetime.timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    ("utc", "wall_clock"),
    [
        (datetime.datetime(2026, 3, 28, 9, 0, tzinfo=UTC), "20260328T100000"),
        (datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC), "20260329T100000"),
        (datetime.datetime(2026, 10, 24, 8, 0, tzinfo=UTC), "20261024T100000"),
        (datetime.datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "20261025T100000"),
    ],
)
def test_times_given_in_another_zone_are_written_in_brussels_time(utc, wall_clock):
    event = make_event(start=utc, end=utc + datetime.timedelta(hours=2))

    data = ical.calendar([event], name="Agenda")

    assert f"DTSTART;TZID=Europe/Brussels:{wall_clock}" in lines(data)
    assert instant(only_event(data).decoded("DTSTART")) == utc


def test_an_event_across_the_spring_change_lasts_one_hour_less_than_its_wall_clock_span():
    event = make_event(start=at(2026, 3, 28, 23, 0), end=at(2026, 3, 29, 5, 0))

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert instant(vevent.decoded("DTEND")) - instant(vevent.decoded("DTSTART")) == datetime.timedelta(hours=5)


def test_an_event_across_the_autumn_change_lasts_one_hour_more_than_its_wall_clock_span():
    event = make_event(start=at(2026, 10, 24, 23, 0), end=at(2026, 10, 25, 5, 0))

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert instant(vevent.decoded("DTEND")) - instant(vevent.decoded("DTSTART")) == datetime.timedelta(hours=7)


def test_a_time_in_the_repeated_hour_after_the_clocks_go_back_is_written_in_utc_to_stay_the_same_instant():
    second_pass = at(2026, 10, 25, 2, 30, fold=1)
    event = make_event(start=second_pass, end=at(2026, 10, 25, 4, 0))

    data = ical.calendar([event], name="Agenda")

    assert "DTSTART:20261025T013000Z" in lines(data)
    assert (
        instant(only_event(data).decoded("DTSTART"))
        == instant(second_pass)
        == datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    )


def test_a_wall_clock_time_the_spring_change_skips_is_written_as_the_real_time_it_stands_for():
    skipped = at(2026, 3, 29, 2, 30)
    event = make_event(start=skipped, end=at(2026, 3, 29, 5, 0))

    data = ical.calendar([event], name="Agenda")

    assert "DTSTART;TZID=Europe/Brussels:20260329T033000" in lines(data)
    assert (
        instant(only_event(data).decoded("DTSTART"))
        == instant(skipped)
        == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    )


def _around_each_change(years: range) -> list[datetime.datetime]:
    moments = []
    for year in years:
        for month in (3, 10):
            last_sunday = max(
                datetime.date(year, month, day)
                for day in range(25, 32)
                if datetime.date(year, month, day).weekday() == 6
            )
            first = datetime.datetime.combine(last_sunday, datetime.time(), UTC) - datetime.timedelta(days=1)
            moments += [first + datetime.timedelta(minutes=30 * step) for step in range(4 * 48)]
        moments += [datetime.datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
    return moments


def test_the_vtimezone_written_agrees_with_the_time_zone_database_from_2000_to_2037():
    [vtimezone] = parse(ical.calendar([], name="Agenda")).timezones
    as_written = vtimezone.to_tz(lookup_tzid=False)

    for moment in _around_each_change(range(2000, 2038)):
        assert moment.astimezone(as_written).utcoffset() == moment.astimezone(BRUSSELS).utcoffset(), moment
        wall_clock = moment.astimezone(BRUSSELS).replace(tzinfo=None, fold=0)
        assert wall_clock.replace(tzinfo=as_written).utcoffset() == wall_clock.replace(tzinfo=BRUSSELS).utcoffset(), (
            wall_clock
        )


@given(
    st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2037, 12, 31), timezones=st.just(UTC)),
    st.timedeltas(datetime.timedelta(minutes=1), datetime.timedelta(days=3)),
)
def test_any_start_and_end_read_back_as_the_same_instants(start, duration):
    event = make_event(start=start, end=start + duration)

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert instant(vevent.decoded("DTSTART")) == start.replace(microsecond=0)
    assert instant(vevent.decoded("DTEND")) == (start + duration).replace(microsecond=0)


# text


def test_french_text_with_guillemets_accents_commas_and_semicolons_reads_back_the_same():
    event = make_event(
        summary=FRENCH, location=FRENCH, description=FRENCH, organizer=Contact(email="a@b.be", name=FRENCH)
    )

    vevent = only_event(ical.calendar([event], name=FRENCH))

    assert str(vevent["SUMMARY"]) == FRENCH
    assert str(vevent["LOCATION"]) == FRENCH
    assert str(vevent["DESCRIPTION"]) == FRENCH
    assert vevent["ORGANIZER"].params["CN"] == FRENCH.replace("\n", " ")


def test_text_is_escaped_in_utf8_and_long_lines_are_folded_within_75_octets_without_splitting_a_character():
    data = ical.calendar([make_event(description=FRENCH * 3)], name="Agenda")

    assert "DESCRIPTION:« Compétences de base » : lire\\, écrire\\; compter — l'Œuvre" in data.decode().replace(
        "\r\n ", ""
    )
    assert "\\nDeuxième ligne\\, çà et là\\; fin." in data.decode().replace("\r\n ", "")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


def test_control_characters_are_dropped_and_any_line_break_becomes_a_newline():
    event = make_event(summary="Bonjour\x00\x07 à tous\x7f", description="un\r\ndeux\rtrois\nquatre\tcinq")

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert str(vevent["SUMMARY"]) == "Bonjour à tous"
    assert str(vevent["DESCRIPTION"]) == "un\ndeux\ntrois\nquatre\tcinq"


def test_a_display_name_is_kept_on_one_line_with_single_spaces_and_without_backslashes():
    event = make_event(organizer=Contact(email="a@b.be", name="  Dupont\\,\n\t« Jean »  \\"))

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert vevent["ORGANIZER"].params["CN"] == "Dupont, « Jean »"
    assert str(vevent["ORGANIZER"]) == "mailto:a@b.be"


def cleaned(text: str) -> str:
    return "".join(
        char
        for char in text.replace("\r\n", "\n").replace("\r", "\n")
        if char in "\t\n" or not (char < " " or char == "\x7f" or "\ud800" <= char <= "\udfff")
    )


any_text = st.text(st.characters())


@given(any_text, any_text, any_text)
def test_any_text_reads_back_the_same_once_control_characters_are_dropped(summary, description, location):
    event = make_event(summary=summary, description=description, location=location)

    vevent = only_event(ical.calendar([event], name="Agenda"))

    assert str(vevent["SUMMARY"]) == cleaned(summary)
    assert str(vevent.get("DESCRIPTION", "")) == cleaned(description)
    assert str(vevent.get("LOCATION", "")) == cleaned(location)


@given(any_text, any_text)
def test_any_calendar_and_display_name_read_back_the_same_once_made_one_clean_line(calendar_name, display_name):
    event = make_event(organizer=Contact(email="a@b.be", name=display_name))

    cal = parse(ical.calendar([event], name=calendar_name))

    assert unescaped(cal["X-WR-CALNAME"]) == unescaped(cal["NAME"]) == cleaned(calendar_name).replace("\n", " ")
    one_line = re.sub(r"[ \t\n]+", " ", cleaned(display_name).replace("\\", "")).strip()
    assert cal.walk("VEVENT")[0]["ORGANIZER"].params.get("CN", "") == one_line


# invitations


def test_an_invitation_is_a_request_from_the_organizer_to_the_attendees():
    event = make_event(attendees=[ALICE], sequence=1, organizer=BRUNO)

    data = ical.invitation(event, organizer=SECRETARIAT)
    cal = parse(data)
    vevent = only_event(data)

    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal["PRODID"]) == ical.PRODID
    assert "X-WR-CALNAME" not in cal
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert str(vevent["ORGANIZER"]) == "mailto:secretariat@example.org"
    assert vevent["ORGANIZER"].params["CN"] == SECRETARIAT.name
    assert str(vevent["ATTENDEE"]) == "mailto:alice@example.org"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.decoded("SEQUENCE") == 1
    assert instant(vevent.decoded("DTSTART")) == instant(event.start)


def test_an_invitation_is_stamped_with_the_time_it_is_sent_even_when_the_event_was_modified_earlier():
    event = make_event(attendees=[ALICE], last_modified=datetime.datetime(2020, 1, 1, tzinfo=UTC))

    stamp = only_event(ical.invitation(event, organizer=SECRETARIAT)).decoded("DTSTAMP")

    assert stamp > datetime.datetime(2026, 1, 1, tzinfo=UTC)


def test_a_cancellation_is_sent_with_method_cancel_and_marks_the_event_cancelled():
    event = make_event(attendees=[ALICE], sequence=2)

    data = ical.invitation(event, method="CANCEL", organizer=SECRETARIAT)
    vevent = only_event(data)

    assert str(parse(data)["METHOD"]) == "CANCEL"
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.decoded("SEQUENCE") == 2
    assert str(vevent["UID"]) == event.uid


def test_a_cancelled_event_cannot_be_sent_as_a_request():
    with pytest.raises(ValueError, match="CANCEL"):
        ical.invitation(make_event(attendees=[ALICE], status=Status.CANCELLED), organizer=SECRETARIAT)


def test_a_request_needs_an_attendee():
    with pytest.raises(ValueError, match="attendee"):
        ical.invitation(make_event(), organizer=SECRETARIAT)


def test_an_invitation_method_is_request_or_cancel():
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        ical.invitation(make_event(attendees=[ALICE]), method="PUBLISH", organizer=SECRETARIAT)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "content_type"),
    [
        (None, "text/calendar; charset=utf-8"),
        ("PUBLISH", "text/calendar; charset=utf-8; method=PUBLISH"),
        ("REQUEST", "text/calendar; charset=utf-8; method=REQUEST"),
        ("CANCEL", "text/calendar; charset=utf-8; method=CANCEL"),
    ],
)
def test_the_content_type_names_the_method_mail_clients_act_on(method, content_type):
    assert ical.content_type(method) == content_type


# events


def test_an_event_is_the_same_value_whatever_it_is_sent_with():
    event = make_event(attendees=[ALICE])

    assert event == dataclasses.replace(event)
    assert event.attendees == (ALICE,)
    ical.invitation(event, method="CANCEL", organizer=SECRETARIAT)
    assert event.status == Status.CONFIRMED
    assert event.organizer is None


@pytest.mark.parametrize("status", ["confirmed", "Tentative", "CANCELLED", Status.CANCELLED])
def test_a_status_can_be_given_in_any_case(status):
    assert make_event(status=status).status == Status(str(status).upper())


def test_an_event_ending_in_the_repeated_hour_is_judged_by_instants_not_by_wall_clock():
    event = make_event(start=at(2026, 10, 25, 2, 30), end=at(2026, 10, 25, 2, 10, fold=1))

    assert instant(event.end) - instant(event.start) == datetime.timedelta(minutes=40)
    with pytest.raises(ValueError, match="end after it starts"):
        make_event(start=at(2026, 10, 25, 2, 30, fold=1), end=at(2026, 10, 25, 2, 40))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": datetime.datetime(2026, 5, 12, 9, 30)}, "start must be an aware datetime"),
        ({"end": datetime.datetime(2026, 5, 12, 12, 0)}, "end must be an aware datetime"),
        ({"last_modified": datetime.datetime(2026, 5, 1)}, "last_modified must be an aware datetime"),
        ({"end": at(2026, 5, 12, 9, 30)}, "end after it starts"),
        ({"end": at(2026, 5, 12, 9, 0)}, "end after it starts"),
        ({"uid": ""}, "uid"),
        ({"uid": "a\nb"}, "uid"),
        ({"sequence": -1}, "negative"),
        ({"status": "postponed"}, "postponed"),
    ],
)
def test_an_event_that_cannot_be_written_is_refused_when_made(overrides, message):
    with pytest.raises(ValueError, match=message):
        make_event(**overrides)


@pytest.mark.parametrize(
    "email", ["", "alice", "alice@", "@example.org", "a b@example.org", "a@b.be\r\nX:y", "<a@b.be>"]
)
def test_a_contact_needs_an_e_mail_address(email):
    with pytest.raises(ValueError, match="e-mail"):
        Contact(email=email)
