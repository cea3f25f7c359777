import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.accounts import services as account_services
from synergies.accounts.models import Invitation, Role
from synergies.basins.models import Basin, Commune
from synergies.directory import services
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.directory.tests.utils import plain
from synergies.lib.models import AuditEntry
from synergies.testing.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def audit_of(obj: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.for_object(obj).order_by("pk"))


def organisation_data(basin: Basin, **overrides: Any) -> dict[str, Any]:
    return {
        "basin": basin,
        "name": "Centre de formation du Centre",
        "acronym": "CFC",
        "type": "forem_training",
        "enterprise_number": "0403170701",
        "website": "https://cfc.example.org/",
        "email": "contact@cfc.example.org",
        "phone": "064 00 00 00",
        "description": "Formations qualifiantes.",
        "is_active": True,
        **overrides,
    }


# --- organisations ---------------------------------------------------------------------------------------------


def test_creating_an_organisation_saves_it_with_its_sites_and_an_audit_entry(
    basin: Basin, secretary: Any, commune: Callable[[str], Commune]
) -> None:
    organisation = services.create_organisation(
        organisation_data(basin), by=secretary, communes=[commune("La Louvière"), commune("Binche")]
    )
    organisation.refresh_from_db()
    assert organisation.slug == "centre-de-formation-du-centre"
    assert organisation.search_text == "centre de formation du centre cfc"
    sites = {s.commune.name: s.is_main for s in organisation.sites.select_related("commune")}
    assert sites == {"La Louvière": True, "Binche": False}
    [entry] = audit_of(organisation)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.verb == "organisation.create"
    assert entry.actor == secretary
    assert entry.changes["name"] == [None, "Centre de formation du Centre"]
    assert entry.changes["basin"] == [None, "Hainaut-Centre"]
    assert entry.changes["enterprise_number"] == [None, "0403170701"]
    assert entry.changes["communes"] == [None, ["Binche", "La Louvière"]]


def test_the_same_name_twice_gets_two_distinct_slugs(basin: Basin, other_basin: Basin, secretary: Any) -> None:
    first = services.create_organisation({"basin": basin, "name": "CPAS de Mons", "type": "cpas"}, by=secretary)
    second = services.create_organisation({"basin": other_basin, "name": "CPAS de Mons", "type": "cpas"}, by=secretary)
    third = services.create_organisation({"basin": other_basin, "name": "CPAS de Mons", "type": "cpas"}, by=secretary)
    assert [first.slug, second.slug, third.slug] == ["cpas-de-mons", "cpas-de-mons-2", "cpas-de-mons-3"]


def test_a_name_without_letters_still_gets_a_slug(basin: Basin, secretary: Any) -> None:
    organisation = services.create_organisation({"basin": basin, "name": "***", "type": "expert"}, by=secretary)
    assert organisation.slug == "organisation"


def test_unique_slug_ignores_the_organisation_itself(basin: Basin) -> None:
    organisation = OrganisationFactory.create(name="ALE d'Estinnes", slug="ale-destinnes")
    assert services.unique_slug("ALE d'Estinnes", exclude_pk=organisation.pk) == "ale-destinnes"
    assert services.unique_slug("ALE d'Estinnes") == "ale-destinnes-2"


def test_an_invalid_organisation_is_refused_and_nothing_is_written(basin: Basin, secretary: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation({"basin": basin, "name": "", "type": "nope"}, by=secretary)
    assert {"name", "type"} <= set(excinfo.value.message_dict)
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.filter(verb="organisation.create").count() == 0


def test_an_enterprise_number_already_taken_is_refused(basin: Basin, secretary: Any) -> None:
    services.create_organisation(organisation_data(basin), by=secretary)
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(organisation_data(basin, name="Autre"), by=secretary)
    assert "enterprise_number" in excinfo.value.message_dict
    assert Organisation.objects.count() == 1


def test_organisations_without_enterprise_number_do_not_clash(basin: Basin, secretary: Any) -> None:
    services.create_organisation(organisation_data(basin, enterprise_number=""), by=secretary)
    services.create_organisation(organisation_data(basin, name="Autre", enterprise_number=None), by=secretary)
    assert list(Organisation.objects.values_list("enterprise_number", flat=True)) == [None, None]


def test_updating_an_organisation_records_the_values_before_and_after(
    basin: Basin, secretary: Any, platform_admin: Any, commune: Callable[[str], Commune]
) -> None:
    organisation = services.create_organisation(organisation_data(basin), by=secretary, communes=[commune("Mons")])
    services.update_organisation(
        organisation,
        {"name": "Centre de formation de Mons", "phone": "065 11 11 11", "slug": "hack", "is_active": False},
        by=platform_admin,
        communes=[commune("Jurbise"), commune("Mons")],
    )
    organisation.refresh_from_db()
    assert organisation.name == "Centre de formation de Mons"
    assert organisation.slug == "centre-de-formation-du-centre"
    assert organisation.is_active is False
    entry = audit_of(organisation)[-1]
    assert entry.verb == "organisation.update"
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor == platform_admin
    assert entry.changes == {
        "name": ["Centre de formation du Centre", "Centre de formation de Mons"],
        "phone": ["064 00 00 00", "065 11 11 11"],
        "is_active": [True, False],
        "communes": [["Mons"], ["Jurbise", "Mons"]],
    }
    assert {s.commune.name: s.is_main for s in organisation.sites.select_related("commune")} == {
        "Jurbise": True,
        "Mons": False,
    }


def test_an_update_that_changes_nothing_writes_no_audit_entry(basin: Basin, secretary: Any) -> None:
    organisation = services.create_organisation(organisation_data(basin), by=secretary)
    services.update_organisation(organisation, {"name": organisation.name}, by=secretary)
    assert [e.verb for e in audit_of(organisation)] == ["organisation.create"]


def test_updating_the_communes_drops_the_sites_no_longer_wanted(
    basin: Basin, secretary: Any, commune: Callable[[str], Commune]
) -> None:
    organisation = services.create_organisation(
        organisation_data(basin), by=secretary, communes=[commune("Mons"), commune("Dour")]
    )
    services.update_organisation(organisation, {}, by=secretary, communes=[commune("Dour")])
    assert [(s.commune.name, s.is_main) for s in organisation.sites.select_related("commune")] == [("Dour", True)]
    services.update_organisation(organisation, {}, by=secretary, communes=None)
    assert organisation.sites.count() == 1
    services.update_organisation(organisation, {}, by=secretary, communes=[])
    assert organisation.sites.count() == 0


def test_an_invalid_update_is_refused(basin: Basin, secretary: Any) -> None:
    organisation = services.create_organisation(organisation_data(basin), by=secretary)
    with pytest.raises(ValidationError):
        services.update_organisation(organisation, {"email": "pas-une-adresse"}, by=secretary)
    organisation.refresh_from_db()
    assert organisation.email == "contact@cfc.example.org"


def test_secretariat_basins_are_those_of_the_role_and_all_for_an_admin(
    basin: Basin, secretary: Any, platform_admin: Any, outsider: Any
) -> None:
    assert list(services.secretariat_basins(secretary)) == [basin]
    assert services.secretariat_basins(platform_admin).count() == Basin.objects.count() == 10
    assert list(services.secretariat_basins(outsider)) == []


# --- people ----------------------------------------------------------------------------------------------------


def test_creating_a_person_with_consent_records_when(basin: Basin, secretary: Any) -> None:
    before = timezone.now()
    person = services.create_person(
        {"basin": basin, "first_name": "Aurélie", "last_name": "Delhaye", "email": "a@x.be", "public_consent": True},
        by=secretary,
    )
    assert person.consent_recorded_at is not None
    assert person.consent_recorded_at >= before
    [entry] = audit_of(person)
    assert entry.verb == "person.create"
    assert entry.changes["last_name"] == [None, "Delhaye"]
    assert entry.changes["public_consent"] == [None, True]


def test_creating_a_person_without_consent_records_no_consent_date(basin: Basin, secretary: Any) -> None:
    person = services.create_person({"basin": basin, "first_name": "Marc", "last_name": "Dupont"}, by=secretary)
    assert person.public_consent is False
    assert person.consent_recorded_at is None


def test_a_person_needs_a_name(basin: Basin, secretary: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.create_person({"basin": basin, "first_name": "", "last_name": ""}, by=secretary)
    assert {"first_name", "last_name"} <= set(excinfo.value.message_dict)
    assert Person.objects.count() == 0


def test_giving_consent_sets_the_date_and_withdrawing_it_clears_it(basin: Basin, secretary: Any) -> None:
    person = services.create_person({"basin": basin, "first_name": "Marc", "last_name": "Dupont"}, by=secretary)
    services.update_person(person, {"public_consent": True}, by=secretary)
    given_at = person.consent_recorded_at
    assert given_at is not None
    services.update_person(person, {"phone": "0470 00 00 00"}, by=secretary)
    assert person.consent_recorded_at == given_at
    services.update_person(person, {"public_consent": False}, by=secretary)
    person.refresh_from_db()
    assert person.consent_recorded_at is None
    changes = [e.changes for e in audit_of(person)[1:]]
    assert changes == [
        {"public_consent": [False, True]},
        {"phone": ["", "0470 00 00 00"]},
        {"public_consent": [True, False]},
    ]


def test_an_update_of_a_person_that_changes_nothing_writes_no_audit_entry(basin: Basin, secretary: Any) -> None:
    person = services.create_person({"basin": basin, "first_name": "Marc", "last_name": "Dupont"}, by=secretary)
    services.update_person(person, {"first_name": "Marc"}, by=secretary)
    assert len(audit_of(person)) == 1


# --- affiliations ----------------------------------------------------------------------------------------------


def test_adding_an_affiliation_links_the_person_and_logs_it(basin: Basin, secretary: Any) -> None:
    person, organisation = PersonFactory.create(), OrganisationFactory.create(name="CPAS de Quévy", type="cpas")
    affiliation = services.add_affiliation(
        person, organisation, function="Assistante sociale", start_date=datetime.date(2024, 1, 1), by=secretary
    )
    assert list(person.affiliations.all()) == [affiliation]
    entry = audit_of(person)[-1]
    assert entry.verb == "affiliation.create"
    assert entry.changes == {"affiliation": [None, "CPAS de Quévy — Assistante sociale"]}


def test_an_affiliation_that_ends_before_it_starts_is_refused(basin: Basin, secretary: Any) -> None:
    person, organisation = PersonFactory.create(), OrganisationFactory.create()
    with pytest.raises(ValidationError):
        services.add_affiliation(
            person,
            organisation,
            start_date=datetime.date(2024, 6, 1),
            end_date=datetime.date(2024, 5, 31),
            by=secretary,
        )
    assert Affiliation.objects.count() == 0


def test_an_affiliation_may_end_the_day_it_starts(basin: Basin, secretary: Any) -> None:
    day = datetime.date(2024, 6, 1)
    affiliation = services.add_affiliation(
        PersonFactory.create(), OrganisationFactory.create(), start_date=day, end_date=day, by=secretary
    )
    assert affiliation.end_date == day


def test_ending_an_affiliation_sets_today_and_logs_it(basin: Basin, secretary: Any) -> None:
    affiliation = services.add_affiliation(
        PersonFactory.create(),
        OrganisationFactory.create(name="ALE"),
        start_date=datetime.date(2020, 1, 1),
        by=secretary,
    )
    services.end_affiliation(affiliation, by=secretary)
    affiliation.refresh_from_db()
    assert affiliation.end_date == timezone.localdate()
    assert affiliation.is_current
    entry = audit_of(affiliation.person)[-1]
    assert entry.verb == "affiliation.end"
    assert entry.changes == {"affiliation ALE": [None, str(timezone.localdate())]}


def test_ending_an_affiliation_before_its_start_is_refused_in_french(basin: Basin, secretary: Any) -> None:
    affiliation = services.add_affiliation(
        PersonFactory.create(), OrganisationFactory.create(), start_date=datetime.date(2030, 1, 1), by=secretary
    )
    with pytest.raises(ValidationError) as excinfo:
        services.end_affiliation(affiliation, on=datetime.date(2029, 12, 31), by=secretary)
    assert plain(excinfo.value.messages[0]) == "La fin ne peut précéder le début de l’affiliation."
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


# --- invitations -----------------------------------------------------------------------------------------------


def test_inviting_a_person_sends_an_e_mail_once_committed_and_links_the_account(
    basin: Basin, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(first_name="Julie", last_name="Lambert", email="Julie.Lambert@cisp.example")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invite_person(person, by=secretary)
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["julie.lambert@cisp.example"]
    assert message.subject.startswith("[Synergies] ")
    assert "/compte/invitation/" in message.body
    person.refresh_from_db()
    assert person.user == invitation.user
    assert person.user is not None
    assert person.user.email == "julie.lambert@cisp.example"
    assert person.user.full_name == "Julie Lambert"
    assert person.user.is_active is False
    assert invitation.role == ""


def test_no_e_mail_leaves_when_the_invitation_is_rolled_back(
    basin: Basin, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    owner = PersonFactory.create(email="shared@example.org")
    services.invite_person(owner, by=secretary)
    mailoutbox.clear()
    twin = PersonFactory.create(email="shared@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as excinfo:
        services.invite_person(twin, by=secretary)
    assert excinfo.value.code == "taken"
    assert owner.full_name in plain(excinfo.value.messages[0])
    assert callbacks == []
    assert mailoutbox == []
    twin.refresh_from_db()
    assert twin.user is None
    assert Invitation.objects.count() == 1


def test_inviting_someone_without_e_mail_address_is_refused_clearly(basin: Basin, secretary: Any) -> None:
    person = PersonFactory.create(email="")
    with pytest.raises(ValidationError) as excinfo:
        services.invite_person(person, by=secretary)
    assert excinfo.value.code == "no_email"
    assert plain(excinfo.value.messages[0]) == "Ajoutez d’abord une adresse e-mail à cette personne."
    assert Invitation.objects.count() == 0


def test_inviting_someone_who_already_has_an_active_account_is_refused(basin: Basin, secretary: Any) -> None:
    UserFactory.create(email="actif@example.org")
    person = PersonFactory.create(email="actif@example.org")
    with pytest.raises(ValidationError) as excinfo:
        services.invite_person(person, by=secretary)
    assert excinfo.value.code == "already_active"


def test_inviting_as_secretariat_grants_the_role_of_the_persons_basin_once_accepted(
    basin: Basin, other_basin: Basin, platform_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(basin=other_basin, email="nouvelle@namur.example")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_person(person, by=platform_admin, as_secretariat=True)
    user = invitation.user
    assert invitation.role == Role.SECRETARIAT
    assert invitation.scope == other_basin
    assert not user.has_role(Role.SECRETARIAT)

    account_services.accept_invitation(invitation, password="un mot de passe solide 2026")
    user.refresh_from_db()
    user.__dict__.pop("role_scopes", None)
    assert user.is_active
    assert user.has_role(Role.SECRETARIAT, other_basin)
    assert not user.has_role(Role.SECRETARIAT, basin)
    assert user.has_perm("directory.change_person", person)


def test_inviting_again_revokes_the_previous_invitation(
    basin: Basin, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(email="deux-fois@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.invite_person(person, by=secretary)
        second = services.invite_person(person, by=secretary)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_usable
    assert len(mailoutbox) == 1
    assert person.user == second.user == first.user
