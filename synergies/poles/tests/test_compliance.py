"""From the database to the engine's facts: where organisations are, who holds the seats, on which day; and the
`pole_compliance` command."""

from __future__ import annotations

import datetime
import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from synergies.basins.models import Basin, Commune
from synergies.poles import services
from synergies.poles.compliance import compliance_of, pole_facts, seat_fact, simulate
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.tests.conftest import TODAY, MakeOrganisation, MakeSeat
from synergies.testing.factories import BodyFactory, OrganisationFactory, PersonFactory, PoleFactory, SeatFactory

pytestmark = pytest.mark.django_db

R4 = {"R4-employment", "R4-training", "R4-education"}


@pytest.fixture
def working_group(pole: Pole, secretary: Any) -> Body:
    with freeze_time(TODAY):
        return services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)


def rule(pole: Pole, rule_id: str, day: datetime.date = TODAY) -> Any:
    [found] = [r for r in compliance_of(pole, day).results if r.id == rule_id]
    return found


# --- where an organisation is ----------------------------------------------------------------------------------


def test_the_complete_committee_is_compliant(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    compliance = compliance_of(pole, TODAY)
    assert compliance.compliant, compliance.failing()
    assert rule(pole, "R3c").seats == [compliant_pole["secondary_school"].pk]


@pytest.mark.parametrize(
    ("type", "rule_id"),
    [("company", "R3a"), ("cpas", "R3b"), ("secondary_school", "R3c")],
    ids=["a-company", "an-employment-operator", "a-school"],
)
def test_an_organisation_with_sites_only_in_namur_is_not_in_the_basin(
    pole: Pole,
    committee: Body,
    make_organisation: MakeOrganisation,
    make_seat: MakeSeat,
    namur: Commune,
    type: str,
    rule_id: str,
) -> None:
    """Located from its sites' communes, not from the basin whose directory lists it."""
    organisation = make_organisation(type, namur, name="Opérateur namurois")
    assert organisation.basin.code == "hainaut-centre"
    make_seat(committee, organisation)
    result = rule(pole, rule_id)
    assert not result.ok
    assert result.explanation == "Opérateur namurois n’a aucune implantation dans le bassin."


def test_one_site_in_the_basin_is_enough(
    pole: Pole, committee: Body, make_organisation: MakeOrganisation, make_seat: MakeSeat, namur: Commune, mons: Commune
) -> None:
    make_seat(committee, make_organisation("secondary_school", namur, mons))
    assert rule(pole, "R3c").ok


def test_an_organisation_without_any_site_is_not_in_the_basin(pole: Pole, committee: Body, make_seat: MakeSeat) -> None:
    make_seat(committee, OrganisationFactory.create(type="company"))
    assert not rule(pole, "R3a").ok


def test_a_pole_of_namur_counts_the_organisations_located_in_namur(
    other_basin: Basin, make_organisation: MakeOrganisation, make_seat: MakeSeat, namur: Commune, mons: Commune
) -> None:
    namur_pole = PoleFactory.create(basin=other_basin, code="CB")
    committee = BodyFactory.create(pole=namur_pole)
    make_seat(committee, make_organisation("company", namur))
    make_seat(committee, make_organisation("cpas", mons))
    compliance = compliance_of(namur_pole, TODAY)
    assert "R3a" not in compliance.failing_ids()
    assert "R3b" in compliance.failing_ids()


def test_an_organisation_outside_the_basin_still_represents_its_component(
    pole: Pole, compliant_pole: dict[str, Seat], namur: Commune
) -> None:
    school = compliant_pole["secondary_school"].organisation
    assert school is not None
    school.sites.update(commune=namur)
    assert compliance_of(pole, TODAY).failing_ids() == {"R3c"}


# --- competence in the theme (R3c) -----------------------------------------------------------------------------


def test_a_school_not_declared_competent_in_the_theme_fails_r3c_only(
    pole: Pole, compliant_pole: dict[str, Seat]
) -> None:
    Seat.objects.filter(pk=compliant_pole["secondary_school"].pk).update(competent_in_theme=False)
    compliance = compliance_of(pole, TODAY)
    assert compliance.failing_ids() == {"R3c"}
    assert "n’est pas déclaré compétent dans la thématique du pôle" in compliance.failing()[0].explanation


def test_competence_is_read_from_the_seat_not_from_the_organisation(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    working_group: Body,
    make_seat: MakeSeat,
) -> None:
    school_seat = compliant_pole["secondary_school"]
    Seat.objects.filter(pk=school_seat.pk).update(competent_in_theme=False)
    make_seat(working_group, school_seat.organisation, competent_in_theme=True)
    assert compliance_of(pole, TODAY).compliant


# --- bodies -----------------------------------------------------------------------------------------------------


def test_designated_working_group_seats_count_for_r3_but_not_for_r4(
    pole: Pole, working_group: Body, make_organisation: MakeOrganisation, make_seat: MakeSeat
) -> None:
    for type in ["company", "cpas", "forem_training", "secondary_school"]:
        make_seat(working_group, make_organisation(type), designation_reference="IB-2025-09")
    compliance = compliance_of(pole, TODAY)
    assert compliance.failing_ids() == R4
    assert all(
        r.explanation == "Aucun siège en vigueur du comité ne relève de cette composante." for r in compliance.failing()
    )


def test_outside_members_of_a_working_group_the_instance_did_not_designate_count_for_nothing(
    pole: Pole, working_group: Body, make_organisation: MakeOrganisation, make_seat: MakeSeat
) -> None:
    for type in ["company", "cpas", "forem_training", "secondary_school"]:
        make_seat(working_group, make_organisation(type), designation_reference="", designation_date=None)
    assert {"R3a", "R3b", "R3c"} <= compliance_of(pole, TODAY).failing_ids()


def test_an_organisation_seated_as_a_resource_person_represents_no_category(
    pole: Pole, committee: Body, make_organisation: MakeOrganisation, make_seat: MakeSeat
) -> None:
    make_seat(
        committee, make_organisation("secondary_school"), origin=Seat.Origin.RESOURCE_PERSON, role=Seat.Role.MEMBER
    )
    assert {"R3c", "R4-education"} <= compliance_of(pole, TODAY).failing_ids()


def test_a_company_in_a_working_group_completes_the_committee(
    pole: Pole, compliant_pole: dict[str, Seat], working_group: Body
) -> None:
    company_seat = compliant_pole["company"]
    Seat.objects.filter(pk=company_seat.pk).update(body=working_group)
    assert compliance_of(pole, TODAY).compliant


def test_a_pole_without_a_steering_committee_says_so(make_organisation: MakeOrganisation, make_seat: MakeSeat) -> None:
    bare = PoleFactory.create()
    group = BodyFactory.create(pole=bare, kind=Body.Kind.WORKING_GROUP, name="Groupe")
    make_seat(group, make_organisation("cpas"))
    compliance = compliance_of(bare, TODAY)
    assert compliance.failing_ids() >= R4
    assert {r.explanation for r in compliance.failing() if r.id in R4} == {"Le pôle n’a pas de comité de pilotage."}


def test_the_seats_of_another_pole_do_not_count(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    other = PoleFactory.create()
    BodyFactory.create(pole=other)
    assert compliance_of(pole, TODAY).compliant
    assert compliance_of(other, TODAY).failing_ids() == {"R3a", "R3b", "R3c", *R4}


# --- who holds the seat -----------------------------------------------------------------------------------------


def test_a_vacant_seat_does_not_count_and_warns(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    Seat.objects.filter(pk=compliant_pole["cpas"].pk).update(representative=None)
    compliance = compliance_of(pole, TODAY)
    assert compliance.failing_ids() == {"R4-employment"}
    assert compliance.warnings == ["Siège vacant (ni représentant·e ni suppléant·e)\u00a0: CPAS de Mons."]


def test_a_seat_held_by_its_substitute_alone_counts(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    seat = compliant_pole["cpas"]
    Seat.objects.filter(pk=seat.pk).update(representative=None, substitute=seat.representative)
    compliance = compliance_of(pole, TODAY)
    assert compliance.compliant
    assert compliance.warnings == []


def test_resource_persons_and_observers_do_not_count(
    pole: Pole, committee: Body, compliant_pole: dict[str, Seat], make_seat: MakeSeat
) -> None:
    school_seat = compliant_pole["secondary_school"]
    Seat.objects.filter(pk=school_seat.pk).update(role=Seat.Role.OBSERVER)
    make_seat(committee, school_seat.organisation, role=Seat.Role.RESOURCE_PERSON)
    make_seat(committee, None, role=Seat.Role.MEMBER)
    assert compliance_of(pole, TODAY).failing_ids() == {"R3c", "R4-education"}


def test_the_facts_of_a_personal_seat(pole: Pole, committee: Body, make_seat: MakeSeat) -> None:
    seat = make_seat(committee, None, role=Seat.Role.RESOURCE_PERSON)
    [fact] = pole_facts(pole)
    assert fact == seat_fact(seat, pole)
    assert (fact.organisation, fact.category, fact.component, fact.located_in_basin) == (None, None, None, False)
    assert fact.held
    assert fact.body_kind == "steering_committee"


# --- dates --------------------------------------------------------------------------------------------------------


def test_compliance_can_be_asked_for_any_past_date(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    make_seat: MakeSeat,
    committee: Body,
    make_organisation: MakeOrganisation,
) -> None:
    """The school left at the end of 2025; another one joined on 1 February 2026."""
    Seat.objects.filter(pk=compliant_pole["secondary_school"].pk).update(end=datetime.date(2025, 12, 31))
    successor = make_seat(
        committee, make_organisation("adult_education", name="Promotion sociale"), start=datetime.date(2026, 2, 1)
    )
    assert compliance_of(pole, datetime.date(2025, 3, 1)).compliant
    assert compliance_of(pole, datetime.date(2025, 2, 28)).failing_ids() == {"R3a", "R3b", "R3c", *R4}
    assert compliance_of(pole, datetime.date(2025, 12, 31)).compliant
    assert compliance_of(pole, datetime.date(2026, 1, 1)).failing_ids() == {"R3c", "R4-education"}
    assert compliance_of(pole, datetime.date(2026, 1, 31)).failing_ids() == {"R3c", "R4-education"}
    after = compliance_of(pole, datetime.date(2026, 2, 1))
    assert after.compliant
    assert rule(pole, "R3c", datetime.date(2026, 2, 1)).seats == [successor.pk]


def test_compliance_is_asked_for_today_by_default(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    Seat.objects.filter(pk=compliant_pole["company"].pk).update(end=datetime.date(2026, 6, 30))
    with freeze_time("2026-06-30"):
        assert compliance_of(pole).compliant
        assert compliance_of(pole).day == datetime.date(2026, 6, 30)
    with freeze_time("2026-07-01"):
        assert compliance_of(pole).failing_ids() == {"R3a"}


def test_the_seats_of_a_closed_working_group_stop_counting(
    pole: Pole, compliant_pole: dict[str, Seat], working_group: Body
) -> None:
    """Closed on 1 April, like a pôle closed on a day: its seats no longer count from that day."""
    company_seat = compliant_pole["company"]
    Seat.objects.filter(pk=company_seat.pk).update(body=working_group)
    Body.objects.filter(pk=working_group.pk).update(closed_on=datetime.date(2026, 4, 1))
    assert compliance_of(pole, datetime.date(2026, 3, 31)).compliant
    assert compliance_of(pole, datetime.date(2026, 4, 1)).failing_ids() == {"R3a"}


def test_compliance_takes_a_fixed_number_of_queries(
    pole: Pole,
    committee: Body,
    compliant_pole: dict[str, Seat],
    make_organisation: MakeOrganisation,
    make_seat: MakeSeat,
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(4):
        compliance_of(pole, TODAY)
    for type in ["cisp", "mire", "cefa", "trade_union", "expert"]:
        make_seat(committee, make_organisation(type), substitute=PersonFactory.create())
    with django_assert_num_queries(4):
        compliance_of(pole, TODAY)


# --- simulation --------------------------------------------------------------------------------------------------


def test_simulating_a_new_seat_does_not_save_it(
    pole: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    seat = Seat(
        body=committee,
        organisation=make_organisation("secondary_school"),
        representative=PersonFactory.create(),
        origin=Seat.Origin.INSTANCE,
        start=datetime.date(2025, 3, 1),
        designation_reference="IB-2025-04",
    )
    assert {"R3c", "R4-education"} & simulate(pole, add=seat, day=TODAY).failing_ids() == set()
    assert Seat.objects.count() == 0


def test_simulating_a_change_replaces_the_saved_version(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    seat = Seat.objects.get(pk=compliant_pole["cpas"].pk)
    seat.end = TODAY - datetime.timedelta(days=1)
    assert simulate(pole, add=seat, day=TODAY).failing_ids() == {"R4-employment"}
    assert compliance_of(pole, TODAY).compliant


def test_simulating_a_removal(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    assert simulate(pole, remove=compliant_pole["company"], day=TODAY).failing_ids() == {"R3a"}


def test_simulating_the_first_committee_seat_of_a_pole_without_committee(
    make_organisation: MakeOrganisation,
) -> None:
    bare = PoleFactory.create()
    committee = Body(pole=bare, kind=Body.Kind.STEERING_COMMITTEE, name="Comité", slug="comite")
    seat = SeatFactory.build(
        body=committee, organisation=make_organisation("cpas"), representative=PersonFactory.create()
    )
    compliance = simulate(bare, add=seat, day=TODAY)
    assert "R4-employment" not in compliance.failing_ids()
    assert "Le pôle n’a pas de comité de pilotage." not in {r.explanation for r in compliance.results}


# --- the command ------------------------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("pole_compliance", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_verdict_and_each_rule(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    Seat.objects.filter(pk=compliant_pole["company"].pk).delete()
    output = run("CB", "--at", "2026-01-15")
    lines = output.splitlines()
    assert lines[0] == "Compétences de base (Hainaut-Centre) au 15/01/2026\u00a0: NON CONFORME"
    assert lines[1].startswith("  ✗ R3a ")
    assert lines[2].startswith("      → Il manque une entreprise locale")
    assert any(line.startswith("  ✓ R3b ") for line in lines)
    assert any(line.startswith("  ✓ R4-education ") for line in lines)


def test_the_command_reads_today_by_default(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    with freeze_time("2026-01-15"):
        output = run("cb")
    assert output.splitlines()[0] == "Compétences de base (Hainaut-Centre) au 15/01/2026\u00a0: CONFORME"


def test_the_command_prints_the_warnings(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    Seat.objects.filter(pk=compliant_pole["cpas"].pk).update(representative=None)
    output = run("CB", "--at", "2026-01-15")
    assert "  ! Siège vacant (ni représentant·e ni suppléant·e)\u00a0: CPAS de Mons." in output.splitlines()


def test_the_command_gives_json_for_a_past_date(pole: Pole, compliant_pole: dict[str, Seat]) -> None:
    Seat.objects.filter(pk=compliant_pole["secondary_school"].pk).update(end=datetime.date(2025, 12, 31))
    before = json.loads(run("hainaut-centre/CB", "--at", "2025-12-31", "--json"))
    after = json.loads(run("hainaut-centre/CB", "--at", "2026-01-01", "--json"))
    assert before["pole"] == "CB"
    assert before["basin"] == "hainaut-centre"
    assert before["name"] == "Compétences de base"
    assert before["date"] == "2025-12-31"
    assert before["compliant"] is True
    assert before["verdict"] == "conforme"
    assert before["warnings"] == []
    assert [r["id"] for r in before["rules"]] == [
        "R3a",
        "R3b",
        "R3c",
        "R4-employment",
        "R4-training",
        "R4-education",
    ]
    assert set(before["rules"][0]) == {"id", "ok", "label", "explanation", "fix", "seats"}
    assert before["rules"][2]["seats"] == [compliant_pole["secondary_school"].pk]
    assert after["date"] == "2026-01-01"
    assert after["compliant"] is False
    assert after["verdict"] == "non conforme"
    assert {r["id"] for r in after["rules"] if not r["ok"]} == {"R3c", "R4-education"}
    [r3c] = [r for r in after["rules"] if r["id"] == "R3c"]
    assert r3c["seats"] == []
    assert r3c["fix"].startswith("Il manque un opérateur d’enseignement qualifiant")


def test_the_command_refuses_an_unknown_pole(pole: Pole) -> None:
    with pytest.raises(CommandError, match="Aucun pôle «\u00a0XYZ\u00a0»"):
        run("XYZ")
    with pytest.raises(CommandError, match="Aucun pôle «\u00a0namur/CB\u00a0»"):
        run("namur/CB")


def test_the_command_asks_for_the_basin_when_the_code_is_ambiguous(pole: Pole, other_basin: Basin) -> None:
    PoleFactory.create(basin=other_basin, code="CB", name="Compétences de base (Namur)")
    with pytest.raises(
        CommandError, match=re.escape("Plusieurs bassins ont un pôle «\u00a0CB\u00a0»\u00a0: précisez bassin/code.")
    ):
        run("CB")
    assert json.loads(run("namur/cb", "--json", "--at", "2026-01-15"))["name"] == "Compétences de base (Namur)"
    assert json.loads(run("hainaut-centre/CB", "--json", "--at", "2026-01-15"))["name"] == "Compétences de base"


@pytest.mark.parametrize("bad", ["2026-13-01", "15/01/2026", "hier"])
def test_the_command_refuses_a_bad_date(pole: Pole, bad: str) -> None:
    with pytest.raises(CommandError, match=re.escape(f"Date invalide «\u00a0{bad}\u00a0»\u00a0: attendu AAAA-MM-JJ.")):
        run("CB", "--at", bad)
