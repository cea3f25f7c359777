"""`manage.py load_demo`: idempotent, and its printed accounts really log in.

The demo is loaded once for the module, inside a transaction rolled back when the module ends; each test runs in its
own savepoint within it (a second run, where a test makes one, is rolled back with the test).
"""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from synergies.accounts.models import Role
from synergies.basins.models import Basin, Commune, PriorityTheme
from synergies.directory.models import Affiliation, Organisation, Person, Site
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """What the first `load_demo` printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        "basins": Basin.objects.count(),
        "communes": Commune.objects.count(),
        "themes": PriorityTheme.objects.count(),
        "organisations": Organisation.objects.count(),
        "sites": Site.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "users": get_user_model().objects.count(),
    }


def printed_accounts(output: str) -> tuple[str, list[str]]:
    password = re.search(r"mot de passe\s*:\s*(\S+)\)", output)
    assert password, output
    emails = re.findall(r"^\s+(\S+@\S+)\s", output, flags=re.MULTILINE)
    return password.group(1), emails


def test_loading_the_demo_twice_changes_nothing(first_run: str, db: Any) -> None:
    first = counts()
    output = load_demo()
    assert counts() == first
    assert first["basins"] == 10
    assert first["communes"] == 25
    assert first["organisations"] == 46  # the directory's 40 and the 6 the catalogue's demo adds
    assert 60 <= first["people"] <= 65
    assert first["users"] == 6
    assert first["affiliations"] >= first["people"] - 1
    assert first["themes"] == 6
    assert "Données de démonstration chargées." in output


def test_every_demo_organisation_is_active_in_hainaut_centre_with_a_site(first_run: str, db: Any) -> None:
    assert set(Organisation.objects.values_list("basin__code", flat=True)) == {"hainaut-centre"}
    assert not Organisation.objects.filter(sites__isnull=True).exists()
    assert Organisation.objects.active().count() == 46
    assert len(set(Organisation.objects.values_list("slug", flat=True))) == 46
    assert Organisation.objects.matching("ecole").count() >= 1
    assert Organisation.objects.matching("roeulx").count() == 1


def test_the_demo_has_people_with_and_without_public_consent(first_run: str, db: Any) -> None:
    assert Person.objects.filter(public_consent=True).exists()
    assert Person.objects.filter(public_consent=False).exists()


def test_the_printed_demo_accounts_log_in_with_the_printed_password(first_run: str, db: Any) -> None:
    password, emails = printed_accounts(first_run)
    assert len(emails) == 6
    for email in emails:
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": email, "password": password})
        assert response.status_code == 302, email
        assert client.session.get("_auth_user_id"), email


def test_a_second_run_does_not_change_the_demo_passwords(first_run: str, db: Any) -> None:
    password, emails = printed_accounts(load_demo())
    assert Client().login(username=emails[0], password=password)


def test_the_demo_accounts_hold_the_roles_they_are_printed_with(first_run: str, db: Any) -> None:
    output = first_run
    users = get_user_model().objects
    admin = users.get(email__startswith="admin@")
    secretary = users.get(email__startswith="secretariat@")
    namur = users.get(email__startswith="secretariat.namur@")
    contributor = users.get(email__startswith="contributeur@")
    visitor = users.get(email__startswith="visiteur@")
    hainaut, namur_basin = Basin.objects.get(code="hainaut-centre"), Basin.objects.get(code="namur")
    assert admin.is_platform_admin
    assert secretary.has_role(Role.SECRETARIAT, hainaut)
    assert namur.has_role(Role.SECRETARIAT, namur_basin)
    assert not namur.has_role(Role.SECRETARIAT, hainaut)
    assert not contributor.has_role(Role.SECRETARIAT)
    assert contributor.person.affiliations.get().organisation.type == "cisp"
    assert not visitor.has_role(Role.SECRETARIAT)
    assert "secrétariat Hainaut-Centre" in output

    people_url = reverse("directory:people")
    for user, status in ((admin, 200), (secretary, 200), (namur, 200), (contributor, 403), (visitor, 403)):
        client = log_in(Client(), user)
        assert client.get(people_url).status_code == status, user.email
