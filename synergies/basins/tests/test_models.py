"""basins.models: how basins, communes, chambers and themes show and link."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from synergies.basins.models import Chamber, Commune, CommuneAlias, PriorityTheme

pytestmark = pytest.mark.django_db


def test_a_basin_is_shown_by_name_and_links_to_its_public_page(basin, client):
    assert str(basin) == "Hainaut-Centre"
    assert basin.get_absolute_url() == "/bassins/hainaut-centre/"
    assert client.get(basin.get_absolute_url()).status_code == 200


def test_a_basin_names_its_instance(basin):
    assert str(basin.instance_name) == "Instance Bassin EFE Hainaut-Centre"


def test_a_basin_without_communes_has_no_sub_area(other_basin):
    assert other_basin.sub_areas() == []


def test_communes_chambers_and_aliases_are_shown_readably(reference_data):
    assert str(Commune.objects.get(nis_code="58001")) == "La Louvière"
    assert str(CommuneAlias.objects.get(nis_code="55022")) == "55022 → La Louvière"
    assert str(Chamber.objects.get(sub_area="Centre")) == "Chambre Emploi-Formation Centre"
    assert Chamber.objects.get(sub_area="Centre").get_kind_display() == "Chambre Emploi-Formation"


def test_communes_are_listed_alphabetically(basin):
    names = list(basin.communes.values_list("name", flat=True))

    assert names[:3] == ["Anderlues", "Binche", "Boussu"]
    assert len(names) == 25


def test_a_basin_with_communes_cannot_be_deleted(basin):
    with pytest.raises(ProtectedError):
        basin.delete()


def test_an_old_nis_code_cannot_point_to_two_communes(reference_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommuneAlias.objects.create(
            commune=Commune.objects.get(nis_code="53053"), nis_code="55022", valid_until="2018-12-31"
        )


def test_two_chambers_of_a_basin_cannot_share_a_name(basin):
    with pytest.raises(IntegrityError), transaction.atomic():
        Chamber.objects.create(basin=basin, kind=Chamber.Kind.EDUCATION, name="Chambre Emploi-Formation Centre")


def test_a_theme_title_is_unique_per_report_of_a_basin(basin, other_basin):
    PriorityTheme.objects.create(basin=basin, report_year=2025, kind=PriorityTheme.Kind.SECTOR, title="Construction")
    PriorityTheme.objects.create(basin=basin, report_year=2026, kind=PriorityTheme.Kind.SECTOR, title="Construction")
    PriorityTheme.objects.create(
        basin=other_basin, report_year=2025, kind=PriorityTheme.Kind.SECTOR, title="Construction"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityTheme.objects.create(
            basin=basin, report_year=2025, kind=PriorityTheme.Kind.OCCUPATION, title="Construction"
        )


def test_themes_are_listed_newest_report_first(basin):
    PriorityTheme.objects.create(basin=basin, report_year=2024, kind=PriorityTheme.Kind.FIELD, title="Logistique")
    PriorityTheme.objects.create(basin=basin, report_year=2026, kind=PriorityTheme.Kind.FIELD, title="Soins")

    assert [str(theme) for theme in basin.themes.all()] == ["Soins (2026)", "Logistique (2024)"]
