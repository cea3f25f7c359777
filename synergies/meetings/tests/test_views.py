"""The meetings' pages for each role: who may and who may not, and the flows without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.meetings import services
from synergies.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from synergies.meetings.panels import register_panel, unregister_panel
from synergies.poles.models import Seat
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


def url(name: str, meeting: Meeting, **extra: Any) -> str:
    pole = meeting.body.pole
    return reverse(f"meetings:{name}", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": meeting.pk, **extra})


def pole_url(name: str, meeting: Meeting) -> str:
    pole = meeting.body.pole
    return reverse(f"meetings:{name}", kwargs={"basin": pole.basin.code, "code": pole.code})


def test_the_secretariat_plans_a_meeting_in_brussels_time(meeting: Meeting, secretary_client: Client) -> None:
    response = secretary_client.post(
        pole_url("create", meeting),
        {
            "body": meeting.body_id,
            "date": "2026-04-02",
            "start": "10:00",
            "end": "12:00",
            "mode": "online",
            "online_url": "https://visio.example.org/cb",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    created = Meeting.objects.latest("pk")
    assert created.starts_at.isoformat() == "2026-04-02T08:00:00+00:00"


def test_a_member_may_not_plan_a_meeting(meeting: Meeting, member: Any) -> None:
    response = log_in(Client(), member).post(pole_url("create", meeting), {"date": "2026-04-02"})
    assert response.status_code == 403
    assert Meeting.objects.count() == 1


def test_a_date_in_the_past_is_refused_next_to_the_field(meeting: Meeting, secretary_client: Client) -> None:
    response = secretary_client.post(
        pole_url("create", meeting),
        {"body": meeting.body_id, "date": "2025-04-02", "start": "10:00", "end": "12:00", "mode": "in_person"},
    )
    assert response.status_code == 400
    assert "on ne prévoit pas une réunion dans le passé" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_late_convocation_is_shown_then_confirmed(
    plan: Callable[..., Meeting], seats: Any, secretary: Any, secretary_client: Client
) -> None:
    meeting = plan("2026-01-20")
    services.add_agenda_item(meeting, {"title": "Point"}, by=secretary)
    response = secretary_client.post(url("convene", meeting), {})
    assert response.status_code == 400
    assert "Confirmez pour convoquer quand même" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    assert secretary_client.post(url("convene", meeting), {"confirm_late": "on"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "convened"


def test_a_member_may_not_convene(meeting: Meeting, member: Any) -> None:
    assert log_in(Client(), member).post(url("convene", meeting), {}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_the_agenda_editor_adds_moves_and_removes_items(meeting: Meeting, secretary_client: Client) -> None:
    assert (
        secretary_client.post(url("agenda_edit", meeting), {"kind": "discussion", "title": "Divers"}).status_code == 302
    )
    last = AgendaItem.objects.get(title="Divers")
    secretary_client.post(url("agenda_item_move", meeting, item=last.pk), {"direction": "up"})
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Accueil",
        "Divers",
        "Référentiel",
    ]
    secretary_client.post(url("agenda_item_remove", meeting, item=last.pk))
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_a_member_may_not_change_the_agenda(meeting: Meeting, member: Any) -> None:
    item = meeting.agenda_items.first()
    assert item is not None
    client = log_in(Client(), member)
    assert client.post(url("agenda_item_remove", meeting, item=item.pk)).status_code == 403
    assert meeting.agenda_items.count() == 2


def test_a_members_only_meeting_does_not_exist_for_the_public(
    plan: Callable[..., Meeting], seats: Any, client: Client, outsider_client: Client, member: Any
) -> None:
    private = plan("2026-04-14", is_public=False)
    assert client.get(url("detail", private)).status_code == 404
    assert outsider_client.get(url("detail", private)).status_code == 404
    assert log_in(Client(), member).get(url("detail", private)).status_code == 200


def test_the_public_list_hides_members_only_meetings_and_the_cadence(
    meeting: Meeting, plan: Callable[..., Meeting], client: Client, member: Any
) -> None:
    private = plan("2026-04-14", is_public=False, title="Séance restreinte")
    public_page = client.get(pole_url("list", meeting)).content.decode()
    assert "Séance restreinte" not in public_page and "R5" not in public_page
    member_page = log_in(Client(), member).get(pole_url("list", private)).content.decode()
    assert "Séance restreinte" in member_page
    assert "trois réunions requises" in member_page


def held_with_minutes(meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any) -> Minutes:
    services.convene_meeting(meeting, by=secretary)
    frozen.move_to("2026-03-10 12:00")
    services.mark_held(meeting, by=secretary)
    services.record_attendance(meeting, [{"seat": s, "status": "present"} for s in seats.values()], by=secretary)
    minutes = services.save_minutes_draft(meeting, text="Texte **provisoire**.", by=secretary)
    return services.circulate_minutes(minutes, by=secretary)


def test_members_read_circulated_minutes_and_remark_the_public_does_not(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, member: Any, client: Client
) -> None:
    held_with_minutes(meeting, seats, secretary, frozen)
    assert "provisoire" not in client.get(url("detail", meeting)).content.decode()
    member_client = log_in(Client(), member)  # after the clock moved: a session started in January has expired
    page = member_client.get(url("detail", meeting)).content.decode()
    assert "<strong>provisoire</strong>" in page and "Envoyer ma remarque" in page
    assert member_client.post(url("remark_add", meeting), {"text": "Coquille"}).status_code == 302
    assert meeting.minutes.remarks.get().text == "Coquille"


def test_the_attendance_form_records_every_seat_at_once(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    services.convene_meeting(meeting, by=secretary)
    frozen.move_to("2026-03-10 12:00")
    secretary_client = log_in(Client(), secretary)
    data = {f"status_{s.pk}": "present" for s in seats.values()}
    data[f"status_{seats['cpas'].pk}"] = "substituted"
    page = secretary_client.get(url("attendance", meeting)).content.decode()
    assert page.count("<tr>") == len(seats) + 1
    assert secretary_client.post(url("attendance", meeting), data).status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == len(seats)
    assert Attendance.objects.get(seat=seats["cpas"]).attendee == seats["cpas"].substitute


def test_approved_minutes_cannot_be_edited_through_the_page(
    meeting: Meeting,
    seats: Any,
    secretary: Any,
    frozen: Any,
    plan: Callable[..., Meeting],
    django_capture_on_commit_callbacks: Any,
) -> None:
    minutes = held_with_minutes(meeting, seats, secretary, frozen)
    later = plan("2026-06-09")
    services.add_agenda_item(later, {"title": "Point"}, by=secretary)
    services.convene_meeting(later, by=secretary)
    frozen.move_to("2026-06-09 10:00")
    secretary_client = log_in(Client(), secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(url("minutes_approve", meeting), {"at_meeting": later.pk})
    assert response.status_code == 302
    response = secretary_client.post(url("minutes_edit", meeting), {"text": "Réécrit"}, follow=True)
    assert "figé" in response.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).text == "Texte **provisoire**."
    pdf = Client().get(url("minutes_pdf", meeting))
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_the_calendar_page_creates_and_renews_the_secret_address(member: Any) -> None:
    client = log_in(Client(), member)
    client.post(reverse("meetings:calendar_token"))
    first = member.calendar_token.token
    assert first in client.get(reverse("meetings:calendar_token")).content.decode()
    client.post(reverse("meetings:calendar_token"))
    member.refresh_from_db()
    assert member.calendar_token.token != first


def test_registered_panels_show_on_the_meeting_page(meeting: Meeting, client: Client) -> None:
    register_panel("meetings/tests/panel.html", lambda request, m: {"word": f"panneau-{m.pk}"})
    register_panel("meetings/tests/hidden.html", lambda request, m: None)
    try:
        page = client.get(url("detail", meeting)).content.decode()
    finally:
        unregister_panel("meetings/tests/panel.html")
        unregister_panel("meetings/tests/hidden.html")
    assert f"panneau-{meeting.pk}" in page


def test_screens_use_french_typography(meeting: Meeting, secretary_client: Client) -> None:
    page = secretary_client.get(url("convene", meeting)).content.decode()
    assert "\u00a0:" in page or "\u202f:" in page
    assert " :" not in page.replace("\u00a0:", "")


@pytest.mark.parametrize("page", ["detail", "edit"])
def test_on_a_meeting_page_the_pole_navigation_marks_only_meetings_as_current(
    page: str, meeting: Meeting, secretary_client: Client
) -> None:
    html = secretary_client.get(url(page, meeting)).content.decode()
    subnav = html[html.index('class="subnav"') : html.index("</nav>", html.index('class="subnav"'))]
    assert subnav.count('aria-current="page"') == 1
    assert 'aria-current="page">Réunions<' in subnav
