"""basins.reference: the ten basins, Hainaut-Centre's 25 communes with their old NIS codes, and its chambers."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from synergies.basins.models import Basin, Chamber, Commune, CommuneAlias
from synergies.basins.reference import load_reference_data

pytestmark = pytest.mark.django_db

COUNTS = {"basins": 10, "communes": 25, "aliases": 6, "chambers": 3}

OLD_CODES = {
    "55022": ("La Louvière", "58001"),
    "56011": ("Binche", "58002"),
    "56085": ("Estinnes", "58003"),
    "56087": ("Morlanwelz", "58004"),
    "52043": ("Manage", "55086"),
    "52063": ("Seneffe", "55085"),
}


def _counts() -> dict[str, int]:
    return {
        "basins": Basin.objects.count(),
        "communes": Commune.objects.count(),
        "aliases": CommuneAlias.objects.count(),
        "chambers": Chamber.objects.count(),
    }


def test_loading_gives_ten_basins_25_communes_6_old_codes_and_3_chambers():
    assert load_reference_data() == COUNTS
    assert _counts() == COUNTS


def test_loading_twice_changes_no_count_and_no_row():
    load_reference_data()
    before = {
        "basins": list(Basin.objects.order_by("pk").values()),
        "communes": list(Commune.objects.order_by("pk").values()),
        "aliases": list(CommuneAlias.objects.order_by("pk").values()),
        "chambers": list(Chamber.objects.order_by("pk").values()),
    }

    assert load_reference_data() == COUNTS

    assert before == {
        "basins": list(Basin.objects.order_by("pk").values()),
        "communes": list(Commune.objects.order_by("pk").values()),
        "aliases": list(CommuneAlias.objects.order_by("pk").values()),
        "chambers": list(Chamber.objects.order_by("pk").values()),
    }


def test_loading_again_repairs_reference_rows_edited_by_hand(reference_data):
    Commune.objects.filter(nis_code="55050").update(name="Ecaussines", postal_code="7000", sub_area="?")
    Basin.objects.filter(code="namur").update(name="Namur-Dinant", order=99)

    load_reference_data()

    commune = Commune.objects.get(nis_code="55050")
    assert (commune.name, commune.postal_code, commune.sub_area) == ("Écaussinnes", "7190", "Centre")
    assert Basin.objects.values_list("name", "order").get(code="namur") == ("Namur", 4)
    assert _counts() == COUNTS


def test_the_management_command_loads_and_reports_the_counts():
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert out.getvalue().strip() == "basins: 10, communes: 25, aliases: 6, chambers: 3"
    assert _counts() == COUNTS


def test_the_ten_basins_come_in_their_usual_order(reference_data):
    assert list(Basin.objects.values_list("code", flat=True)) == [
        "brabant-wallon",
        "wallonie-picarde",
        "hainaut-centre",
        "hainaut-sud",
        "namur",
        "luxembourg",
        "huy-waremme",
        "liege",
        "verviers",
        "bruxelles",
    ]
    assert Basin.objects.get(code="liege").name == "Liège"


def test_every_commune_belongs_to_hainaut_centre_in_one_of_its_two_sub_areas(basin):
    assert set(Commune.objects.values_list("basin", flat=True)) == {basin.pk}
    assert basin.sub_areas() == ["Centre", "Mons-Borinage"]
    assert basin.communes.filter(sub_area="Mons-Borinage").count() == 13
    assert basin.communes.filter(sub_area="Centre").count() == 12


@pytest.mark.parametrize(
    ("name", "nis_code", "postal_code", "sub_area"),
    [
        ("Écaussinnes", "55050", "7190", "Centre"),
        ("Anderlues", "56001", "6150", "Centre"),
        ("Le Rœulx", "55035", "7070", "Centre"),
        ("La Louvière", "58001", "7100", "Centre"),
        ("Chapelle-lez-Herlaimont", "52010", "7160", "Centre"),
        ("Mons", "53053", "7000", "Mons-Borinage"),
        ("Quiévrain", "53068", "7380", "Mons-Borinage"),
        ("Honnelles", "53083", "7387", "Mons-Borinage"),
    ],
)
def test_communes_have_their_nis_and_postal_codes(reference_data, name, nis_code, postal_code, sub_area):
    commune = Commune.objects.get(name=name)

    assert (commune.nis_code, commune.postal_code, commune.sub_area) == (nis_code, postal_code, sub_area)


def test_the_six_old_nis_codes_point_to_the_merged_communes(reference_data):
    aliases = {alias.nis_code: (alias.commune.name, alias.commune.nis_code) for alias in CommuneAlias.objects.all()}

    assert aliases == OLD_CODES
    assert set(CommuneAlias.objects.values_list("valid_until", flat=True)) == {datetime.date(2018, 12, 31)}


@pytest.mark.parametrize(("old", "expected"), list(OLD_CODES.items()))
def test_a_commune_is_found_by_its_old_nis_code(reference_data, old, expected):
    name, new = expected

    commune = Commune.objects.by_code(old)

    assert commune is not None
    assert (commune.name, commune.nis_code) == (name, new)
    assert Commune.objects.by_code(new) == commune


def test_a_commune_is_found_by_its_current_code_even_with_spaces(reference_data):
    commune = Commune.objects.by_code(" 56001 ")

    assert commune is not None
    assert commune.name == "Anderlues"


@pytest.mark.parametrize("code", ["99999", "", "7190", "5505"])
def test_an_unknown_code_finds_no_commune(reference_data, code):
    assert Commune.objects.by_code(code) is None


def test_by_code_works_within_a_filtered_queryset(reference_data, other_basin):
    assert Commune.objects.filter(basin=other_basin).by_code("55022") is None
    assert Commune.objects.filter(sub_area="Centre").by_code("55022") == Commune.objects.get(name="La Louvière")


def test_commune_slugs_are_unique_readable_ascii(reference_data):
    slugs = dict(Commune.objects.values_list("name", "slug"))

    assert len(set(slugs.values())) == 25
    assert slugs["Écaussinnes"] == "ecaussinnes"
    assert slugs["Le Rœulx"] == "le-roeulx"
    assert slugs["Chapelle-lez-Herlaimont"] == "chapelle-lez-herlaimont"
    assert all(slug.isascii() for slug in slugs.values())


def test_hainaut_centre_has_one_education_chamber_and_two_employment_training_chambers(basin):
    chambers = {(c.kind, c.name, c.sub_area) for c in basin.chambers.all()}

    assert chambers == {
        (Chamber.Kind.EDUCATION, "Chambre Enseignement Hainaut-Centre", ""),
        (Chamber.Kind.EMPLOYMENT_TRAINING, "Chambre Emploi-Formation Mons-Borinage", "Mons-Borinage"),
        (Chamber.Kind.EMPLOYMENT_TRAINING, "Chambre Emploi-Formation Centre", "Centre"),
    }
