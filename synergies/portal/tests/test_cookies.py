"""Public pages set no cookie for an anonymous visitor: no consent banner is needed to read the platform."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session

from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/bassins/",
    "/bassins/hainaut-centre/",
    "/annuaire/",
    "/mentions-legales/",
    "/vie-privee/",
    "/accessibilite/",
    "/en/",
    "/en/annuaire/",
    "/en/bassins/",
    "/en/mentions-legales/",
    "/en/vie-privee/",
    "/en/accessibilite/",
]


@pytest.fixture
def organisation(reference_data: None) -> Any:
    return OrganisationFactory(name="Centre Alpha", slug="centre-alpha")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_sets_no_cookie(client, reference_data, organisation, path):
    response = client.get(path)

    assert response.status_code == 200, path
    assert not response.cookies, (path, list(response.cookies))
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("path", ["/annuaire/organisations/centre-alpha/", "/en/annuaire/organisations/centre-alpha/"])
def test_an_organisation_page_sets_no_cookie(client, organisation, path):
    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies


def test_the_directory_s_search_and_pages_set_no_cookie(client, organisation):
    for path in ("/annuaire/?q=alpha", "/annuaire/?page=1", "/annuaire/export.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path


def test_a_missing_page_sets_no_cookie(client, reference_data):
    response = client.get("/annuaire/organisations/inconnue/")

    assert response.status_code == 404
    assert not response.cookies


def test_browsing_the_public_site_opens_no_session(client, organisation):
    for path in ("/", "/annuaire/", "/annuaire/organisations/centre-alpha/", "/bassins/", "/vie-privee/"):
        client.get(path)

    assert not Session.objects.exists()
    assert not client.cookies
