"""The governance of the demo pôle « Compétences de base », as `manage.py load_demo` leaves it: the steering
committee's meetings and minutes (R5), the decision register (R6) and the transmissions to the Instance.

The demo is loaded once for the module (it renders some forty PDFs): inside one transaction that is rolled back when
the module ends, with the callbacks queued on commit run as they would be in production (the immediate task backend
then freezes the approved minutes). Each test runs in its own savepoint within it.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from synergies.decisions.models import Decision, Method, Proposal, Round
from synergies.meetings.cadence import cadence_of
from synergies.meetings.models import Meeting, Minutes
from synergies.poles.models import Body, Modalities, Pole
from synergies.transmissions.models import Response, Transmission

pytestmark = pytest.mark.django_db

DEMO_YEARS = range(2019, 2027)
# What the governance demo writes: none of it may be written twice.
GOVERNANCE_MODELS = [
    "poles.Modalities",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Attendance",
    "meetings.Minutes",
    "meetings.MinutesRemark",
    "decisions.Proposal",
    "decisions.Round",
    "decisions.Position",
    "decisions.Decision",
    "transmissions.Transmission",
    "transmissions.Response",
    "transmissions.Event",
]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def pole(demo_output: str) -> Pole:
    return Pole.objects.select_related("basin").get(basin__code="hainaut-centre", code="CB")


@pytest.fixture
def committee_meetings(pole: Pole) -> list[Meeting]:
    return list(
        Meeting.objects.of_pole(pole)
        .filter(body__kind=Body.Kind.STEERING_COMMITTEE)
        .select_related("minutes")
        .order_by("starts_at")
    )


@pytest.fixture
def held(committee_meetings: list[Meeting]) -> list[Meeting]:
    return [m for m in committee_meetings if m.status == Meeting.Status.HELD]


@pytest.fixture
def register(pole: Pole) -> list[Decision]:
    return list(Decision.objects.of_pole(pole).order_by("sequence"))


def test_the_steering_committee_held_three_to_four_meetings_in_each_year_of_the_demo(
    pole: Pole, held: list[Meeting]
) -> None:
    per_year = Counter(m.day.year for m in held)

    assert set(per_year) == set(DEMO_YEARS)
    assert all(3 <= per_year[year] <= 4 for year in DEMO_YEARS), per_year
    assert all(not cadence_of(pole, year).at_risk for year in DEMO_YEARS)


def test_the_next_committee_meeting_is_planned_in_the_future_in_the_first_quarter_of_2027(
    committee_meetings: list[Meeting],
) -> None:
    now = timezone.now()
    ahead = [m for m in committee_meetings if m.starts_at > now]

    assert [m.status for m in ahead] == [Meeting.Status.PLANNED]
    assert ahead[0].agenda_items.exists()
    if timezone.localdate() < datetime.date(2027, 3, 11):  # the demo plans a quarter ahead once that date is near
        assert ahead[0].day.year == 2027 and ahead[0].day.month <= 3


def test_every_held_committee_meeting_but_the_latest_has_approved_minutes_frozen_as_a_pdf_matching_its_hash(
    held: list[Meeting],
) -> None:
    earlier = held[:-1]
    assert len(earlier) >= 20

    for meeting, following in itertools.pairwise(held):
        minutes = meeting.minutes
        assert minutes.status == Minutes.Status.APPROVED, meeting
        assert minutes.approved_at_meeting_id == following.pk, meeting
        assert minutes.pdf and len(minutes.pdf_sha256) == 64, meeting
        with minutes.pdf.open("rb") as pdf:
            content = pdf.read()
        assert content.startswith(b"%PDF"), meeting
        assert hashlib.sha256(content).hexdigest() == minutes.pdf_sha256, meeting


def test_the_latest_committee_minutes_are_circulated_and_open_to_remarks(held: list[Meeting]) -> None:
    minutes = held[-1].minutes

    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.remarks_until is not None and minutes.remarks_until >= timezone.localdate()
    assert not minutes.pdf and not minutes.pdf_sha256
    assert minutes.remarks.filter(status="open").count() == 1


def test_the_register_holds_about_thirty_decisions_and_verify_register_reports_it_intact(
    pole: Pole, register: list[Decision]
) -> None:
    out = io.StringIO()

    call_command("verify_register", f"{pole.basin.code}/{pole.code}", stdout=out)

    assert 25 <= len(register) <= 35
    report = " ".join(out.getvalue().split())  # the French colon follows a no-break space
    assert f"{pole.basin.code}/{pole.code} — Registre intègre : {len(register)} décisions" in report
    assert report.endswith(f"dernière empreinte {register[-1].hash}")
    assert [d.sequence for d in register] == list(range(1, len(register) + 1))
    assert all(d.previous_hash == before.hash for before, d in itertools.pairwise(register))


def test_the_register_numbering_restarts_each_year(register: list[Decision], pole: Pole) -> None:
    numbers: dict[int, list[int]] = {}
    for decision in register:
        numbers.setdefault(decision.year, []).append(decision.number)
        assert decision.year == decision.decided_on.year
        assert decision.reference == f"{pole.code}-{decision.year}-{decision.number:03d}"

    assert set(numbers) == set(DEMO_YEARS)
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values()), numbers
    assert [d.decided_on for d in register] == sorted(d.decided_on for d in register)


def test_each_version_of_the_operating_modalities_is_adopted_by_a_decision_of_the_register(pole: Pole) -> None:
    versions = list(Modalities.objects.filter(pole=pole).order_by("version"))

    assert versions and versions[0].version == 1
    for modalities in versions:
        adopted = list(Decision.objects.about(modalities))
        assert len(adopted) == 1, modalities.version
        assert "modalités de fonctionnement" in adopted[0].title.lower()
        assert adopted[0].decided_on == modalities.adopted_on


def test_every_decision_on_the_operating_modalities_is_linked_to_the_version_it_adopts(pole: Pole) -> None:
    about_modalities = Decision.objects.of_pole(pole).filter(title__icontains="modalités de fonctionnement")

    assert about_modalities.count() >= 2
    assert all(d.subject_type_id and isinstance(d.subject, Modalities) for d in about_modalities)


def test_exactly_one_written_procedure_is_open_and_it_closes_in_the_future(pole: Pole) -> None:
    open_rounds = list(Round.objects.filter(proposal__pole=pole, closed_at__isnull=True).select_related("proposal"))

    assert [r.method for r in open_rounds] == [Method.WRITTEN]
    written = open_rounds[0]
    assert written.proposal.status == Proposal.Status.OPEN
    assert written.deadline is not None and written.deadline > timezone.now()
    assert written.positions.current().exists()
    assert not Decision.objects.filter(proposal=written.proposal).exists()


def test_transmissions_were_answered_with_several_verdicts_and_one_awaits_its_answer(pole: Pole) -> None:
    transmissions = Transmission.objects.of_pole(pole)
    verdicts = set(Response.objects.filter(transmission__pole=pole).values_list("verdict", flat=True))

    assert len(verdicts) >= 3
    assert verdicts <= set(Response.Verdict.values)
    awaiting = list(transmissions.awaiting_answer())
    assert len(awaiting) == 1
    assert not Response.objects.filter(transmission=awaiting[0]).exists()
    assert transmissions.with_status(Transmission.Status.ANSWERED).count() == transmissions.count() - 1
    assert all(Decision.objects.filter(pk=t.subject_id, pole=pole).exists() for t in transmissions)


def test_loading_the_demo_a_second_time_adds_nothing(demo_output: str) -> None:
    def counts() -> dict[str, int]:
        return {label: apps.get_model(label).objects.count() for label in GOVERNANCE_MODELS}

    before = counts()

    output = load_demo()

    assert counts() == before
    assert all(before.values()), before
    assert "Données de démonstration chargées." in output and "Données de démonstration chargées." in demo_output
