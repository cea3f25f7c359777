import pytest

from synergies.directory.models import Organisation
from synergies.directory.types import (
    TYPE_CHOICES,
    TYPES,
    Component,
    R3Category,
    World,
    grouped_type_choices,
    types_of_world,
)

# DESIGN §5: which world each kind of organisation belongs to.
EXPECTED_WORLD = {
    "secondary_school": World.EDUCATION,
    "cefa": World.EDUCATION,
    "adult_education": World.EDUCATION,
    "cta": World.EDUCATION,
    "school_network": World.EDUCATION,
    "forem_training": World.TRAINING,
    "ifapme": World.TRAINING,
    "competence_centre": World.TRAINING,
    "cisp": World.TRAINING,
    "literacy": World.TRAINING,
    "validation_centre": World.TRAINING,
    "forem_advice": World.EMPLOYMENT,
    "mire": World.EMPLOYMENT,
    "employment_house": World.EMPLOYMENT,
    "cpas": World.EMPLOYMENT,
    "ale": World.EMPLOYMENT,
    "aviq": World.EMPLOYMENT,
    "cefo": World.EMPLOYMENT,
    "company": World.BUSINESS,
    "employers_org": World.BUSINESS,
    "trade_union": World.BUSINESS,
    "sector_fund": World.BUSINESS,
    "development_agency": World.BUSINESS,
    "research": World.RESOURCES,
    "epn": World.RESOURCES,
    "higher_education": World.RESOURCES,
    "expert": World.RESOURCES,
}

# DESIGN §5: R3 category and R4 component of each world.
EXPECTED_LAW = {
    World.EDUCATION: (R3Category.C, Component.EDUCATION),
    World.TRAINING: (R3Category.B, Component.TRAINING),
    World.EMPLOYMENT: (R3Category.B, Component.EMPLOYMENT),
    World.BUSINESS: (R3Category.A, None),
    World.RESOURCES: (None, None),
}


def test_every_type_of_the_design_exists_and_no_other() -> None:
    assert set(TYPES) == set(EXPECTED_WORLD)


@pytest.mark.parametrize(("code", "world"), sorted(EXPECTED_WORLD.items()))
def test_each_type_belongs_to_its_world(code: str, world: World) -> None:
    assert TYPES[code].world == world
    assert TYPES[code].code == code


@pytest.mark.parametrize("code", sorted(EXPECTED_WORLD))
def test_each_type_carries_the_r3_category_and_r4_component_of_its_world(code: str) -> None:
    category, component = EXPECTED_LAW[EXPECTED_WORLD[code]]
    assert TYPES[code].category == category
    assert TYPES[code].component == component


@pytest.mark.parametrize(
    ("code", "category", "component"),
    [
        ("secondary_school", "c", "education"),
        ("cefa", "c", "education"),
        ("cisp", "b", "training"),
        ("literacy", "b", "training"),
        ("cpas", "b", "employment"),
        ("forem_advice", "b", "employment"),
        ("company", "a", None),
        ("development_agency", "a", None),
        ("trade_union", "a", None),
        ("epn", None, None),
        ("higher_education", None, None),
    ],
)
def test_known_examples_of_the_law_hold(code: str, category: str | None, component: str | None) -> None:
    assert TYPES[code].category == category
    assert TYPES[code].component == component


def test_every_world_has_at_least_one_type_and_the_worlds_partition_the_types() -> None:
    seen: list[str] = []
    for world in World:
        codes = types_of_world(world)
        assert codes, world
        seen.extend(codes)
    assert sorted(seen) == sorted(TYPES)


def test_types_of_an_unknown_world_is_empty() -> None:
    assert types_of_world("nowhere") == []


def test_the_choices_offer_every_type_with_a_french_label() -> None:
    labels = dict(TYPE_CHOICES)
    assert set(labels) == set(TYPES)
    assert str(labels["cisp"]) == "Centre d'insertion socioprofessionnelle (CISP)"
    assert str(labels["company"]) == "Entreprise"
    assert str(World.EMPLOYMENT.label) == "Emploi et insertion"


def test_grouped_choices_put_each_type_under_its_world_once() -> None:
    groups = grouped_type_choices()
    assert [str(label) for label, _ in groups] == [str(w.label) for w in World]
    flattened = [code for _, options in groups for code, _label in options]
    assert sorted(flattened) == sorted(TYPES)
    for (_label, options), world in zip(groups, World, strict=True):
        assert all(TYPES[code].world == world for code, _ in options)


def test_an_organisation_exposes_the_world_category_and_component_of_its_type() -> None:
    school = Organisation(type="cefa")
    assert school.world == World.EDUCATION
    assert school.category == R3Category.C
    assert school.component == Component.EDUCATION
    company = Organisation(type="company")
    assert company.category == R3Category.A
    assert company.component is None
