"""The services of the decisions: every bad input refused in French with nothing saved; positions, substitutes,
proxies, meeting rounds, written procedures with their e-mails, reminders and closing at the deadline."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.decisions import services
from synergies.decisions.models import ConsensusSettings, Decision, Position, Proposal, Round
from synergies.decisions.tests.conftest import NOW, Council, attend, user_of
from synergies.lib.models import AuditEntry
from synergies.meetings.models import Attendance, Meeting, MeetingSettings
from synergies.poles.models import Seat
from synergies.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def take(round: Round, seat: Any, stance: str, text: str = "", *, substitute: bool = False) -> Position:
    user = user_of(seat, substitute=substitute)
    return services.take_position(round, person=user.person, stance=stance, text=text, by=user)


def due(round: Round) -> datetime.datetime:
    assert round.deadline is not None
    return round.deadline


def everyone_agrees(round: Round, council: Council) -> None:
    for seat in (council.employment, council.training, council.education):
        take(round, seat, "agree")


def refused(function: Callable[[], Any]) -> str:
    with pytest.raises(ValidationError) as info:
        function()
    return " ".join(info.value.messages)


# --- positions ------------------------------------------------------------------------------------------------------


def test_a_member_takes_a_position_in_an_online_round(online_round: Round, council: Council) -> None:
    position = take(online_round, council.employment, "agree")
    assert position.person == council.employment.representative
    assert AuditEntry.objects.filter(verb="decision.position").count() == 1


def test_a_second_position_replaces_the_first_and_keeps_it(online_round: Round, council: Council) -> None:
    first = take(online_round, council.employment, "agree")
    second = take(online_round, council.employment, "reservation", "sous réserve du budget")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert list(online_round.positions.current()) == [second]
    assert online_round.positions.count() == 2


def test_an_objection_without_a_reason_is_refused_and_nothing_is_saved(online_round: Round, council: Council) -> None:
    message = refused(lambda: take(online_round, council.employment, "object", "  "))
    assert "motivée" in message
    assert not Position.objects.exists()


def test_a_position_from_someone_without_a_seat_is_refused(online_round: Round, council: Council) -> None:
    stranger = PersonFactory.create()
    message = refused(lambda: services.take_position(online_round, person=stranger, stance="agree", by=None))
    assert "aucun siège" in message
    assert not Position.objects.exists()


def test_an_observer_takes_no_position(online_round: Round, council: Council) -> None:
    assert "aucun siège" in refused(lambda: take(online_round, council.observer, "agree"))


def test_a_position_after_closing_is_refused(online_round: Round, council: Council, secretary: Any) -> None:
    everyone_agrees(online_round, council)
    services.close_round(online_round, by=secretary, now=after(online_round))
    message = refused(lambda: take(online_round, council.company, "object", "trop tard"))
    assert "clôturé" in message
    assert online_round.positions.count() == 3


def after(round: Round) -> datetime.datetime:
    return due(round) + datetime.timedelta(minutes=1)


def test_a_written_procedure_is_not_closed_before_its_deadline_while_members_are_silent(
    written_round: Round, council: Council, secretary: Any
) -> None:
    take(written_round, council.employment, "agree")
    assert "échéance" in refused(lambda: services.close_round(written_round, by=secretary))
    assert Round.objects.get(pk=written_round.pk).closed_at is None
    assert not Decision.objects.exists()


def test_a_round_closes_before_its_deadline_once_every_member_has_answered(
    online_round: Round, council: Council, secretary: Any
) -> None:
    for seat in council.voting:
        take(online_round, seat, "agree")
    services.close_round(online_round, by=secretary)
    assert Round.objects.get(pk=online_round.pk).outcome == "adopted"


def test_a_vacant_seat_is_not_eligible_and_is_never_deemed_to_agree(
    written_round: Round, council: Council, secretary: Any
) -> None:
    Seat.objects.filter(pk=council.education.pk).update(representative=None, substitute=None)
    assert council.education.pk not in {s.pk for s in services.eligible_seats(written_round)}
    services.close_round(written_round, by=secretary, now=after(written_round))
    detail = Round.objects.get(pk=written_round.pk).outcome_detail
    assert "education" in detail["missing_components"]


def test_a_resource_person_brings_no_component_whatever_the_role_recorded(
    written_round: Round, council: Council
) -> None:
    Seat.objects.filter(pk=council.education.pk).update(origin=Seat.Origin.RESOURCE_PERSON)
    facts = {f.seat_id: f for f in services.round_facts(Round.objects.get(pk=written_round.pk)).seats}
    assert facts[council.education.pk].effective_component is None
    assert facts[council.training.pk].effective_component == "training"


def test_a_position_after_the_deadline_is_refused(written_round: Round, council: Council, frozen: Any) -> None:
    frozen.move_to(due(written_round) + datetime.timedelta(minutes=1))
    assert "échéance" in refused(lambda: take(written_round, council.employment, "agree"))


def test_a_substitute_speaks_when_the_representative_has_not(online_round: Round, council: Council) -> None:
    position = take(online_round, council.employment, "stand_aside", substitute=True)
    assert position.person == council.employment.substitute


def test_a_later_position_of_the_representative_replaces_the_substitutes(online_round: Round, council: Council) -> None:
    by_substitute = take(online_round, council.employment, "object", "pas assez concerté", substitute=True)
    take(online_round, council.employment, "agree")
    by_substitute.refresh_from_db()
    assert by_substitute.superseded_at is not None
    [current] = online_round.positions.current()
    assert current.person == council.employment.representative


def test_a_substitute_cannot_replace_the_representatives_position(online_round: Round, council: Council) -> None:
    take(online_round, council.employment, "agree")
    message = refused(
        lambda: take(online_round, council.employment, "object", "je ne suis pas d’accord", substitute=True)
    )
    assert "suppléant" in message
    assert online_round.positions.current().get().stance == "agree"


def test_an_objection_alerts_the_secretariat_at_once(
    online_round: Round,
    council: Council,
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take(online_round, council.company, "object", "le coût n’est pas chiffré")
    [mail] = mailoutbox
    assert mail.to == [secretary.email]
    assert "Entreprise Dubois" in mail.body and "le coût n’est pas chiffré" in mail.body


def test_positions_are_not_taken_online_in_a_meeting_round(meeting_round: Round, council: Council) -> None:
    assert "réunion" in refused(lambda: take(meeting_round, council.employment, "agree"))


# --- meeting rounds -------------------------------------------------------------------------------------------------


def test_in_a_meeting_positions_are_recorded_only_for_seats_taking_part(
    meeting_round: Round, council: Council, meeting: Meeting, secretary: Any
) -> None:
    attend(meeting, council.employment)
    attend(meeting, council.training, Attendance.Status.EXCUSED)
    entries = [services.Entry(council.employment, "agree"), services.Entry(council.training, "agree")]
    message = refused(lambda: services.record_meeting_positions(meeting_round, entries, by=secretary))
    assert "Le Forem Formation ne prend pas part" in message
    assert not Position.objects.exists()


def test_a_substituted_seat_speaks_through_its_substitute(
    meeting_round: Round, council: Council, meeting: Meeting, secretary: Any
) -> None:
    attend(meeting, council.employment, Attendance.Status.SUBSTITUTED)
    [position] = services.record_meeting_positions(
        meeting_round, [services.Entry(council.employment, "agree")], by=secretary
    )
    assert position.person == council.employment.substitute


def test_a_proxy_is_recorded_only_when_the_poles_modalities_allow_it(
    meeting_round: Round, council: Council, meeting: Meeting, secretary: Any
) -> None:
    attend(meeting, council.education, Attendance.Status.PROXY, proxy_holder=council.training)
    entries = [services.Entry(council.education, "agree")]
    assert "ne prend pas part" in refused(
        lambda: services.record_meeting_positions(meeting_round, entries, by=secretary)
    )
    MeetingSettings.objects.create(pole=meeting_round.proposal.pole, proxies_allowed=True)
    [position] = services.record_meeting_positions(meeting_round, entries, by=secretary)
    assert position.seat == council.education


def test_consensus_noted_adopts_with_every_present_seat_deemed_agreeing(
    meeting_round: Round, council: Council, meeting: Meeting, secretary: Any
) -> None:
    for seat in council.voting:
        attend(meeting, seat)
    round = services.note_consensus(meeting_round, by=secretary)
    assert round.outcome == Round.Outcome.ADOPTED
    assert round.outcome_detail["deemed"] == 4
    decision = Decision.objects.get()
    assert decision.decided_on == timezone.localdate(meeting.starts_at)
    assert decision.method == "meeting"


def test_consensus_noted_with_an_objection_is_not_adopted_and_says_which(
    meeting_round: Round, council: Council, meeting: Meeting, secretary: Any
) -> None:
    for seat in council.voting:
        attend(meeting, seat)
    round = services.note_consensus(
        meeting_round, objections=[services.Entry(council.company, "object", "calendrier irréaliste")], by=secretary
    )
    assert round.outcome == Round.Outcome.NOT_ADOPTED
    assert round.outcome_detail["objections"][0]["label"] == "Entreprise Dubois"
    assert "calendrier irréaliste" in round.outcome_detail["explanation"]
    assert not Decision.objects.exists()
    assert round.proposal.status == Proposal.Status.NOT_ADOPTED


def test_a_meeting_round_of_a_future_meeting_cannot_be_closed(
    council: Council, make_proposal: Any, committee: Any, secretary: Any
) -> None:
    start = NOW + datetime.timedelta(days=3)
    later = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    round = services.open_round(make_proposal(), method="meeting", meeting=later, by=secretary)
    assert "pas encore eu lieu" in refused(lambda: services.close_round(round, by=secretary))
    round.refresh_from_db()
    assert round.closed_at is None


def test_a_past_decision_is_recorded_on_the_meetings_day(
    council: Council, pole: Any, committee: Any, secretary: Any
) -> None:
    start = datetime.datetime(2025, 6, 12, 9, 30, tzinfo=datetime.UTC)
    held = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for seat in council.voting:
        attend(held, seat)
    round = services.record_past_decision(pole, meeting=held, title="Modalités", text="Le pôle adopte…", by=secretary)
    decision = Decision.objects.get(round=round)
    assert (decision.reference, decision.decided_on) == ("CB-2025-001", datetime.date(2025, 6, 12))


def test_a_past_decision_in_a_future_meeting_is_refused(
    council: Council, pole: Any, committee: Any, secretary: Any
) -> None:
    start = NOW + datetime.timedelta(days=30)
    future = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    assert "déjà tenue" in refused(
        lambda: services.record_past_decision(pole, meeting=future, title="X", text="Y", by=secretary)
    )
    assert not Proposal.objects.exists()


# --- written procedure ----------------------------------------------------------------------------------------------


def test_a_written_procedure_gets_the_default_deadline_and_silence_setting(written_round: Round) -> None:
    assert written_round.deadline == NOW + datetime.timedelta(days=10)
    assert written_round.silence_counts is True
    assert written_round.require_all_components is True


def test_opening_a_written_procedure_emails_every_eligible_member(
    council: Council, make_proposal: Any, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(make_proposal(), method="written", by=secretary)
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    expected = sorted(p.email for seat in council.voting for p in seat.people())
    assert recipients == expected
    assert "obs@example.org" not in recipients
    assert "/position/" in mailoutbox[0].body


def test_reminders_go_once_to_the_silent_members(
    written_round: Round, council: Council, frozen: Any, mailoutbox: list[Any]
) -> None:
    take(written_round, council.employment, "agree")
    mailoutbox.clear()
    frozen.move_to(due(written_round) - datetime.timedelta(days=2))
    silent = sorted(p.email for seat in (council.training, council.education, council.company) for p in seat.people())
    assert services.send_due_reminders() == len(silent)
    assert sorted(a for m in mailoutbox for a in m.to) == silent
    assert services.send_due_reminders() == 0
    assert len(mailoutbox) == len(silent)


def test_no_reminder_before_reminder_days(
    written_round: Round, council: Council, frozen: Any, mailoutbox: list[Any]
) -> None:
    mailoutbox.clear()
    frozen.move_to(due(written_round) - datetime.timedelta(days=5))
    assert services.send_due_reminders() == 0


def test_rounds_past_their_deadline_are_closed_with_silence_counting(
    written_round: Round, council: Council, frozen: Any
) -> None:
    take(written_round, council.training, "reservation", "sous réserve du budget")
    frozen.move_to(due(written_round) + datetime.timedelta(hours=1))
    [closed] = services.close_due_rounds()
    assert closed.outcome == Round.Outcome.ADOPTED
    assert closed.outcome_detail["deemed"] == 3
    assert closed.outcome_detail["reservations"][0]["text"] == "sous réserve du budget"
    assert services.close_due_rounds() == []


def test_without_silence_counting_silent_members_do_not_participate(
    council: Council, make_proposal: Any, pole: Any, secretary: Any, frozen: Any
) -> None:
    ConsensusSettings.objects.create(pole=pole, silence_counts_as_agreement=False)
    round = services.open_round(make_proposal(), method="written", by=secretary)
    take(round, council.employment, "agree")
    frozen.move_to(due(round) + datetime.timedelta(hours=1))
    [closed] = services.close_due_rounds()
    assert closed.outcome == Round.Outcome.NOT_ADOPTED
    assert closed.outcome_detail["missing_components"] == ["training", "education"]


# --- proposals and rounds -------------------------------------------------------------------------------------------


def test_reformulating_opens_a_new_round_and_keeps_the_history(
    online_round: Round, council: Council, secretary: Any
) -> None:
    take(online_round, council.company, "object", "trop vague")
    services.close_round(online_round, by=secretary, now=after(online_round))
    proposal = Proposal.objects.get()
    assert "Non adoptée" in Round.objects.get(pk=online_round.pk).outcome_detail["explanation"]
    second = services.open_round(proposal, method="online", text="Le pôle adopte, précisément…", by=secretary)
    assert second.number == 2
    assert proposal.rounds.count() == 2
    assert online_round.positions.count() == 1


def test_reformulating_with_the_same_text_is_refused(online_round: Round, council: Council, secretary: Any) -> None:
    services.close_round(online_round, by=secretary, now=after(online_round))
    proposal = Proposal.objects.get()
    assert "Reformulez" in refused(lambda: services.open_round(proposal, method="online", by=secretary))
    assert proposal.rounds.count() == 1


def test_an_open_proposal_is_not_edited_in_place(online_round: Round, secretary: Any) -> None:
    proposal = online_round.proposal
    assert "ne se modifie plus" in refused(lambda: services.update_proposal(proposal, {"title": "Autre"}, by=secretary))
    proposal.refresh_from_db()
    assert proposal.title == "Adopter le référentiel"


def test_postponing_ends_the_open_round_and_allows_a_new_one(online_round: Round, secretary: Any) -> None:
    proposal = services.postpone_proposal(online_round.proposal, reason="attendre le budget", by=secretary)
    online_round.refresh_from_db()
    assert proposal.status == Proposal.Status.POSTPONED and online_round.closed_at is not None
    assert online_round.outcome == ""
    assert services.open_round(proposal, method="online", by=secretary).number == 2


def test_a_withdrawn_proposal_takes_no_more_rounds(online_round: Round, secretary: Any) -> None:
    proposal = services.withdraw_proposal(online_round.proposal, by=secretary)
    assert "ne peut pas être ouvert" in refused(lambda: services.open_round(proposal, method="online", by=secretary))


def test_a_round_is_closed_only_once(online_round: Round, council: Council, secretary: Any) -> None:
    everyone_agrees(online_round, council)
    services.close_round(online_round, by=secretary, now=after(online_round))
    assert "déjà clôturé" in refused(lambda: services.close_round(online_round, by=secretary))
    assert Decision.objects.count() == 1


def test_a_meeting_of_another_body_is_refused(council: Council, make_proposal: Any, pole: Any, secretary: Any) -> None:
    group = services_body(pole)
    start = NOW - datetime.timedelta(days=1)
    other = Meeting.objects.create(body=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    proposal = make_proposal()
    message = refused(lambda: services.open_round(proposal, method="meeting", meeting=other, by=secretary))
    assert "organe" in message
    assert not proposal.rounds.exists()


def services_body(pole: Any) -> Any:
    from synergies.poles.models import Body

    return Body.objects.create(pole=pole, kind=Body.Kind.WORKING_GROUP, name="GT Outils", slug="gt-outils")
