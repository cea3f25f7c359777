"""The error pages: French, with the right status, even when the database is what failed."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from synergies.directory.tests.utils import page_text
from synergies.portal import views

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_the_french_404_page(client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/cette-page-nexiste-pas/")
    assert response.status_code == 404
    text = page_text(response)
    assert '<html lang="fr-BE">' in text
    assert "<h1>Page introuvable</h1>" in text
    assert "La page demandée n'existe pas ou plus." in text
    assert 'href="/"' in text


def test_a_missing_page_under_the_directory_is_also_french(client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/annuaire/organisations/inconnue/")
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


def test_a_forbidden_page_gets_the_french_403_page(outsider_client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = outsider_client.get("/annuaire/personnes/")
    assert response.status_code == 403
    text = page_text(response)
    assert '<html lang="fr-BE">' in text
    assert "<h1>Accès refusé</h1>" in text
    assert "Vous n'avez pas les droits nécessaires pour voir cette page." in text


def test_the_403_handler_renders_french_on_its_own(db: Any) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = views.error_403(request, PermissionDenied())
    assert response.status_code == 403
    assert "Accès refusé" in page_text(response)


def test_the_500_handler_renders_a_french_page(db: Any) -> None:
    response = views.error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    text = page_text(response)
    assert '<html lang="fr-BE">' in text
    assert "<h1>Une erreur est survenue</h1>" in text
    assert "Le serveur n’a pas pu traiter votre demande." in text
    assert "Retour à l’accueil" in text


def test_the_500_handler_works_without_a_database(db: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = views.error_500(RequestFactory().get("/"))
    assert response.status_code == 500


def test_an_exception_in_a_view_gets_the_french_500_page(client: Client, settings: Any, monkeypatch: Any) -> None:
    settings.DEBUG = False

    class BrokenBasins:
        @property
        def objects(self) -> Any:
            raise RuntimeError("la base de données ne répond pas")

    monkeypatch.setattr(views, "Basin", BrokenBasins())
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    text = page_text(response)
    assert '<html lang="fr-BE">' in text
    assert "Une erreur est survenue" in text
