"""The register: numbered per pôle and year, chained by hash, immutable, verified by `verify_register`, which names
the first entry a raw SQL edit has touched."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from synergies.decisions import services
from synergies.decisions.models import Decision, Round
from synergies.decisions.subjects import describe
from synergies.decisions.tests.conftest import Council, attend, user_of
from synergies.lib import hashchain
from synergies.meetings.models import Meeting
from synergies.poles.models import Modalities

pytestmark = pytest.mark.django_db


def adopt(
    pole: Any, committee: Any, council: Council, secretary: Any, day: datetime.date, title: str = "Décision"
) -> Decision:
    start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for seat in council.voting:
        attend(meeting, seat)
    round = services.record_past_decision(pole, meeting=meeting, title=title, text=f"Texte de {title}", by=secretary)
    return Decision.objects.get(round=round)


@pytest.fixture
def adopted(pole: Any, committee: Any, council: Council, secretary: Any) -> list[Decision]:
    return [
        adopt(pole, committee, council, secretary, datetime.date(2025, 5, 6), "Première"),
        adopt(pole, committee, council, secretary, datetime.date(2025, 9, 18), "Deuxième"),
        adopt(pole, committee, council, secretary, datetime.date(2026, 1, 8), "Troisième"),
    ]


def test_sequential_adoptions_get_consecutive_numbers_and_the_year_resets_them(adopted: list[Decision]) -> None:
    assert [d.reference for d in adopted] == ["CB-2025-001", "CB-2025-002", "CB-2026-001"]
    assert [d.sequence for d in adopted] == [1, 2, 3]


def test_each_entry_is_chained_to_the_previous(adopted: list[Decision]) -> None:
    assert adopted[0].previous_hash == hashchain.GENESIS
    assert adopted[1].previous_hash == adopted[0].hash
    assert adopted[2].hash == hashchain.link(adopted[1].hash, services.hashed_data(adopted[2]))


def test_the_hashed_data_holds_no_personal_name(adopted: list[Decision], council: Council) -> None:
    data = repr(services.hashed_data(adopted[0]))
    for seat in council.voting:
        for person in seat.people():
            assert person.last_name not in data


def test_an_adopted_decision_cannot_be_edited_or_deleted(adopted: list[Decision]) -> None:
    decision = adopted[0]
    decision.title = "Autre"
    with pytest.raises(ValidationError, match="ne se modifie pas"):
        decision.save()
    with pytest.raises(ValidationError):
        Decision.objects.filter(pk=decision.pk).update(title="Autre")
    with pytest.raises(ValidationError):
        decision.delete()
    assert Decision.objects.get(pk=decision.pk).title == "Première"


def test_verify_register_reports_an_intact_chain(adopted: list[Decision]) -> None:
    out = StringIO()
    call_command("verify_register", "CB", stdout=out)
    assert f"Registre intègre\u00a0: 3 décisions, dernière empreinte {adopted[2].hash}" in out.getvalue()


def test_verify_register_names_the_entry_a_raw_sql_edit_changed(adopted: list[Decision]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_decision SET text = %s WHERE id = %s", ["Texte de Deuxieme", adopted[1].pk])
    with pytest.raises(CommandError, match="CB-2025-002"):
        call_command("verify_register", "hainaut-centre/CB", stdout=StringIO(), stderr=StringIO())


def test_verify_register_detects_a_deleted_entry(adopted: list[Decision]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM decisions_decision WHERE id = %s", [adopted[1].pk])
    result = services.verify_register(adopted[0].pole)
    assert result.broken_at == "CB-2026-001"


def test_verify_register_all_checks_every_pole(adopted: list[Decision]) -> None:
    out = StringIO()
    call_command("verify_register", "--all", stdout=out)
    assert "3 décisions" in out.getvalue()


def test_a_correction_cites_the_old_decision_which_shows_it_is_corrected(
    adopted: list[Decision], council: Council, secretary: Any, client: Any
) -> None:
    old = adopted[0]
    proposal = services.start_correction(old, text="Texte corrigé", rationale="Erreur matérielle", by=secretary)
    round = services.open_round(proposal, method="online", by=secretary)
    for seat in (council.employment, council.training, council.education):
        user = user_of(seat)
        services.take_position(round, person=user.person, stance="agree", by=user)
    services.close_round(round, by=secretary)
    new = Decision.objects.get(round=round)
    assert new.corrects == old and services.hashed_data(new)["corrects"] == old.reference
    assert Decision.objects.get(pk=old.pk).text == "Texte de Première"
    page = client.get(old.get_absolute_url()).content.decode()
    assert "Corrigée par" in page and new.reference in page


def test_a_decision_links_to_its_subject(pole: Any, council: Council, secretary: Any, make_proposal: Any) -> None:
    modalities = Modalities.objects.create(
        pole=pole, version=1, text="Modalités", adopted_on=datetime.date(2026, 1, 10)
    )
    proposal = services.create_proposal(
        pole, {"title": "Modalités v1", "text": "Le pôle adopte ses modalités."}, subject=modalities, by=secretary
    )
    round = services.open_round(proposal, method="online", by=secretary)
    for seat in (council.employment, council.training, council.education):
        user = user_of(seat)
        services.take_position(round, person=user.person, stance="agree", by=user)
    services.close_round(round, by=secretary)
    decision = Decision.objects.about(modalities).get()
    assert services.hashed_data(decision)["subject"] == f"poles.modalities:{modalities.pk}"
    assert describe(decision.subject) == {
        "label": "Modalités de fonctionnement, version 1",
        "url": "/poles/hainaut-centre/CB/modalites/",
    }
    assert Round.objects.get(pk=round.pk).outcome == Round.Outcome.ADOPTED


def test_verify_register_names_the_entry_whose_recorded_reservation_was_edited(
    pole: Any, committee: Any, council: Council, secretary: Any, make_proposal: Any
) -> None:
    start = datetime.datetime(2025, 6, 3, 9, 30, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for seat in council.voting:
        attend(meeting, seat)
    round = services.open_round(make_proposal(), method="meeting", meeting=meeting, by=secretary)
    services.record_meeting_positions(
        round, [services.Entry(council.company, "reservation", "Sous réserve du budget 2026.")], by=secretary
    )
    services.note_consensus(round, by=secretary)
    decision = Decision.objects.get(round=round)
    call_command("verify_register", "hainaut-centre/CB", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_position SET text = %s WHERE round_id = %s", ["Sans réserve.", round.pk])
    with pytest.raises(CommandError, match=decision.reference):
        call_command("verify_register", "hainaut-centre/CB", stdout=StringIO(), stderr=StringIO())
