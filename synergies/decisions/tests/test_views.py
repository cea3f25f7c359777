"""The decisions' screens, each both ways: who may and who may not; what the public sees and never sees; bad input
refused in French with nothing saved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.decisions import services
from synergies.decisions.models import Decision, Position, Proposal, Round
from synergies.decisions.tests.conftest import Council, attend, user_of
from synergies.decisions.tests.test_register import adopt
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

KW = {"basin": "hainaut-centre", "code": "CB"}


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={**KW, **kwargs})


def client_of(user: Any) -> Client:
    return log_in(Client(), user)


@pytest.fixture
def decisions(pole: Any, committee: Any, council: Council, secretary: Any) -> tuple[Decision, Decision]:
    public = adopt(pole, committee, council, secretary, datetime.date(2025, 10, 2), "Référentiel des compétences")
    proposal = services.create_proposal(
        pole, {"title": "Budget interne", "text": "Confidentiel", "is_public": False}, by=secretary
    )
    round = services.open_round(proposal, method="online", by=secretary)
    for seat in (council.employment, council.training, council.education):
        services.take_position(round, person=seat.representative, stance="agree", by=user_of(seat))
    services.close_round(round, by=secretary)
    return public, Decision.objects.get(round=round)


def test_the_public_register_shows_public_decisions_only(client: Client, decisions: tuple[Decision, Decision]) -> None:
    page = client.get(url("register")).content.decode()
    assert decisions[0].reference in page and decisions[1].reference not in page


def test_members_see_every_decision_in_the_register(member: Any, decisions: tuple[Decision, Decision]) -> None:
    page = client_of(member).get(url("register")).content.decode()
    assert decisions[0].reference in page and decisions[1].reference in page


def test_the_register_search_ignores_accents_and_case(client: Client, decisions: tuple[Decision, Decision]) -> None:
    assert decisions[0].reference in client.get(url("register"), {"q": "REFERENTIEL"}).content.decode()
    assert decisions[0].reference not in client.get(url("register"), {"q": "budget"}).content.decode()


def test_the_register_filters_by_year_and_kind(client: Client, decisions: tuple[Decision, Decision]) -> None:
    assert decisions[0].reference in client.get(url("register"), {"annee": "2025"}).content.decode()
    assert decisions[0].reference not in client.get(url("register"), {"nature": "orientation"}).content.decode()


def test_a_non_public_decision_is_not_found_by_the_public(
    client: Client, outsider: Any, member: Any, decisions: tuple[Decision, Decision]
) -> None:
    private = decisions[1]
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client_of(outsider).get(private.get_absolute_url()).status_code == 404
    assert client_of(member).get(private.get_absolute_url()).status_code == 200


def test_a_decision_page_shows_its_hash_and_its_predecessors(
    client: Client, decisions: tuple[Decision, Decision]
) -> None:
    page = client.get(decisions[0].get_absolute_url()).content.decode()
    assert decisions[0].hash in page and decisions[0].previous_hash in page
    assert "Texte de Référentiel des compétences" in page


def test_the_export_lists_public_decisions_only(client: Client, decisions: tuple[Decision, Decision]) -> None:
    body = client.get(url("register_export", fmt="csv")).getvalue().decode("utf-8-sig")
    assert decisions[0].reference in body and decisions[1].reference not in body
    payload = client.get(url("register_export", fmt="json")).json()
    assert [d["reference"] for d in payload["decisions"]] == [decisions[0].reference]


def test_the_public_sees_nothing_of_proposals(client: Client, outsider: Any, written_round: Round) -> None:
    assert client.get(url("proposals")).status_code == 302
    assert client_of(outsider).get(url("proposal", pk=written_round.proposal_id)).status_code == 403


def test_members_see_who_took_which_position(member: Any, written_round: Round, council: Council) -> None:
    services.take_position(written_round, person=council.training.representative, stance="stand_aside", by=None)
    page = client_of(member).get(url("proposal", pk=written_round.proposal_id)).content.decode()
    assert "Le Forem Formation" in page and "Fanny Forem" in page


def test_a_member_takes_a_position_through_the_form(member: Any, written_round: Round) -> None:
    response = client_of(member).post(url("position", pk=written_round.proposal_id), {"stance": "agree"})
    assert response.status_code == 302
    assert Position.objects.current().get().stance == "agree"


def test_an_objection_without_reason_is_refused_next_to_the_field(member: Any, written_round: Round) -> None:
    response = client_of(member).post(url("position", pk=written_round.proposal_id), {"stance": "object", "text": ""})
    assert response.status_code == 400
    assert "Une objection doit être motivée" in response.content.decode()
    assert not Position.objects.exists()


def test_the_position_page_says_why_a_substitute_cannot_speak(written_round: Round, council: Council) -> None:
    services.take_position(written_round, person=council.employment.representative, stance="agree", by=None)
    substitute = client_of(user_of(council.employment, substitute=True))
    page = substitute.get(url("position", pk=written_round.proposal_id)).content.decode()
    assert "un·e suppléant·e ne remplace pas sa position" in page
    assert substitute.post(url("position", pk=written_round.proposal_id), {"stance": "agree"}).status_code == 400
    assert Position.objects.current().get().person == council.employment.representative


def test_the_secretariat_takes_no_position_of_its_own(secretary: Any, written_round: Round) -> None:
    assert (
        client_of(secretary).post(url("position", pk=written_round.proposal_id), {"stance": "agree"}).status_code == 403
    )


def test_only_the_secretariat_creates_proposals(secretary: Any, member: Any, committee: Any, council: Council) -> None:
    data = {"body": committee.pk, "kind": "decision", "title": "Nouvelle", "text": "Texte", "is_public": "on"}
    assert client_of(member).post(url("proposal_create"), data).status_code == 403
    assert not Proposal.objects.exists()
    assert client_of(secretary).post(url("proposal_create"), data).status_code == 302
    assert Proposal.objects.get().title == "Nouvelle"


def test_the_secretariat_opens_a_written_procedure(secretary: Any, make_proposal: Any, council: Council) -> None:
    proposal = make_proposal()
    response = client_of(secretary).post(
        url("round_open", pk=proposal.pk), {"method": "written", "text": proposal.text, "deadline": ""}
    )
    assert response.status_code == 302
    assert proposal.rounds.get().method == "written"


def test_another_basins_secretariat_cannot_close_a_round(other_secretary: Any, online_round: Round) -> None:
    assert client_of(other_secretary).post(url("round_close", pk=online_round.proposal_id)).status_code == 403
    online_round.refresh_from_db()
    assert online_round.closed_at is None


def test_the_secretariat_records_meeting_positions_then_closes(
    secretary: Any, meeting_round: Round, meeting: Any, council: Council
) -> None:
    for seat in council.voting:
        attend(meeting, seat)
    data = {f"stance_{s.pk}": "agree" for s in (council.employment, council.training, council.education)}
    data[f"stance_{council.company.pk}"] = "reservation"
    data[f"text_{council.company.pk}"] = "sous réserve du calendrier"
    client = client_of(secretary)
    assert client.post(url("meeting_positions", pk=meeting_round.proposal_id), data).status_code == 302
    assert Position.objects.current().count() == 4
    client.post(url("round_close", pk=meeting_round.proposal_id))
    decision = Decision.objects.get()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "sous réserve du calendrier" in page


def test_a_meeting_objection_without_reason_refuses_the_whole_form(
    secretary: Any, meeting_round: Round, meeting: Any, council: Council
) -> None:
    for seat in council.voting:
        attend(meeting, seat)
    data = {f"stance_{council.employment.pk}": "agree", f"stance_{council.company.pk}": "object"}
    response = client_of(secretary).post(url("meeting_positions", pk=meeting_round.proposal_id), data)
    assert response.status_code == 400
    assert "doit être motivée" in response.content.decode()
    assert not Position.objects.exists()


def test_consensus_noted_through_the_form_adopts(
    secretary: Any, meeting_round: Round, meeting: Any, council: Council
) -> None:
    for seat in council.voting:
        attend(meeting, seat)
    response = client_of(secretary).post(url("consensus", pk=meeting_round.proposal_id), {})
    assert response.status_code == 302
    assert Decision.objects.get().reference == "CB-2026-001"


def test_the_secretariat_starts_a_correction_and_members_cannot(
    secretary: Any, member: Any, decisions: tuple[Decision, Decision]
) -> None:
    target = url("decision_correct", reference=decisions[0].reference)
    data = {"text": "Texte corrigé", "rationale": "Coquille"}
    assert client_of(member).post(target, data).status_code == 403
    assert client_of(secretary).post(target, data).status_code == 302
    assert Proposal.objects.get(corrects=decisions[0]).text == "Texte corrigé"


def test_the_meeting_panel_lists_the_proposals_decided_there(
    rf: Any, member: Any, meeting_round: Round, meeting: Any, council: Council, secretary: Any
) -> None:
    from synergies.decisions.views.meetings import decided_here
    from synergies.meetings.panels import panels_for

    for seat in council.voting:
        attend(meeting, seat)
    services.note_consensus(meeting_round, by=secretary)
    request = rf.get("/")
    request.user = member
    context = decided_here(request, meeting)
    assert context is not None and [p.pk for p in context["decided_proposals"]] == [meeting_round.proposal_id]
    assert "decisions/includes/meeting_panel.html" in [p.template_name for p in panels_for(request, meeting)]
