"""Named users and shared fixtures, defined once for every app's tests (DESIGN.md §7)."""

from __future__ import annotations

from typing import Any

import openpyxl  # noqa: F401  (imported before any test freezes time: it maps date types to Excel formats at import)
import pytest
from django.test import Client

from synergies.accounts.models import Role
from synergies.accounts.services import grant_role
from synergies.basins.models import Basin
from synergies.basins.reference import load_reference_data
from synergies.testing.auth import log_in
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    """Each test starts with an empty cache (feeds, login throttling): nothing leaks from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(db: Any) -> None:
    load_reference_data()


@pytest.fixture
def basin(reference_data: None) -> Basin:
    return Basin.objects.get(code="hainaut-centre")


@pytest.fixture
def other_basin(reference_data: None) -> Basin:
    return Basin.objects.get(code="namur")


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return UserFactory(email="admin@example.org", full_name="Ada Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def secretary(basin: Basin, platform_admin: Any) -> Any:
    user = UserFactory(email="secretariat@example.org", full_name="Sam Secrétariat")
    grant_role(user, Role.SECRETARIAT, basin, by=platform_admin)
    return user


@pytest.fixture
def other_secretary(other_basin: Basin, platform_admin: Any) -> Any:
    user = UserFactory(email="namur@example.org", full_name="Nora Namur")
    grant_role(user, Role.SECRETARIAT, other_basin, by=platform_admin)
    return user


@pytest.fixture
def contributor(basin: Basin) -> Any:
    user = UserFactory(email="contributeur@example.org", full_name="Chris Contributeur")
    person = PersonFactory(basin=basin, first_name="Chris", last_name="Contributeur", email=user.email, user=user)
    AffiliationFactory(person=person, organisation=OrganisationFactory(basin=basin, type="cisp"))
    return user


@pytest.fixture
def member(basin: Basin) -> Any:
    """A person of the basin with an account. Holds no seat yet: the pôles (a later layer) will give them one."""
    user = UserFactory(email="membre@example.org", full_name="Morgane Membre")
    PersonFactory(basin=basin, first_name="Morgane", last_name="Membre", email=user.email, user=user)
    return user


@pytest.fixture
def outsider(db: Any) -> Any:
    return UserFactory(email="outsider@example.org", full_name="Oscar Outsider")


def _client_for(user: Any) -> Client:
    return log_in(Client(), user)


@pytest.fixture
def secretary_client(secretary: Any) -> Client:
    return _client_for(secretary)


@pytest.fixture
def other_secretary_client(other_secretary: Any) -> Client:
    return _client_for(other_secretary)


@pytest.fixture
def admin_client(platform_admin: Any) -> Client:
    """Replaces pytest-django's fixture: our platform admin, past the second factor."""
    return _client_for(platform_admin)


@pytest.fixture
def admin_client_(admin_client: Client) -> Client:
    return admin_client


@pytest.fixture
def outsider_client(outsider: Any) -> Client:
    return _client_for(outsider)


@pytest.fixture
def contributor_client(contributor: Any) -> Client:
    return _client_for(contributor)
