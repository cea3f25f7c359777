"""The iCalendar feeds parse with a standard parser, round-trip, mark cancellations, and cost a fixed number of
queries however many meetings they hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import icalendar
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from synergies.meetings import services
from synergies.meetings.models import Meeting
from synergies.meetings.tests.conftest import at
from synergies.poles.models import Body, Pole
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


def parse(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(cal: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def many(plan: Callable[..., Meeting], count: int, **fields: Any) -> list[Meeting]:
    created = []
    for n in range(count):
        meeting = plan(f"2026-{2 + n % 10:02d}-{1 + n % 27 + 1:02d}", hour=8 + n % 8, **fields)
        created.append(meeting)
    return created


def test_the_public_feed_parses_and_round_trips(client: Client, meeting: Meeting, plan: Callable[..., Meeting]) -> None:
    plan("2026-04-14", is_public=False)
    cal = parse(client.get(reverse("meetings:feed")))
    assert list(events(cal)) == [meeting.ical_uid]
    event = events(cal)[meeting.ical_uid]
    assert event.decoded("DTSTART") == at("2026-03-10")
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert "Référentiel" in str(event["DESCRIPTION"])
    assert icalendar.Calendar.from_ical(cal.to_ical()).to_ical() == cal.to_ical()


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled_with_a_higher_sequence(
    client: Client, meeting: Meeting, secretary: Any
) -> None:
    before = int(events(parse(client.get(reverse("meetings:feed"))))[meeting.ical_uid]["SEQUENCE"])
    services.cancel_meeting(meeting, reason="Grève", by=secretary)
    event = events(parse(client.get(reverse("meetings:feed"))))[meeting.ical_uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > before


def test_the_pole_feed_is_cacheable_and_answers_not_modified(client: Client, meeting: Meeting) -> None:
    pole = meeting.body.pole
    url = reverse("meetings:pole_feed", kwargs={"basin": pole.basin.code, "code": pole.code})
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert list(events(parse(first))) == [meeting.ical_uid]


def test_the_private_feed_shows_the_members_bodies_meetings_public_or_not_and_nothing_else(
    client: Client, meeting: Meeting, plan: Callable[..., Meeting], member: Any, secretary: Any, committee: Body
) -> None:
    private = plan("2026-04-14", is_public=False)
    group = Body.objects.create(pole=committee.pole, kind=Body.Kind.WORKING_GROUP, name="GT lecture", slug="gt")
    elsewhere = plan("2026-04-16", body=group, is_public=False)
    token = services.renew_calendar_token(member, by=member)
    url = reverse("meetings:private_feed", kwargs={"token": token.token})
    uids = set(events(parse(client.get(url))))
    assert uids == {meeting.ical_uid, private.ical_uid}
    assert elsewhere.ical_uid not in uids
    assert client.get(url)["Cache-Control"].startswith("private")


def test_a_wrong_or_renewed_token_finds_nothing(client: Client, meeting: Meeting, member: Any) -> None:
    old = services.renew_calendar_token(member, by=member).token
    services.renew_calendar_token(member, by=member)
    assert client.get(reverse("meetings:private_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("meetings:private_feed", kwargs={"token": "nope"})).status_code == 404


def test_the_meeting_download_is_one_event(client: Client, meeting: Meeting) -> None:
    pole = meeting.body.pole
    response = client.get(
        reverse("meetings:ics", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": meeting.pk})
    )
    assert list(events(parse(response))) == [meeting.ical_uid]


@pytest.mark.parametrize("name", ["feed", "pole_feed", "private_feed", "agenda", "list"])
def test_feeds_and_lists_cost_the_same_queries_for_3_or_30_meetings(
    name: str,
    plan: Callable[..., Meeting],
    seats: Any,
    member: Any,
    secretary: Any,
    django_assert_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pole: Pole = seats["cpas"].body.pole
    token = services.renew_calendar_token(member, by=member)
    kwargs = {
        "feed": {},
        "agenda": {},
        "pole_feed": {"basin": pole.basin.code, "code": pole.code},
        "list": {"basin": pole.basin.code, "code": pole.code},
        "private_feed": {"token": token.token},
    }[name]
    url = reverse(f"meetings:{name}", kwargs=kwargs)
    client = log_in(Client(), member)
    counts = []
    for total in (3, 30):
        for meeting in many(plan, total - Meeting.objects.count()):
            services.add_agenda_item(meeting, {"title": "Point"}, by=secretary)
        cache.clear()  # the cold path: the feed is rendered
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    cache.clear()
    with django_assert_num_queries(counts[1]):
        client.get(url)


@pytest.mark.parametrize("name", ["feed", "pole_feed"])
def test_a_feed_already_rendered_is_served_from_the_cache_until_a_meeting_changes(
    name: str, client: Client, meeting: Meeting, secretary: Any, frozen: Any
) -> None:
    pole = meeting.body.pole
    url = reverse(f"meetings:{name}", kwargs={} if name == "feed" else {"basin": pole.basin.code, "code": pole.code})
    first = client.get(url).content
    with mock.patch("synergies.meetings.calendars.feed", side_effect=AssertionError("rendered again")):
        assert client.get(url).content == first
    frozen.tick(1)
    item = meeting.agenda_items.first()
    assert item is not None
    services.update_agenda_item(item, {"title": "Point renommé"}, by=secretary)
    assert "Point renommé" in str(events(parse(client.get(url)))[meeting.ical_uid]["DESCRIPTION"])
