import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory, SiteFactory

pytestmark = pytest.mark.django_db


def names(queryset: Any) -> list[str]:
    return sorted(o.name for o in queryset)


def test_active_leaves_out_archived_organisations(basin: Basin) -> None:
    OrganisationFactory.create(name="Ouverte")
    OrganisationFactory.create(name="Fermée", is_active=False)
    assert names(Organisation.objects.active()) == ["Ouverte"]


def test_of_world_keeps_the_types_of_that_world_only(basin: Basin) -> None:
    OrganisationFactory.create(name="École", type="secondary_school")
    OrganisationFactory.create(name="CEFA", type="cefa")
    OrganisationFactory.create(name="CISP", type="cisp")
    OrganisationFactory.create(name="Entreprise", type="company")
    assert names(Organisation.objects.of_world("education")) == ["CEFA", "École"]
    assert names(Organisation.objects.of_world("business")) == ["Entreprise"]
    assert names(Organisation.objects.of_world("resources")) == []


def test_of_type_keeps_that_type_only(basin: Basin) -> None:
    OrganisationFactory.create(name="CPAS", type="cpas")
    OrganisationFactory.create(name="ALE", type="ale")
    assert names(Organisation.objects.of_type("cpas")) == ["CPAS"]


def test_in_commune_finds_an_organisation_by_any_of_its_sites_once(
    basin: Basin, commune: Callable[[str], Commune]
) -> None:
    mons, jurbise, binche = commune("Mons"), commune("Jurbise"), commune("Binche")
    both = OrganisationFactory.create(name="Mons et Jurbise")
    SiteFactory.create(organisation=both, commune=mons, is_main=True)
    SiteFactory.create(organisation=both, commune=jurbise, is_main=False)
    SiteFactory.create(organisation=both, commune=jurbise, address="Rue de la Gare 2", is_main=False)
    SiteFactory.create(organisation=OrganisationFactory.create(name="Binche seulement"), commune=binche)
    assert names(Organisation.objects.in_commune(jurbise)) == ["Mons et Jurbise"]
    assert names(Organisation.objects.in_commune(mons)) == ["Mons et Jurbise"]
    assert names(Organisation.objects.in_commune(binche)) == ["Binche seulement"]


def test_in_sub_area_finds_each_organisation_once_even_with_several_sites_there(
    basin: Basin, commune: Callable[[str], Commune]
) -> None:
    borinage = OrganisationFactory.create(name="Borinage")
    SiteFactory.create(organisation=borinage, commune=commune("Mons"))
    SiteFactory.create(organisation=borinage, commune=commune("Boussu"), is_main=False)
    SiteFactory.create(organisation=OrganisationFactory.create(name="Centre"), commune=commune("La Louvière"))
    assert names(Organisation.objects.in_sub_area("Mons-Borinage")) == ["Borinage"]
    assert Organisation.objects.in_sub_area("Mons-Borinage").count() == 1
    assert names(Organisation.objects.in_sub_area("Centre")) == ["Centre"]


@pytest.mark.parametrize("text", ["ecole", "ÉCOLE", "École", "  ecole  ", "ecole metiers", "MÉTIERS école"])
def test_matching_ignores_case_and_accents(basin: Basin, text: str) -> None:
    OrganisationFactory.create(name="École des Métiers du Centre")
    OrganisationFactory.create(name="Centre de formation")
    assert names(Organisation.objects.matching(text)) == ["École des Métiers du Centre"]


def test_matching_finds_the_acronym_and_ligatures(basin: Basin) -> None:
    OrganisationFactory.create(name="Mission régionale pour l'emploi", acronym="MIRE-C")
    OrganisationFactory.create(name="CPAS de Le Rœulx")
    assert names(Organisation.objects.matching("mire")) == ["Mission régionale pour l'emploi"]
    assert names(Organisation.objects.matching("roeulx")) == ["CPAS de Le Rœulx"]
    assert names(Organisation.objects.matching("Rœulx")) == ["CPAS de Le Rœulx"]


def test_matching_requires_every_word(basin: Basin) -> None:
    OrganisationFactory.create(name="École de Mons")
    OrganisationFactory.create(name="École de Binche")
    assert names(Organisation.objects.matching("ecole mons")) == ["École de Mons"]
    assert names(Organisation.objects.matching("ecole namur")) == []


def test_matching_an_empty_text_keeps_everything(basin: Basin) -> None:
    OrganisationFactory.create(name="A")
    OrganisationFactory.create(name="B")
    assert Organisation.objects.matching("   ").count() == 2


def test_matching_follows_a_rename(basin: Basin) -> None:
    organisation = OrganisationFactory.create(name="Ancien nom")
    organisation.name = "Nouvelle École"
    organisation.save(update_fields=["name"])
    assert names(Organisation.objects.matching("nouvelle ecole")) == ["Nouvelle École"]
    assert names(Organisation.objects.matching("ancien")) == []


@pytest.fixture
def records(basin: Basin, other_basin: Basin) -> None:
    OrganisationFactory.create(basin=basin, name="HC ouverte")
    OrganisationFactory.create(basin=basin, name="HC archivée", is_active=False)
    OrganisationFactory.create(basin=other_basin, name="Namur ouverte")
    OrganisationFactory.create(basin=other_basin, name="Namur archivée", is_active=False)


def test_anonymous_visitors_see_active_organisations_only(records: None) -> None:
    assert names(Organisation.objects.visible_to(AnonymousUser())) == ["HC ouverte", "Namur ouverte"]


def test_people_without_a_role_see_active_organisations_only(records: None, outsider: Any, contributor: Any) -> None:
    assert "HC archivée" not in names(Organisation.objects.visible_to(outsider))
    assert "Namur archivée" not in names(Organisation.objects.visible_to(outsider))
    assert "HC archivée" not in names(Organisation.objects.visible_to(contributor))


def test_a_secretariat_sees_the_archived_organisations_of_its_own_basin_only(
    records: None, secretary: Any, other_secretary: Any
) -> None:
    assert names(Organisation.objects.visible_to(secretary)) == ["HC archivée", "HC ouverte", "Namur ouverte"]
    assert names(Organisation.objects.visible_to(other_secretary)) == ["HC ouverte", "Namur archivée", "Namur ouverte"]


def test_a_platform_admin_sees_every_organisation(records: None, platform_admin: Any) -> None:
    assert len(names(Organisation.objects.visible_to(platform_admin))) == 4


def test_a_deactivated_secretariat_account_sees_only_active_organisations(records: None, secretary: Any) -> None:
    secretary.is_active = False
    secretary.save()
    assert "HC archivée" not in names(Organisation.objects.visible_to(secretary))


def test_managed_by_gives_a_secretariat_its_basin_and_nobody_else_anything(
    records: None, secretary: Any, other_secretary: Any, platform_admin: Any, outsider: Any
) -> None:
    assert names(Organisation.objects.managed_by(secretary)) == ["HC archivée", "HC ouverte"]
    assert names(Organisation.objects.managed_by(other_secretary)) == ["Namur archivée", "Namur ouverte"]
    assert len(names(Organisation.objects.managed_by(platform_admin))) == 4
    assert names(Organisation.objects.managed_by(outsider)) == []
    assert names(Organisation.objects.managed_by(AnonymousUser())) == []


def test_people_managed_by_follow_the_basin_of_the_secretariat(
    basin: Basin, other_basin: Any, secretary: Any, other_secretary: Any, platform_admin: Any, outsider: Any
) -> None:
    hainaut = PersonFactory.create(basin=basin, last_name="Hainaut")
    namur = PersonFactory.create(basin=other_basin, last_name="Namur")
    assert list(Person.objects.managed_by(secretary)) == [hainaut]
    assert list(Person.objects.managed_by(other_secretary)) == [namur]
    assert set(Person.objects.managed_by(platform_admin)) == {hainaut, namur}
    assert list(Person.objects.managed_by(outsider)) == []
    assert list(Person.objects.managed_by(AnonymousUser())) == []


def test_people_matching_searches_names_and_e_mail_ignoring_accents(basin: Basin) -> None:
    PersonFactory.create(first_name="Aurélie", last_name="Delhaye", email="a.delhaye@example.org")
    PersonFactory.create(first_name="Marc", last_name="Dupont", email="marc@cpas.example")
    assert [p.last_name for p in Person.objects.matching("aurelie")] == ["Delhaye"]
    assert [p.last_name for p in Person.objects.matching("cpas.example")] == ["Dupont"]
    assert [p.last_name for p in Person.objects.matching("DELHAYE aurélie")] == ["Delhaye"]


def test_current_and_public_affiliations(basin: Basin) -> None:
    today = datetime.date.today()
    consenting = PersonFactory.create(public_consent=True)
    discreet = PersonFactory.create(public_consent=False)
    organisation = OrganisationFactory.create()
    current = AffiliationFactory.create(person=consenting, organisation=organisation)
    AffiliationFactory.create(
        person=consenting,
        organisation=organisation,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    AffiliationFactory.create(
        person=consenting, organisation=organisation, start_date=today + datetime.timedelta(days=5)
    )
    hidden = AffiliationFactory.create(person=discreet, organisation=organisation)
    assert set(Affiliation.objects.current()) == {current, hidden}
    assert list(Affiliation.objects.public()) == [current]
