"""The composition engine (R3, R4) on plain facts: a table of scenarios, then properties that hold for any pôle."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synergies.directory.types import TYPES
from synergies.poles.composition import Compliance, SeatFact, evaluate

DAY = datetime.date(2026, 1, 15)
ONE_DAY = datetime.timedelta(days=1)
LONG_AGO = datetime.date(2025, 3, 1)
R3 = {"R3a", "R3b", "R3c"}
R4 = {"R4-employment", "R4-training", "R4-education"}
ALL_RULES = R3 | R4
ROLES = ["chair", "vice_chair", "secretary", "member", "resource_person", "observer"]
COUNTED_ROLES = ["chair", "vice_chair", "secretary", "member"]
BODY_KINDS = ["steering_committee", "working_group"]
NAMES = {
    "company": "Entreprise Dubois",
    "cpas": "CPAS de Mons",
    "forem_training": "Le Forem Formation",
    "secondary_school": "Athénée royal de Mons",
}


def seat(
    type: str | None,
    *,
    body: str = "steering_committee",
    role: str = "member",
    located: bool = True,
    competent: bool = True,
    held: bool = True,
    start: datetime.date = LONG_AGO,
    end: datetime.date | None = None,
    name: str | None = None,
    seat_id: int | None = None,
) -> SeatFact:
    """A seat of an organisation of `type` (None: held personally), read the way compliance.py reads a Seat."""
    info = TYPES[type] if type else None
    return SeatFact(
        seat_id=seat_id,
        body_kind=body,
        role=role,
        organisation=(name or NAMES.get(type, type)) if type else None,
        category=info.category if info else None,
        component=info.component if info else None,
        located_in_basin=located,
        competent_in_theme=competent,
        held=held,
        start=start,
        end=end,
    )


def full(**overrides: dict[str, Any] | None) -> list[SeatFact]:
    """The smallest compliant committee: a company, a CPAS, the Forem's training and a qualifying school;
    `overrides` changes one of them (by type) or drops it (None)."""
    facts = []
    for type in NAMES:
        if type in overrides and overrides[type] is None:
            continue
        facts.append(seat(type, **(overrides.get(type) or {})))
    return facts


def failing(facts: list[SeatFact], *, day: datetime.date = DAY, has_committee: bool = True) -> set[str]:
    return evaluate(facts, day, has_committee=has_committee).failing_ids()


def result(compliance: Compliance, rule_id: str) -> tuple[bool, list[int]]:
    [found] = [r for r in compliance.results if r.id == rule_id]
    return found.ok, found.seats


def ok_ids(compliance: Compliance) -> set[str]:
    return {r.id for r in compliance.results if r.ok}


# --- a table of scenarios ----------------------------------------------------------------------------------------

SCENARIOS = [
    pytest.param(full(), set(), id="the-smallest-complete-committee-is-compliant"),
    pytest.param([], ALL_RULES, id="no-seat-fails-every-rule"),
    pytest.param(full(company=None), {"R3a"}, id="no-company-fails-R3a-only"),
    pytest.param(full(cpas=None), {"R4-employment"}, id="no-cpas-fails-emploi-only-as-the-forem-covers-R3b"),
    pytest.param(full(forem_training=None), {"R4-training"}, id="no-training-operator-fails-formation-only"),
    pytest.param(full(secondary_school=None), {"R3c", "R4-education"}, id="no-school-fails-R3c-and-enseignement"),
    pytest.param(full(company={"located": False}), {"R3a"}, id="a-company-outside-the-basin-is-not-local"),
    pytest.param(
        full(cpas={"located": False}), set(), id="one-local-operator-is-enough-for-R3b-when-the-other-is-outside"
    ),
    pytest.param(
        full(cpas={"located": False}, forem_training={"located": False}),
        {"R3b"},
        id="operators-all-outside-the-basin-fail-R3b-but-still-represent-their-components",
    ),
    pytest.param(
        full(secondary_school={"located": False}),
        {"R3c"},
        id="a-school-outside-the-basin-fails-R3c-but-still-represents-enseignement",
    ),
    pytest.param(
        full(secondary_school={"competent": False}), {"R3c"}, id="a-school-not-competent-in-the-theme-fails-R3c-only"
    ),
    pytest.param(
        full(company={"competent": False}, cpas={"competent": False}, forem_training={"competent": False}),
        set(),
        id="competence-in-the-theme-is-asked-of-education-operators-only",
    ),
    pytest.param(
        [dataclasses.replace(f, body_kind="working_group") for f in full()],
        R4,
        id="working-group-seats-count-for-R3-but-not-for-R4",
    ),
    pytest.param(full(company={"body": "working_group"}), set(), id="a-company-in-a-working-group-satisfies-R3a"),
    pytest.param(
        full(secondary_school={"body": "working_group"}),
        {"R4-education"},
        id="a-school-in-a-working-group-only-satisfies-R3c-not-enseignement",
    ),
    pytest.param(
        full(secondary_school={"role": "resource_person"}),
        {"R3c", "R4-education"},
        id="a-resource-person-represents-no-category-or-component",
    ),
    pytest.param(
        full(secondary_school={"role": "observer"}),
        {"R3c", "R4-education"},
        id="an-observer-represents-no-category-or-component",
    ),
    pytest.param(
        full(company={"role": "chair"}, cpas={"role": "vice_chair"}, forem_training={"role": "secretary"}),
        set(),
        id="chair-vice-chair-and-secretary-count-as-members",
    ),
    pytest.param(
        [*full(secondary_school=None), seat(None)],
        {"R3c", "R4-education"},
        id="a-seat-held-personally-counts-for-nothing",
    ),
    pytest.param(
        full(secondary_school={"held": False}), {"R3c", "R4-education"}, id="a-vacant-seat-counts-for-nothing"
    ),
    pytest.param(
        full(secondary_school={"end": DAY - ONE_DAY}),
        {"R3c", "R4-education"},
        id="a-seat-ended-the-day-before-is-ignored",
    ),
    pytest.param(full(secondary_school={"end": DAY}), set(), id="a-seat-ending-on-the-day-still-counts"),
    pytest.param(full(secondary_school={"start": DAY}), set(), id="a-seat-starting-on-the-day-counts"),
    pytest.param(
        full(secondary_school={"start": DAY + ONE_DAY}),
        {"R3c", "R4-education"},
        id="a-seat-starting-the-next-day-is-ignored",
    ),
    pytest.param(
        [
            *full(secondary_school={"located": False}),
            seat("adult_education", body="working_group", name="Promotion sociale de La Louvière"),
        ],
        set(),
        id="a-school-outside-the-basin-plus-a-local-one-in-a-working-group-is-compliant",
    ),
    pytest.param(
        [*full(secondary_school={"competent": False}), seat("cefa", role="observer")],
        {"R3c"},
        id="a-competent-observer-does-not-rescue-R3c",
    ),
    pytest.param(
        [*full(secondary_school=None), seat("cta", role="resource_person"), seat("expert", role="member")],
        {"R3c", "R4-education"},
        id="experts-and-resource-persons-do-not-replace-a-school",
    ),
    pytest.param(
        [*full(company=None), seat("development_agency", name="IDEA")],
        set(),
        id="an-intercommunale-de-developpement-economique-satisfies-R3a",
    ),
    pytest.param(
        [*full(company=None), seat("trade_union", name="FGTB Centre")],
        set(),
        id="a-local-social-partner-satisfies-R3a",
    ),
    pytest.param(
        [*full(cpas=None), seat("mire", name="MIRE Centre")],
        set(),
        id="a-mission-regionale-represents-emploi",
    ),
]


@pytest.mark.parametrize(("facts", "expected_failing"), SCENARIOS)
def test_the_engine_reads_article_18_as_the_table_says(facts: list[SeatFact], expected_failing: set[str]) -> None:
    compliance = evaluate(facts, DAY)
    assert compliance.failing_ids() == expected_failing
    assert compliance.compliant is (not expected_failing)


WORLDS = {
    "enseignement": (
        ["secondary_school", "cefa", "adult_education", "cta", "school_network"],
        {"R3c", "R4-education"},
    ),
    "formation": (
        ["forem_training", "ifapme", "competence_centre", "cisp", "literacy", "validation_centre"],
        {"R3b", "R4-training"},
    ),
    "emploi et insertion": (
        ["forem_advice", "mire", "employment_house", "cpas", "ale", "aviq", "cefo"],
        {"R3b", "R4-employment"},
    ),
    "entreprises et partenaires sociaux": (
        ["company", "employers_org", "trade_union", "sector_fund", "development_agency"],
        {"R3a"},
    ),
    "ressources": (["research", "epn", "higher_education", "expert"], set()),
}
TYPE_TABLE = [
    pytest.param(type, satisfied, id=f"{world}-{type}")
    for world, (types, satisfied) in WORLDS.items()
    for type in types
]


@pytest.mark.parametrize(("type", "satisfied"), TYPE_TABLE)
def test_each_organisation_type_satisfies_the_rules_of_its_world(type: str, satisfied: set[str]) -> None:
    """DESIGN.md §5: the world of a type gives its R3 category and its R4 component."""
    assert ok_ids(evaluate([seat(type)], DAY)) == satisfied


def test_every_organisation_type_is_in_the_table() -> None:
    assert {type for types, _satisfied in WORLDS.values() for type in types} == set(TYPES)


# --- explanations ------------------------------------------------------------------------------------------------


def test_a_satisfied_rule_names_the_organisations_and_seats_that_satisfy_it() -> None:
    facts = [
        seat("cpas", seat_id=7),
        seat("forem_training", seat_id=3),
        seat("ale", seat_id=5, name="ALE d’Estinnes", located=False),
    ]
    compliance = evaluate(facts, DAY)
    [r3b] = [r for r in compliance.results if r.id == "R3b"]
    assert r3b.ok
    assert r3b.explanation == "Satisfaite par\u00a0: CPAS de Mons, Le Forem Formation."
    assert r3b.seats == [3, 7]
    assert r3b.fix == ""


def test_a_category_with_only_organisations_outside_the_basin_says_so() -> None:
    compliance = evaluate(full(company={"located": False}), DAY)
    [r3a] = compliance.failing()
    assert r3a.id == "R3a"
    assert r3a.explanation == "Entreprise Dubois n’a aucune implantation dans le bassin."
    assert r3a.fix == (
        "Il manque une entreprise locale, une intercommunale de développement économique ou un partenaire social local."
    )
    assert r3a.seats == []


def test_a_school_not_competent_in_the_theme_is_named() -> None:
    [r3c] = evaluate(full(secondary_school={"competent": False}), DAY).failing()
    assert r3c.explanation == "Athénée royal de Mons n’est pas déclaré compétent dans la thématique du pôle."
    assert "compétent dans la thématique du pôle" in r3c.fix


def test_a_category_without_any_seat_says_none_is_in_force() -> None:
    [r3a] = evaluate(full(company=None), DAY).failing()
    assert r3a.explanation == "Aucun siège en vigueur ne relève de cette catégorie."


def test_a_missing_component_names_it() -> None:
    [r4] = evaluate(full(cpas=None), DAY).failing()
    assert r4.id == "R4-employment"
    assert r4.label == "Composante «\u00a0emploi\u00a0» représentée au comité de pilotage"
    assert r4.explanation == "Aucun siège en vigueur du comité ne relève de cette composante."
    assert r4.fix == "Il manque au comité de pilotage un représentant de la composante «\u00a0emploi\u00a0»."


def test_a_pole_without_a_steering_committee_fails_r4_for_that_reason() -> None:
    compliance = evaluate([], DAY, has_committee=False)
    r4 = [r for r in compliance.results if r.id in R4]
    assert len(r4) == 3
    assert all(r.explanation == "Le pôle n’a pas de comité de pilotage." for r in r4)


def test_the_verdict_and_its_dictionary() -> None:
    compliant = evaluate(full(), DAY)
    assert compliant.verdict == "conforme"
    broken = evaluate(full(company=None), DAY)
    assert broken.verdict == "non conforme"
    data = json.loads(json.dumps(broken.as_dict()))
    assert data["date"] == "2026-01-15"
    assert data["compliant"] is False
    assert [r["id"] for r in data["rules"]] == ["R3a", "R3b", "R3c", "R4-employment", "R4-training", "R4-education"]
    assert [r["ok"] for r in data["rules"]] == [False, True, True, True, True, True]
    assert data["warnings"] == []


def test_a_vacant_seat_in_force_warns_with_its_organisation() -> None:
    compliance = evaluate([*full(cpas={"held": False}), seat(None, held=False)], DAY)
    assert compliance.warnings == [
        "Siège vacant (ni représentant·e ni suppléant·e)\u00a0: CPAS de Mons.",
        "Siège vacant (ni représentant·e ni suppléant·e)\u00a0: ?.",
    ]


def test_a_vacant_seat_out_of_force_does_not_warn() -> None:
    compliance = evaluate(full(cpas={"held": False, "end": DAY - ONE_DAY}), DAY)
    assert compliance.warnings == []


# --- properties --------------------------------------------------------------------------------------------------

dates = st.dates(min_value=DAY - datetime.timedelta(days=400), max_value=DAY + datetime.timedelta(days=400))


@st.composite
def seat_facts(
    draw: st.DrawFn,
    roles: list[str] = ROLES,
    in_force: bool | None = None,
    held: bool | None = None,
) -> SeatFact:
    type = draw(st.none() | st.sampled_from(sorted(TYPES)))
    if in_force is None:
        start = draw(dates)
        end = draw(st.none() | st.dates(min_value=start, max_value=start + datetime.timedelta(days=800)))
    elif in_force:
        start = draw(st.dates(min_value=DAY - datetime.timedelta(days=400), max_value=DAY))
        end = draw(st.none() | st.dates(min_value=DAY, max_value=DAY + datetime.timedelta(days=400)))
    else:
        ended = st.dates(min_value=DAY - datetime.timedelta(days=400), max_value=DAY - ONE_DAY).flatmap(
            lambda start: st.tuples(st.just(start), st.dates(min_value=start, max_value=DAY - ONE_DAY))
        )
        not_begun = st.dates(min_value=DAY + ONE_DAY, max_value=DAY + datetime.timedelta(days=400)).flatmap(
            lambda start: st.tuples(
                st.just(start), st.none() | st.dates(min_value=start, max_value=start + datetime.timedelta(days=400))
            )
        )
        start, end = draw(ended | not_begun)
    return seat(
        type,
        body=draw(st.sampled_from(BODY_KINDS)),
        role=draw(st.sampled_from(roles)),
        located=draw(st.booleans()),
        competent=draw(st.booleans()),
        held=draw(st.booleans()) if held is None else held,
        start=start,
        end=end,
        name=f"Organisation {draw(st.integers(0, 5))}",
    )


def numbered(facts: list[SeatFact], first: int = 1) -> list[SeatFact]:
    return [dataclasses.replace(f, seat_id=first + i) for i, f in enumerate(facts)]


pole_seats = st.lists(seat_facts(), max_size=12).map(numbered)


def supporter_of(rule_id: str) -> st.SearchStrategy[SeatFact]:
    """A seat that satisfies `rule_id` on DAY all by itself."""
    wanted = {
        "R3a": lambda t: t.category == "a",
        "R3b": lambda t: t.category == "b",
        "R3c": lambda t: t.category == "c",
        "R4-employment": lambda t: t.component == "employment",
        "R4-training": lambda t: t.component == "training",
        "R4-education": lambda t: t.component == "education",
    }[rule_id]
    types = sorted(code for code, info in TYPES.items() if wanted(info))
    bodies = ["steering_committee"] if rule_id in R4 else BODY_KINDS
    return st.builds(
        lambda type, body, role, start: seat(type, body=body, role=role, start=start, seat_id=1000),
        st.sampled_from(types),
        st.sampled_from(bodies),
        st.sampled_from(COUNTED_ROLES),
        st.dates(min_value=DAY - datetime.timedelta(days=400), max_value=DAY),
    )


@given(facts=pole_seats, extra=seat_facts(), has_committee=st.booleans())
def test_adding_any_seat_never_breaks_a_satisfied_rule(
    facts: list[SeatFact], extra: SeatFact, has_committee: bool
) -> None:
    before = evaluate(facts, DAY, has_committee=has_committee)
    after = evaluate([*facts, dataclasses.replace(extra, seat_id=999)], DAY, has_committee=has_committee)
    assert ok_ids(before) <= ok_ids(after)


@given(facts=pole_seats)
def test_removing_a_counted_seat_breaks_its_rule_exactly_when_it_was_the_only_one(facts: list[SeatFact]) -> None:
    compliance = evaluate(facts, DAY)
    for rule in compliance.results:
        if not rule.ok:
            continue
        assert rule.seats, rule
        for seat_id in rule.seats:
            without = [f for f in facts if f.seat_id != seat_id]
            still_ok, _seats = result(evaluate(without, DAY), rule.id)
            assert still_ok is (len(rule.seats) > 1), (rule.id, seat_id, rule.seats)


@given(data=st.data(), rule_id=st.sampled_from(sorted(ALL_RULES)), facts=pole_seats)
def test_removing_the_only_seat_of_a_category_or_component_makes_its_rule_fail(
    data: st.DataObject, rule_id: str, facts: list[SeatFact]
) -> None:
    others = [f for f in facts if result(evaluate([f], DAY), rule_id)[0] is False]
    sole = data.draw(supporter_of(rule_id))
    ok, seats = result(evaluate([*others, sole], DAY), rule_id)
    assert ok
    assert seats == [1000]
    assert result(evaluate(others, DAY), rule_id)[0] is False


@given(facts=pole_seats, gone=st.lists(seat_facts(in_force=False), max_size=6))
def test_seats_out_of_force_on_the_day_are_ignored(facts: list[SeatFact], gone: list[SeatFact]) -> None:
    assert all(not f.in_force(DAY) for f in gone)
    assert evaluate([*facts, *numbered(gone, first=100)], DAY).as_dict() == evaluate(facts, DAY).as_dict()


@given(
    facts=pole_seats,
    bystanders=st.lists(seat_facts(roles=["observer", "resource_person"], in_force=True, held=True), max_size=6),
)
def test_observers_and_resource_persons_never_satisfy_r3_or_r4(
    facts: list[SeatFact], bystanders: list[SeatFact]
) -> None:
    assert evaluate(bystanders, DAY).failing_ids() == ALL_RULES
    assert evaluate([*facts, *numbered(bystanders, first=100)], DAY).as_dict() == evaluate(facts, DAY).as_dict()


@given(facts=pole_seats, personal=st.lists(seat_facts(in_force=True, held=True), max_size=6))
def test_seats_held_personally_never_satisfy_r3_or_r4(facts: list[SeatFact], personal: list[SeatFact]) -> None:
    personal = [dataclasses.replace(f, organisation=None, category=None, component=None) for f in personal]
    assert evaluate(personal, DAY).failing_ids() == ALL_RULES
    assert evaluate([*facts, *numbered(personal, first=100)], DAY).as_dict() == evaluate(facts, DAY).as_dict()


@given(facts=pole_seats, vacant=st.lists(seat_facts(in_force=True, held=False), min_size=1, max_size=6))
def test_vacant_seats_warn_and_count_for_nothing(facts: list[SeatFact], vacant: list[SeatFact]) -> None:
    before = evaluate(facts, DAY)
    after = evaluate([*facts, *numbered(vacant, first=100)], DAY)
    assert [(r.id, r.ok, r.seats) for r in after.results] == [(r.id, r.ok, r.seats) for r in before.results]
    assert len(after.warnings) == len(before.warnings) + len(vacant)
    assert all(w.startswith("Siège vacant") for w in after.warnings)


@given(facts=pole_seats)
def test_every_vacant_seat_in_force_warns_and_no_other(facts: list[SeatFact]) -> None:
    expected = sum(1 for f in facts if f.in_force(DAY) and not f.held)
    assert len(evaluate(facts, DAY).warnings) == expected


@given(facts=pole_seats)
def test_r3_does_not_depend_on_the_body_and_r4_reads_only_the_committee(facts: list[SeatFact]) -> None:
    in_committee = evaluate([dataclasses.replace(f, body_kind="steering_committee") for f in facts], DAY)
    in_groups = evaluate([dataclasses.replace(f, body_kind="working_group") for f in facts], DAY)
    for rule_id in sorted(R3):
        assert result(in_committee, rule_id) == result(in_groups, rule_id)
    assert in_groups.failing_ids() >= R4


@given(facts=pole_seats, located=st.booleans(), competent=st.booleans())
def test_location_and_competence_never_matter_for_r4(facts: list[SeatFact], located: bool, competent: bool) -> None:
    changed = [dataclasses.replace(f, located_in_basin=located, competent_in_theme=competent) for f in facts]
    before, after = evaluate(facts, DAY), evaluate(changed, DAY)
    for rule_id in sorted(R4):
        assert result(before, rule_id) == result(after, rule_id)


@given(facts=pole_seats)
def test_the_verdict_is_compliant_exactly_when_no_rule_fails(facts: list[SeatFact]) -> None:
    compliance = evaluate(facts, DAY)
    assert compliance.compliant is (compliance.failing_ids() == set())
    assert [r.id for r in compliance.results] == ["R3a", "R3b", "R3c", "R4-employment", "R4-training", "R4-education"]
