"""axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on any page type, public or staff."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.accounts.services import invite_user
from synergies.accounts.tokens import invitation_token
from synergies.directory.demo import DEMO_DOMAIN
from synergies.directory.models import Organisation, Person
from synergies.portal.tests.browser.axe import describe, violations
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(tab: Any, path: str) -> None:
    tab.go(path)
    found = violations(tab.page)
    assert not found, f"{path}\n{describe(found)}"


def test_public_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    organisation = Organisation.objects.active().order_by("pk").first()
    assert organisation is not None
    for path in [
        "/",
        "/bassins/",
        "/bassins/namur/",
        "/annuaire/",
        "/annuaire/?monde=training&commune=mons",
        "/annuaire/?q=aucun-resultat-possible",
        "/annuaire/?page=2",
        organisation.get_absolute_url(),
        "/mentions-legales/",
        "/vie-privee/",
        "/accessibilite/",
        "/compte/connexion/",
        "/compte/mot-de-passe/oublie/",
        "/compte/mot-de-passe/oublie/envoye/",
        "/compte/mot-de-passe/nouveau/MQ/lien-perime/",
        "/compte/invitation/lien-invalide/",
        "/page-qui-n-existe-pas/",
        "/en/",
        "/en/annuaire/",
    ]:
        assert_accessible(tab, path)


def test_forms_showing_errors_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    tab.go("/compte/connexion/")
    tab.get_by_label("Adresse e-mail").fill("personne@example.org")
    tab.get_by_label("Mot de passe").fill("faux")
    tab.get_by_role("button", name="Se connecter").click()
    expect(tab.locator(".form-errors")).to_be_visible()
    found = violations(tab.page)
    assert not found, describe(found)


def test_the_invitation_page_has_no_accessibility_violation(tab: Any, demo: None) -> None:
    from synergies.accounts.models import User

    secretary = User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")
    invitation = invite_user(email="nouvelle@example.org", full_name="Nina Nouvelle", by=secretary)
    assert_accessible(tab, f"/compte/invitation/{invitation_token(invitation)}/")


def test_staff_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    expect(tab.locator("h1")).to_have_text("Activer la double authentification")
    found = violations(tab.page)
    assert not found, "enrolment\n" + describe(found)
    tab.get_by_label("Code").fill("000000")
    tab.get_by_role("button", name="Activer").click()
    found = violations(tab.page)
    assert not found, "enrolment with an error\n" + describe(found)
    enrol_second_factor(tab)

    person = Person.objects.filter(basin__code="hainaut-centre").exclude(email="").order_by("pk").first()
    organisation = Organisation.objects.filter(basin__code="hainaut-centre").order_by("pk").first()
    assert person is not None and organisation is not None
    for path in [
        "/annuaire/personnes/",
        f"/annuaire/personnes/{person.pk}/",
        f"/annuaire/personnes/{person.pk}/modifier/",
        f"/annuaire/personnes/{person.pk}/effacer/",
        "/annuaire/personnes/ajouter/",
        "/annuaire/ajouter/",
        f"{organisation.get_absolute_url()}modifier/",
        organisation.get_absolute_url(),
        "/annuaire/importer/",
        "/annuaire/effacements/",
        "/gestion/journal/",
        "/gestion/journal/?operation=organisation",
        "/compte/double-authentification/",
        "/compte/mes-donnees/",
        "/compte/mot-de-passe/",
    ]:
        assert_accessible(tab, path)

    tab.go("/annuaire/ajouter/")
    tab.get_by_role("button", name="Enregistrer").click()
    found = violations(tab.page)
    assert not found, "organisation form with errors\n" + describe(found)

    tab.go("/annuaire/importer/")
    tab.get_by_label(re.compile("^Fichier CSV")).set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": "Nom;Type\nÉcole X;inconnu\n".encode()}]
    )
    tab.get_by_role("button", name="Importer").click()
    expect(tab.locator("#problemes")).to_be_visible()
    found = violations(tab.page)
    assert not found, "import with problems\n" + describe(found)

    tab.get_by_role("button", name="Se déconnecter").click()
    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    expect(tab.locator("h1")).to_have_text("Vérification en deux étapes")
    found = violations(tab.page)
    assert not found, "verification\n" + describe(found)


def test_a_contributor_s_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    log_in(tab, f"contributeur@{DEMO_DOMAIN}")
    expect(tab.locator(".account-name")).to_be_visible()
    for path in ["/", "/compte/mes-donnees/", "/compte/mot-de-passe/"]:
        assert_accessible(tab, path)


def test_the_checker_itself_reports_a_violation_with_its_selector(tab: Any, live_server: Any) -> None:
    tab.page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><img id="sans-alt" src="x.png">'
        '<p style="color:#bbb;background:#fff">Texte trop pâle</p></main></body></html>'
    )
    found = {v["id"]: v for v in violations(tab.page)}
    assert "image-alt" in found and "color-contrast" in found
    assert "#sans-alt" in describe(list(found.values()))


def test_pole_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    from synergies.poles.models import Seat

    for path in [
        "/poles/",
        "/poles/hainaut-centre/CB/",
        "/poles/hainaut-centre/CB/conformite/?date=2019-01-01",
        "/poles/hainaut-centre/CO/",
        "/poles/hainaut-centre/CB/modalites/",
    ]:
        assert_accessible(tab, path)

    log_in(tab, f"membre@{DEMO_DOMAIN}")
    assert_accessible(tab, "/poles/hainaut-centre/CB/membres/")
    tab.get_by_role("button", name="Se déconnecter").click()

    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)
    seat = (
        Seat.objects.filter(body__pole__code="CB", body__kind="steering_committee", role="member")
        .order_by("pk")
        .first()
    )
    assert seat is not None
    for path in [
        "/poles/gestion/",
        "/poles/hainaut-centre/CB/membres/",
        "/poles/hainaut-centre/CB/mandats/",
        "/poles/hainaut-centre/CO/mandats/",
        "/poles/hainaut-centre/CB/modifier/",
        "/poles/hainaut-centre/CB/organes/ajouter/",
        "/poles/hainaut-centre/CB/organes/savoir-etre-et-employeurs/",
        f"/poles/hainaut-centre/CB/sieges/{seat.pk}/",
        f"/poles/hainaut-centre/CB/sieges/{seat.pk}/fin/",
    ]:
        assert_accessible(tab, path)

    tab.go("/poles/hainaut-centre/CB/organes/comite-de-pilotage/sieges/ajouter/")
    tab.get_by_role("button", name="Enregistrer le siège").click()
    found = violations(tab.page)
    assert not found, "seat form with errors\n" + describe(found)

    assert_accessible(tab, "/poles/hainaut-centre/CB/composition/importer/")
    tab.get_by_label(re.compile("^Fichier de composition")).set_input_files(
        files=[
            {
                "name": "composition.csv",
                "mimeType": "text/csv",
                "buffer": b"Organe;Organisation\nInconnu;Personne\n",
            }
        ]
    )
    tab.get_by_role("button", name="Importer").click()
    expect(tab.locator("#problemes")).to_be_visible()
    found = violations(tab.page)
    assert not found, "composition import with problems\n" + describe(found)
