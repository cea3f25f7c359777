"""The public pages of the portal: home, basins, legal pages; in French, with the landmarks of an accessible page."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.basins.models import Basin
from synergies.directory.tests.utils import bulk_organisations, page_text
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def assert_accessible_french_page(text: str) -> None:
    assert '<html lang="fr-BE">' in text
    assert '<a class="skip-link" href="#contenu">Aller au contenu principal</a>' in text
    assert '<main id="contenu" tabindex="-1">' in text
    assert text.count("<main") == 1
    assert '<nav class="main-nav" aria-label="Navigation principale">' in text
    assert '<header class="site-header" role="banner">' in text
    assert '<footer class="site-footer" role="contentinfo">' in text
    assert text.count("<h1") == 1


def test_the_home_page_is_the_default_basins_page_in_french(client: Client, basin: Basin) -> None:
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert_accessible_french_page(text)
    assert "<h1>Instance Bassin EFE Hainaut-Centre</h1>" in text
    assert "<title>Instance Bassin EFE Hainaut-Centre — Synergies</title>" in text
    assert 'href="/" aria-current="page">Accueil</a>' in text
    assert "Mentions légales" in text
    assert "Se connecter" in text


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/bassins/", "Les Bassins EFE — Synergies"),
        ("/annuaire/", "Annuaire des organisations — Synergies"),
        ("/mentions-legales/", "Mentions légales — Synergies"),
        ("/compte/connexion/", "Connexion — Synergies"),
    ],
)
def test_each_page_title_names_the_page_then_the_site(client: Client, basin: Basin, url: str, title: str) -> None:
    assert f"<title>{title}</title>" in page_text(client.get(url))


def test_the_home_page_counts_active_organisations_by_world(client: Client, basin: Basin, other_basin: Basin) -> None:
    OrganisationFactory.create(basin=basin, type="cefa")
    OrganisationFactory.create(basin=basin, type="secondary_school")
    OrganisationFactory.create(basin=basin, type="cisp")
    OrganisationFactory.create(basin=basin, type="company", is_active=False)
    OrganisationFactory.create(basin=other_basin, type="company")
    text = page_text(client.get("/"))
    assert "<strong>3</strong> organisations" in text
    assert '<strong>2</strong> <a href="/annuaire/?bassin=hainaut-centre&monde=education">Enseignement</a>' in text
    assert '<strong>1</strong> <a href="/annuaire/?bassin=hainaut-centre&monde=training">Formation</a>' in text
    assert (
        '<strong>0</strong> <a href="/annuaire/?bassin=hainaut-centre&monde=business">'
        "Entreprises et partenaires sociaux</a>"
    ) in text


def test_the_home_page_shows_the_territory_by_sub_area_with_links_to_the_directory(
    client: Client, basin: Basin
) -> None:
    text = page_text(client.get("/"))
    assert "<h3>Mons-Borinage</h3>" in text
    assert "<h3>Centre</h3>" in text
    assert '<a href="/annuaire/?bassin=hainaut-centre&commune=la-louviere">La Louvière</a>' in text
    assert text.count('<a href="/annuaire/?bassin=hainaut-centre&commune=') == 25


def test_the_home_page_lists_the_latest_active_organisations(client: Client, basin: Basin) -> None:
    OrganisationFactory.create(basin=basin, name="Ancienne", is_active=False)
    OrganisationFactory.create(basin=basin, name="Toute nouvelle école", type="secondary_school")
    text = page_text(client.get("/"))
    assert "Dernières organisations ajoutées" in text
    assert "Toute nouvelle école" in text
    assert "Ancienne" not in text


def test_without_the_default_basin_the_home_page_lists_the_basins(client: Client, db: Any, settings: Any) -> None:
    settings.DEFAULT_BASIN = "nowhere"
    Basin.objects.create(code="test", name="Bassin de test")
    text = page_text(client.get("/"))
    assert "Les Bassins Enseignement qualifiant – Formation – Emploi" in text
    assert "Bassin de test" in text


def test_the_basin_list_shows_the_ten_basins_with_their_directory_counts(
    client: Client, basin: Basin, other_basin: Basin
) -> None:
    OrganisationFactory.create(basin=other_basin)
    OrganisationFactory.create(basin=other_basin)
    response = client.get(reverse("portal:basins"))
    assert response.status_code == 200
    text = page_text(response)
    assert_accessible_french_page(text)
    assert text.count('<li class="card">') == 10
    for name in ["Brabant wallon", "Wallonie picarde", "Hainaut-Centre", "Namur", "Liège", "Bruxelles"]:
        assert f">{name}</a>" in text
    assert "2 organisations dans l’annuaire" in text
    assert re.search(r"<p class=\"muted\">0 organisations? dans l’annuaire</p>", text)


def test_another_basin_has_its_own_page(client: Client, other_basin: Basin) -> None:
    OrganisationFactory.create(basin=other_basin, name="CPAS de Namur", type="cpas")
    response = client.get(reverse("portal:basin", args=["namur"]))
    assert response.status_code == 200
    text = page_text(response)
    assert_accessible_french_page(text)
    assert "<h1>Instance Bassin EFE Namur</h1>" in text
    assert "<strong>1</strong> organisation<" in text, "French puts one organisation in the singular"
    assert "CPAS de Namur" in text
    assert 'href="/annuaire/?bassin=namur"' in text


def test_an_unknown_basin_is_a_french_404(client: Client, basin: Basin) -> None:
    response = client.get(reverse("portal:basin", args=["atlantide"]))
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


@pytest.mark.parametrize(
    ("name", "title", "phrase"),
    [
        ("portal:legal_notice", "Mentions légales", "Creative Commons Attribution 4.0"),
        ("portal:privacy", "Vie privée et protection des données", "Autorité de protection des données"),
        ("portal:accessibility", "Déclaration d’accessibilité", "EN 301 549 (WCAG 2.1 niveau AA)"),
    ],
)
def test_the_legal_pages_are_served_in_french(client: Client, db: Any, name: str, title: str, phrase: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = page_text(response)
    assert_accessible_french_page(text)
    assert f"<h1>{title}</h1>" in text
    assert phrase in text


def test_the_footer_links_every_legal_page(client: Client, db: Any) -> None:
    text = page_text(client.get(reverse("portal:legal_notice")))
    for name in ("portal:legal_notice", "portal:privacy", "portal:accessibility"):
        assert f'href="{reverse(name)}"' in text


def test_the_navigation_shows_staff_links_to_the_secretariat_only(
    client: Client, outsider_client: Client, secretary_client: Client, admin_client_: Client, basin: Basin
) -> None:
    for user_client in (client, outsider_client):
        assert 'href="/annuaire/personnes/"' not in page_text(user_client.get("/"))
    for user_client in (secretary_client, admin_client_):
        text = page_text(user_client.get("/"))
        assert 'href="/annuaire/personnes/"' in text
        assert 'href="/annuaire/importer/"' in text
        assert "Se déconnecter" in text


@pytest.mark.parametrize("url", ["/", "/bassins/", "/bassins/hainaut-centre/"])
def test_portal_pages_run_as_many_queries_with_1000_organisations_as_with_10(
    client: Client, basin: Basin, url: str
) -> None:
    bulk_organisations(basin, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    bulk_organisations(basin, 990, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.status_code == 200
