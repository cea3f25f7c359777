"""The governance of the demo pôle « Compétences de base », as `manage.py load_demo` leaves it: the steering
committee's meetings and minutes (R5), the decision register (R6), the transmissions to the Instance, and the
basic-skills referential its decisions adopted (R9).

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
from synergies.skills.demo import read_changes
from synergies.skills.diff import diff_versions
from synergies.skills.models import FrameworkVersion, Mapping, Node
from synergies.skills.services.versions import read_seed
from synergies.transmissions.models import Response, Transmission
from synergies.transmissions.subjects import transmissions_of

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
    "skills.Framework",
    "skills.FrameworkVersion",
    "skills.Concept",
    "skills.Node",
    "skills.LevelDescriptor",
    "skills.Mapping",
    "skills.Change",
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


# --- the referential ----------------------------------------------------------------------------------------------


@pytest.fixture
def referential(pole: Pole) -> dict[str, FrameworkVersion]:
    return {v.number: v for v in FrameworkVersion.objects.filter(framework__pole=pole).select_related("decision")}


def _seed_rows(concepts: list[dict[str, Any]], parent: str = "") -> list[tuple[str, str, str, str]]:
    rows = []
    for item in concepts:
        rows.append((item["code"], parent, item["label"], item.get("definition", "")))
        rows.extend(_seed_rows(item.get("children", []), item["code"]))
    return rows


def _version_rows(version: FrameworkVersion) -> list[tuple[str, str, str, str]]:
    from synergies.skills.tree import load_tree

    nodes = {n.pk: n for n in Node.objects.filter(version=version).select_related("concept", "parent__concept")}
    return [
        (
            b.code,
            nodes[b.node.pk].parent.concept.code if nodes[b.node.pk].parent else "",
            b.node.label,
            nodes[b.node.pk].definition,
        )
        for root in load_tree(version)
        for b in root.walk()
    ]


def test_the_demo_referential_was_adopted_in_1_0_then_1_1_each_by_a_decision_of_the_register_and_transmitted(
    referential: dict[str, FrameworkVersion],
) -> None:
    assert set(referential) == {"1.0", "1.1"}
    v10, v11 = referential["1.0"], referential["1.1"]
    assert (v10.status, v10.released_on, v10.superseded_on) == (
        "superseded",
        datetime.date(2020, 12, 10),
        datetime.date(2024, 6, 13),
    )
    assert (v11.status, v11.released_on) == ("adopted", datetime.date(2024, 6, 13))
    for version in (v10, v11):
        decision = version.decision
        assert decision is not None and decision.subject == version
        assert decision.decided_on == version.released_on
        assert version.number in decision.title
        assert len(version.content_hash) == 64
        assert transmissions_of(decision).exists()


def test_the_demo_version_1_1_is_the_seed_proposal_of_the_design(referential: dict[str, FrameworkVersion]) -> None:
    assert _version_rows(referential["1.1"]) == _seed_rows(read_seed()["concepts"])


def test_the_diff_between_the_demo_versions_shows_exactly_the_changes_of_1_1(
    referential: dict[str, FrameworkVersion],
) -> None:
    shape = read_changes()
    changes = diff_versions(referential["1.0"], referential["1.1"])
    merged = {code for change in shape["changes"] if change["op"] == "merge" for code in change["codes"]}

    assert {c.code for c in changes.added} == set(shape["omit"])
    assert {c.code for c in changes.removed} == merged
    assert {c.code for c in changes.renamed} == set(shape["labels"])
    assert {c.code for c in changes.moved} == set(shape["parents"])
    assert {c.code for c in changes.redefined} == set(shape["definitions"])
    assert changes.detailed == []
    removed = changes.removed[0]
    assert removed.lineage and removed.lineage[0].startswith("CB-PER-03")
    assert [(c.old_parent, c.new_parent) for c in changes.moved] == [("SB", "SE")]


def test_the_demo_version_1_1_logs_each_of_its_changes_with_a_reason_dated_before_its_adoption(
    referential: dict[str, FrameworkVersion],
) -> None:
    v11 = referential["1.1"]
    log = list(v11.changes.order_by("at", "pk"))
    operations = Counter(c.operation for c in log)

    assert all(c.reason.strip() and c.at.date() < v11.released_on for c in log)
    for op in ("create", "add", "rename", "edit", "move", "merge", "split"):
        assert operations[op] >= 1, op


def test_most_demo_concepts_have_validated_crosswalks_that_resolve_to_imported_esco_skills(
    referential: dict[str, FrameworkVersion],
) -> None:
    competences = list(Node.objects.filter(version=referential["1.1"], kind="competence"))
    mappings = list(
        Mapping.objects.filter(source__version=referential["1.1"]).select_related(
            "target__version__framework", "target__concept"
        )
    )
    mapped = {m.source_id for m in mappings if m.target.version.framework.slug == "esco"}

    assert len(mapped) >= 0.8 * len(competences)
    assert all(m.is_validated for m in mappings)
    assert all(
        m.target.concept.uri.startswith("http://data.europa.eu/esco/")
        for m in mappings
        if m.target.version.framework.slug == "esco"
    )
    assert {m.target.version.framework.slug for m in mappings} >= {"esco", "digcomp"}
