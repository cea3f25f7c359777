"""A meeting's life through the services: transitions both ways, bad input refused whole, e-mails with invitations."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from synergies.meetings import services
from synergies.meetings.models import AgendaItem, Attendance, Meeting, MeetingSettings, Minutes, Notice
from synergies.meetings.quorum import quorum_of
from synergies.meetings.tests.conftest import at
from synergies.poles.models import Body, Seat

pytestmark = pytest.mark.django_db


def invitations(outbox: list[Any]) -> list[icalendar.Calendar]:
    found = []
    for message in outbox:
        for part in message.attachments:
            if getattr(part, "get_content_type", lambda: "")() == "text/calendar":
                found.append(icalendar.Calendar.from_ical(part.get_payload(decode=True)))
    return found


def only_event(cal: icalendar.Calendar) -> Any:
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


# --- planning ---------------------------------------------------------------------------------------------------


def test_a_meeting_cannot_be_planned_in_the_past(plan: Callable[..., Meeting]) -> None:
    with pytest.raises(ValidationError) as error:
        plan("2026-01-14")
    assert "passée" in str(error.value)
    assert Meeting.objects.count() == 0


def test_a_closed_working_group_does_not_meet(plan: Callable[..., Meeting], committee: Body, mandate: Any) -> None:
    group = Body.objects.create(
        pole=committee.pole, kind=Body.Kind.WORKING_GROUP, name="GT", slug="gt", closed_on=datetime.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="clôturé"):
        plan("2026-03-10", body=group)


def test_a_read_only_pole_plans_nothing(plan: Callable[..., Meeting], mandate: Any) -> None:
    mandate.end = datetime.date(2026, 1, 1)
    mandate.save()
    with pytest.raises(ValidationError, match="R7"):
        plan("2026-03-10")


def test_the_past_can_be_recorded_explicitly_for_archives(committee: Body, mandate: Any, secretary: Any) -> None:
    meeting = services.record_past_meeting(
        committee, {"starts_at": at("2025-06-10"), "ends_at": at("2025-06-10", 12)}, by=secretary
    )
    assert meeting.status == Meeting.Status.HELD
    assert meeting.convened_at is not None
    assert mail.outbox == []


# --- convocation ------------------------------------------------------------------------------------------------


def test_convening_emails_each_member_the_agenda_and_a_request(
    meeting: Meeting, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.convene_meeting(meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "suppleant@example.org" in recipients and "membre@example.org" in recipients
    assert notice.kind == Notice.Kind.CONVOCATION and notice.recipients == len(recipients) == 6
    assert "Référentiel" in mail.outbox[0].body
    cal = invitations(mail.outbox)[0]
    event = only_event(cal)
    assert str(cal["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == meeting.sequence == 1
    assert str(event["UID"]) == f"{meeting.uid}@synergies"
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART") == at("2026-03-10")


def test_a_meeting_without_agenda_is_not_convened(plan: Callable[..., Meeting], seats: Any, secretary: Any) -> None:
    meeting = plan("2026-03-10")
    with pytest.raises(ValidationError, match="ordre du jour est vide"):
        services.convene_meeting(meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not Notice.objects.exists()


def test_a_past_meeting_is_not_convened(committee: Body, mandate: Any, secretary: Any) -> None:
    meeting = services.record_past_meeting(
        committee, {"starts_at": at("2026-01-10"), "ends_at": at("2026-01-10", 12)}, by=secretary, status="planned"
    )
    services.add_agenda_item(meeting, {"title": "Point"}, by=secretary)
    with pytest.raises(ValidationError, match="passée"):
        services.convene_meeting(meeting, by=secretary)


def test_a_late_convocation_asks_for_confirmation(plan: Callable[..., Meeting], seats: Any, secretary: Any) -> None:
    meeting = plan("2026-01-20")
    services.add_agenda_item(meeting, {"title": "Point"}, by=secretary)
    with pytest.raises(services.LateConvocation, match="10 jours"):
        services.convene_meeting(meeting, by=secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED
    services.convene_meeting(meeting, by=secretary, confirm_late=True)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED


def test_a_convened_meeting_needs_a_place(plan: Callable[..., Meeting], seats: Any, secretary: Any) -> None:
    meeting = plan("2026-03-10", address="")
    services.add_agenda_item(meeting, {"title": "Point"}, by=secretary)
    with pytest.raises(ValidationError) as error:
        services.convene_meeting(meeting, by=secretary)
    assert "address" in error.value.message_dict


# --- updates and cancellation -----------------------------------------------------------------------------------


def test_moving_a_convened_meeting_across_the_dst_change_sends_a_higher_sequence(
    meeting: Meeting, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.convene_meeting(meeting, by=secretary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting, {"starts_at": at("2026-04-02", 10), "ends_at": at("2026-04-02", 12)}, by=secretary
        )
    event = only_event(invitations(mail.outbox)[0])
    assert int(event["SEQUENCE"]) == 2
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").hour == 10
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)
    assert Notice.objects.filter(meeting=meeting, kind=Notice.Kind.UPDATE, sequence=2).exists()


def test_a_new_title_is_not_a_new_sequence(meeting: Meeting, secretary: Any) -> None:
    services.update_meeting(meeting, {"title": "Comité de printemps"}, by=secretary)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_cancelling_needs_a_reason_and_sends_a_cancel_to_those_convened(
    meeting: Meeting, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.convene_meeting(meeting, by=secretary)
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting, reason=" ", by=secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, reason="Présidente empêchée", by=secretary)
    cal = invitations(mail.outbox)[0]
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(only_event(cal)["STATUS"]) == "CANCELLED"
    assert int(only_event(cal)["SEQUENCE"]) == 2
    with pytest.raises(ValidationError, match="annulée"):
        services.update_meeting(meeting, {"title": "x"}, by=secretary)


def test_a_meeting_is_held_only_once_begun(meeting: Meeting, secretary: Any, frozen: Any) -> None:
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.mark_held(meeting, by=secretary)
    frozen.move_to("2026-03-10 10:00")
    services.mark_held(meeting, by=secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


# --- agenda -----------------------------------------------------------------------------------------------------


def titles(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.agenda_items.order_by("position").values_list("position", "title"))


def test_agenda_items_move_and_stay_numbered_one_to_n(meeting: Meeting, secretary: Any) -> None:
    third = services.add_agenda_item(meeting, {"title": "Divers"}, by=secretary)
    services.move_agenda_item(third, direction="up", by=secretary)
    assert titles(meeting) == [(1, "Accueil"), (2, "Divers"), (3, "Référentiel")]
    first = meeting.agenda_items.get(position=1)
    services.move_agenda_item(first, direction="up", by=secretary)
    services.remove_agenda_item(first, by=secretary)
    assert titles(meeting) == [(1, "Divers"), (2, "Référentiel")]


def test_a_document_of_another_body_is_not_attached(meeting: Meeting, secretary: Any, mandate: Any) -> None:
    from synergies.poles.models import BodyDocument

    other = Body.objects.create(pole=meeting.body.pole, kind=Body.Kind.WORKING_GROUP, name="GT", slug="gt")
    document = BodyDocument.objects.create(body=other, title="Note")
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting, {"title": "Point", "documents": [document]}, by=secretary)
    assert meeting.agenda_items.count() == 2


# --- attendance and quorum --------------------------------------------------------------------------------------


def held(meeting: Meeting, secretary: Any, frozen: Any) -> Meeting:
    services.convene_meeting(meeting, by=secretary)
    frozen.move_to("2026-03-10 12:00")
    return services.mark_held(meeting, by=secretary)


def rows(seats: dict[str, Seat], **statuses: str) -> list[dict[str, Any]]:
    return [{"seat": seat, "status": statuses.get(name, "present")} for name, seat in seats.items()]


def test_attendance_is_recorded_for_every_seat_and_names_who_sat(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    held(meeting, secretary, frozen)
    services.record_attendance(meeting, rows(seats, cpas="substituted", forem_training="excused"), by=secretary)
    cpas = Attendance.objects.get(meeting=meeting, seat=seats["cpas"])
    assert cpas.attendee == seats["cpas"].substitute
    assert Attendance.objects.get(meeting=meeting, seat=seats["member"]).attendee == seats["member"].representative
    q = quorum_of(meeting)
    assert [c.value for c in q.missing] == ["training"]
    assert not q.reached and q.taking_part == 4


def test_attendance_refuses_a_missing_seat_a_substitute_that_does_not_exist_and_proxies_not_allowed(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    held(meeting, secretary, frozen)
    partial = rows(seats)[:-1]
    with pytest.raises(ValidationError, match="chaque siège"):
        services.record_attendance(meeting, partial, by=secretary)
    with pytest.raises(ValidationError, match="pas de suppléant"):
        services.record_attendance(meeting, rows(seats, company="substituted"), by=secretary)
    proxy = rows(seats, company="proxy")
    proxy[0]["proxy_holder"] = seats["cpas"]
    with pytest.raises(ValidationError, match="procurations"):
        services.record_attendance(meeting, proxy, by=secretary)
    assert not Attendance.objects.exists()


def test_a_proxy_goes_to_a_seat_that_takes_part_when_the_modalities_allow_it(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    MeetingSettings.objects.create(pole=meeting.body.pole, proxies_allowed=True)
    held(meeting, secretary, frozen)
    proxy = rows(seats, company="proxy", cpas="absent")
    proxy[0]["proxy_holder"] = seats["cpas"]
    with pytest.raises(ValidationError, match="présent à la réunion"):
        services.record_attendance(meeting, proxy, by=secretary)
    proxy = rows(seats, company="proxy")
    proxy[0]["proxy_holder"] = seats["cpas"]
    services.record_attendance(meeting, proxy, by=secretary)
    assert Attendance.objects.get(seat=seats["company"]).proxy_holder == seats["cpas"]


def test_observers_do_not_count_for_the_quorum(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    Seat.objects.filter(pk=seats["secondary_school"].pk).update(role="observer")
    held(meeting, secretary, frozen)
    services.record_attendance(meeting, rows(seats), by=secretary)
    assert [c.value for c in quorum_of(meeting).missing] == ["education"]


# --- minutes ----------------------------------------------------------------------------------------------------


def circulated(meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any) -> Minutes:
    held(meeting, secretary, frozen)
    services.record_attendance(meeting, rows(seats), by=secretary)
    services.save_minutes_draft(meeting, text="## Accueil\n\nLa présidente ouvre la séance.", by=secretary)
    minutes = services.save_minutes_draft(
        meeting, text="## Accueil\n\nLa présidente ouvre la séance à 9 h 30.", by=secretary
    )
    return services.circulate_minutes(minutes, by=secretary)


def test_each_save_of_the_draft_is_kept(meeting: Meeting, seats: Any, secretary: Any, frozen: Any) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    assert list(minutes.revisions.values_list("number", flat=True)) == [2, 1]


def test_circulating_sets_the_deadline_and_mails_the_attendees(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes = circulated(meeting, seats, secretary, frozen)
    assert minutes.remarks_until == datetime.date(2026, 3, 20)
    minutes_mails = [m for m in mail.outbox if "procès-verbal" in m.subject.lower()]
    assert len(minutes_mails) == 5


def test_the_approval_is_put_on_the_next_meeting_by_itself(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, plan: Callable[..., Meeting]
) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    assert not AgendaItem.objects.filter(minutes_to_approve=minutes).exists()
    later = plan("2026-06-09")
    item = AgendaItem.objects.get(minutes_to_approve=minutes)
    assert item.meeting == later
    assert item.title == "Approbation du procès-verbal de la réunion du 10/03/2026"


def test_the_approval_joins_an_already_planned_meeting_when_circulated(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, plan: Callable[..., Meeting]
) -> None:
    later = plan("2026-06-09")
    minutes = circulated(meeting, seats, secretary, frozen)
    assert list(AgendaItem.objects.filter(minutes_to_approve=minutes).values_list("meeting", flat=True)) == [later.pk]


def test_only_attendees_and_the_secretariat_remark_while_circulated(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, member: Any, outsider: Any
) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    services.add_remark(minutes, text="Il manque l’heure de fin.", by=member)
    services.add_remark(minutes, text="Précision", by=secretary, manager=True)
    with pytest.raises(ValidationError, match="siégé"):
        services.add_remark(minutes, text="Moi aussi", by=outsider)
    frozen.move_to("2026-03-21 09:00")
    with pytest.raises(ValidationError, match="délai"):
        services.add_remark(minutes, text="Trop tard", by=member)
    assert minutes.remarks.count() == 2


def test_a_declined_remark_says_why(meeting: Meeting, seats: Any, secretary: Any, frozen: Any, member: Any) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    remark = services.add_remark(minutes, text="Erreur", by=member)
    with pytest.raises(ValidationError):
        services.reply_to_remark(remark, reply="", status="declined", by=secretary)
    services.reply_to_remark(remark, reply="Corrigé", status="accepted", by=secretary)
    remark.refresh_from_db()
    assert remark.status == "accepted" and remark.replied_at is not None


def test_minutes_are_approved_only_at_a_later_meeting_that_is_held_or_under_way(
    meeting: Meeting, seats: Any, secretary: Any, frozen: Any, plan: Callable[..., Meeting]
) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    later = plan("2026-06-09")
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.approve_minutes(minutes, at_meeting=later, by=secretary)
    with pytest.raises(ValidationError, match="ultérieure"):
        services.approve_minutes(minutes, at_meeting=meeting, by=secretary)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.CIRCULATED


def approved(meeting: Meeting, seats: Any, secretary: Any, frozen: Any, plan: Callable[..., Meeting]) -> Minutes:
    minutes = circulated(meeting, seats, secretary, frozen)
    later = plan("2026-06-09")
    services.convene_meeting(later, by=secretary)
    frozen.move_to("2026-06-09 10:00")
    return services.approve_minutes(minutes, at_meeting=later, by=secretary)


def test_approved_minutes_are_frozen_as_a_pdf_with_its_hash_once_the_approval_commits(
    meeting: Meeting,
    seats: Any,
    secretary: Any,
    frozen: Any,
    plan: Callable[..., Meeting],
    django_capture_on_commit_callbacks: Any,
) -> None:
    import hashlib

    with django_capture_on_commit_callbacks(execute=True):
        minutes = approved(meeting, seats, secretary, frozen, plan)
        assert minutes.pdf_sha256 == ""
    minutes.refresh_from_db()
    data = minutes.pdf.open("rb").read()
    assert data.startswith(b"%PDF")
    assert minutes.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert minutes.approved_on == datetime.date(2026, 6, 9)
    services.freeze_minutes(minutes)
    assert Minutes.objects.get(pk=minutes.pk).pdf.name == minutes.pdf.name, "a second freeze renders nothing new"


def test_approved_minutes_refuse_every_change(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any, plan: Callable[..., Meeting], member: Any
) -> None:
    minutes = approved(meeting, seats, secretary, frozen, plan)
    with pytest.raises(ValidationError, match="approuvé"):
        services.save_minutes_draft(meeting, text="Réécrit", by=secretary)
    with pytest.raises(ValidationError, match="approuvé"):
        services.circulate_minutes(minutes, by=secretary)
    with pytest.raises(ValidationError, match="approuvé"):
        services.record_attendance(meeting, rows(seats), by=secretary)
    minutes.text = "En douce"
    with pytest.raises(ValidationError, match="approuvé"):
        minutes.save()
    assert Minutes.objects.get(pk=minutes.pk).text.startswith("## Accueil")
    assert minutes.revisions.count() == 2


def test_a_proxy_brings_its_component_to_the_quorum_only_where_proxies_are_admitted(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any
) -> None:
    held(meeting, secretary, frozen)
    MeetingSettings.objects.create(pole=meeting.body.pole, proxies_allowed=True)
    attendance = rows(seats, secondary_school="proxy")
    next(r for r in attendance if r["seat"] == seats["secondary_school"])["proxy_holder"] = seats["cpas"]
    services.record_attendance(meeting, attendance, by=secretary)
    assert quorum_of(meeting).reached
    MeetingSettings.objects.filter(pole=meeting.body.pole).update(proxies_allowed=False)
    assert [c.value for c in quorum_of(Meeting.objects.get(pk=meeting.pk)).missing] == ["education"]
